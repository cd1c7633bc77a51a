// The native client (`modelhub download`, `lock`, `sync`, `cache`) against a real `modelhub serve`:
// the on-disk cache compared byte for byte with spec/hub-api.md §2.3, resume after SIGKILL
// (bytes counted server-side by a counting proxy in front of the server), two processes on one
// cache, offline mode, a lockfile round trip and a corrupt blob caught by `cache verify`.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { createServer, request as httpRequest } from "node:http";
import {
  existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, writeFileSync,
} from "node:fs";
import { join } from "node:path";
import {
  commit, createRepo, gitBlobSha1, lfsUpload, modelhubBin, startServer, tempDir,
} from "./lib/harness.mjs";

const sha256 = (b) => createHash("sha256").update(b).digest("hex");
const BIG = 40 * 1024 * 1024 + 12345;  // three 16 MiB ranges, the last one short

let server;
let repo;
let mainSha;
let bigBuf;
const files = {
  "config.json": Buffer.from('{"model_type": "bert"}\n'),
  "README.md": Buffer.from("---\nlicense: mit\n---\n# client test\n"),
  "sub/dir/tokenizer.json": Buffer.from('{"vocab": {}}\n'),
};

function run(args, { env = {}, cwd } = {}) {
  const res = spawnSync(modelhubBin(), args, {
    env: { ...process.env, HF_HUB_OFFLINE: "", ...env }, cwd, encoding: "utf8", timeout: 120000,
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

// Async spawn: the counting proxy lives in this process, so the event loop must keep running.
function runAsync(args, { env = {} } = {}) {
  const child = spawn(modelhubBin(), args, { env: { ...process.env, HF_HUB_OFFLINE: "", ...env } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const done = new Promise((res) => child.on("exit", (code, signal) => res({ code, signal, stdout, stderr })));
  return { child, done };
}

const dl = (cache, extra = [], opts = {}) =>
  run(["download", repo.id, "--cache-dir", cache, "--endpoint", server.url, "--token", server.token, ...extra], opts);

// Checks a cache folder against spec §2.3 for `paths` at `sha`.
function assertLayout(cache, sha, paths) {
  const root = join(cache, "models--admin--client-dl");
  assert.equal(readFileSync(join(root, "refs", "main"), "utf8"), sha, "refs/main holds the sha, no newline");
  for (const path of paths) {
    const content = path === "big.safetensors" ? bigBuf : files[path];
    const etag = path === "big.safetensors" ? sha256(bigBuf) : gitBlobSha1(content);
    const link = join(root, "snapshots", sha, path);
    assert.ok(lstatSync(link).isSymbolicLink(), `${path} is a symlink`);
    const depth = path.split("/").length - 1;
    assert.equal(readlinkSync(link), "../".repeat(depth + 2) + `blobs/${etag}`);
    assert.ok(readFileSync(join(root, "blobs", etag)).equals(content), `${path} blob bytes`);
    assert.ok(existsSync(join(cache, ".locks", "models--admin--client-dl", `${etag}.lock`)), `${path} lock file`);
  }
  const leftovers = readdirSync(join(root, "blobs")).filter((n) => n.includes("."));
  assert.deepEqual(leftovers, [], "no partial files left in blobs/");
}

// A proxy in front of the server that counts body bytes of /resolve/ answers and records Range
// headers; `delayMs` per 64 KiB slows transfers so a SIGKILL lands mid-download.
function countingProxy(target, { delayMs = 0 } = {}) {
  const stats = { bytes: 0, ranges: [] };
  const upstream = new URL(target);
  const proxy = createServer((req, res) => {
    if (req.url.includes("/resolve/") && req.method === "GET") stats.ranges.push(req.headers.range ?? "");
    const out = httpRequest({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode, up.headers);
      const counted = req.url.includes("/resolve/");
      up.on("data", (chunk) => {
        if (counted) stats.bytes += chunk.length;
        if (!res.write(chunk) || delayMs) {
          up.pause();
          const resume = () => setTimeout(() => up.resume(), delayMs);
          if (res.writableNeedDrain) res.once("drain", resume); else resume();
        }
      });
      up.on("end", () => res.end());
    });
    out.on("error", () => res.destroy());
    res.on("close", () => out.destroy());
    req.pipe(out);
  });
  return new Promise((resolve) => proxy.listen(0, "127.0.0.1", () =>
    resolve({ url: `http://127.0.0.1:${proxy.address().port}`, stats, close: () => new Promise((r) => { proxy.closeAllConnections(); proxy.close(r); }) })));
}

before(async () => {
  server = await startServer();
  repo = createRepo(server, "client-dl");
  bigBuf = randomBytes(BIG);
  const up = lfsUpload(server, repo, { buf: bigBuf });
  mainSha = commit(server, repo, [
    ...Object.entries(files).map(([path, content]) => ({ path, content })),
    { path: "big.safetensors", lfs: { oid: up.oid, size: BIG } },
  ]).commitOid;
});

after(async () => {
  await server?.stop();
});

describe("modelhub download", () => {
  test("snapshot: exact huggingface_hub layout, path on stdout, no-op rerun", () => {
    const cache = tempDir();
    const res = dl(cache);
    assert.equal(res.code, 0, res.stderr);
    const snapshot = join(cache, "models--admin--client-dl", "snapshots", mainSha);
    assert.equal(res.stdout.trim(), snapshot);
    assertLayout(cache, mainSha, [...Object.keys(files), "big.safetensors"]);
    const again = dl(cache, ["--json"]);
    assert.equal(again.code, 0, again.stderr);
    const events = again.stdout.trim().split("\n").map((l) => JSON.parse(l));
    assert.ok(events.filter((e) => e.event === "cached").length >= 4);
    assert.equal(events.filter((e) => e.event === "start").length, 0, "nothing transferred");
    assert.equal(events.at(-1).event, "done");
    assert.equal(events.at(-1).bytes, 0);
  });

  test("one file prints its path; a missing file leaves .no_exist and exits 3", () => {
    const cache = tempDir();
    const res = dl(cache, ["sub/dir/tokenizer.json"]);
    assert.equal(res.code, 0, res.stderr);
    assert.equal(res.stdout.trim(), join(cache, "models--admin--client-dl", "snapshots", mainSha, "sub/dir/tokenizer.json"));
    assertLayout(cache, mainSha, ["sub/dir/tokenizer.json"]);
    const missing = dl(cache, ["nope.txt"]);
    assert.equal(missing.code, 3, missing.stderr);
    assert.match(missing.stderr, /nope\.txt/);
    assert.equal(missing.stderr.trim().split("\n").length, 1, "one line");
    assert.ok(existsSync(join(cache, "models--admin--client-dl", ".no_exist", mainSha, "nope.txt")));
  });

  test("include/exclude globs and --local-dir metadata", () => {
    const cache = tempDir();
    const res = dl(cache, ["--include", "*.json", "--exclude", "sub/"]);
    assert.equal(res.code, 0, res.stderr);
    assert.deepEqual(readdirSync(join(cache, "models--admin--client-dl", "snapshots", mainSha)), ["config.json"]);
    const local = tempDir();
    const res2 = dl(cache, ["--local-dir", local, "--include", "*.md"]);
    assert.equal(res2.code, 0, res2.stderr);
    assert.ok(readFileSync(join(local, "README.md")).equals(files["README.md"]));
    const meta = readFileSync(join(local, ".cache/huggingface/download/README.md.metadata"), "utf8").split("\n");
    assert.equal(meta[0], mainSha);
    assert.equal(meta[1], gitBlobSha1(files["README.md"]));
    assert.match(meta[2], /^\d+\.\d+$/);
  });

  test("offline mode answers from the cache without a server, exit 8 otherwise", () => {
    const cache = tempDir();
    assert.equal(dl(cache, ["config.json"]).code, 0);
    const env = { HF_HUB_OFFLINE: "1", HF_HUB_CACHE: cache, HF_ENDPOINT: "http://127.0.0.1:9" };
    const res = run(["download", repo.id, "config.json"], { env });
    assert.equal(res.code, 0, res.stderr);
    assert.equal(res.stdout.trim(), join(cache, "models--admin--client-dl", "snapshots", mainSha, "config.json"));
    const missing = run(["download", repo.id, "README.md"], { env });
    assert.equal(missing.code, 8, missing.stderr);
    const other = run(["download", "admin/never-seen"], { env });
    assert.equal(other.code, 8, other.stderr);
  });

  test("bad token and unknown repo give one line and exit codes 4 and 3", () => {
    const cache = tempDir();
    const bad = run(["download", repo.id, "--cache-dir", cache, "--endpoint", server.url, "--token", "hf_wrong"]);
    assert.ok([3, 4].includes(bad.code), bad.stderr);
    const unknown = run(["download", "admin/does-not-exist", "--cache-dir", cache, "--endpoint", server.url, "--token", server.token]);
    assert.equal(unknown.code, 3, unknown.stderr);
    assert.equal(unknown.stderr.trim().split("\n").length, 1);
  });

  test("SIGKILL mid-download, rerun fetches only the missing bytes", async () => {
    const cache = tempDir();
    const slow = await countingProxy(server.url, { delayMs: 20 });
    const args = ["download", repo.id, "big.safetensors", "--cache-dir", cache, "--token", server.token, "--max-workers", "3", "--quiet"];
    const first = runAsync([...args, "--endpoint", slow.url]);
    while (slow.stats.bytes < 8 * 1024 * 1024) await new Promise((r) => setTimeout(r, 50));
    first.child.kill("SIGKILL");
    await first.done;
    await slow.close();
    const servedBefore = slow.stats.bytes;
    const fast = await countingProxy(server.url);
    const second = runAsync([...args, "--endpoint", fast.url]);
    const done = await second.done;
    await fast.close();
    assert.equal(done.code, 0, done.stderr);
    assertLayout(cache, mainSha, ["big.safetensors"]);
    // Bytes written before the kill are not fetched again; what the kill lost in flight
    // (socket buffers) is the only overlap.
    assert.ok(fast.stats.bytes <= BIG - servedBefore + 4 * 1024 * 1024,
      `second run fetched ${fast.stats.bytes} of ${BIG} after ${servedBefore} before the kill`);
    assert.ok(fast.stats.bytes < BIG - 4 * 1024 * 1024, `resumed, not restarted: ${fast.stats.bytes}`);
    const resumedMidRange = fast.stats.ranges.some((r) => {
      const start = Number(/bytes=(\d+)-/.exec(r)?.[1]);
      return start % (16 * 1024 * 1024) !== 0;
    });
    assert.ok(resumedMidRange, `Range headers of the rerun: ${fast.stats.ranges.join(", ")}`);
  });

  test("two processes downloading into one cache both finish with a correct cache", async () => {
    const cache = tempDir();
    const args = ["download", repo.id, "--cache-dir", cache, "--endpoint", server.url, "--token", server.token, "--quiet"];
    const [a, b] = await Promise.all([runAsync(args).done, runAsync(args).done]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    assert.equal(a.stdout, b.stdout);
    assertLayout(cache, mainSha, [...Object.keys(files), "big.safetensors"]);
  });
});

describe("lockfile and cache management", () => {
  test("lock add, sync, update with a diff, failures on tampered and vanished pins", () => {
    const dir = tempDir();
    const cache = tempDir();
    const common = ["--cache-dir", cache, "--endpoint", server.url, "--token", server.token];
    const add = run(["lock", "add", `${repo.id}@main`, ...common], { cwd: dir });
    assert.equal(add.code, 0, add.stderr);
    const lock = JSON.parse(readFileSync(join(dir, "models.lock"), "utf8"));
    assert.equal(lock.version, 1);
    const model = lock.models[0];
    assert.equal(model.repo, repo.id);
    assert.equal(model.commit, mainSha);
    assert.equal(model.license, "mit");
    const byPath = Object.fromEntries(model.files.map((f) => [f.path, f]));
    // Every file of the commit (the server may add .gitattributes of its own).
    for (const path of [...Object.keys(files), "big.safetensors"]) assert.ok(byPath[path], path);
    assert.equal(byPath["big.safetensors"].sha256, sha256(bigBuf));
    assert.equal(byPath["config.json"].sha256, sha256(files["config.json"]));
    assert.equal(byPath["config.json"].size, files["config.json"].length);

    const fresh = tempDir();
    const sync = run(["sync", "--cache-dir", fresh, "--endpoint", server.url, "--token", server.token], { cwd: dir });
    assert.equal(sync.code, 0, sync.stderr);
    assert.equal(sync.stdout.trim(), join(fresh, "models--admin--client-dl", "snapshots", mainSha));
    assert.ok(readFileSync(join(sync.stdout.trim(), "big.safetensors")).equals(bigBuf));

    const newSha = commit(server, repo, [{ path: "config.json", content: '{"model_type": "roberta"}\n' },
      { path: "README.md", content: "---\nlicense: apache-2.0\n---\n# v2\n" }, { path: "extra.txt", content: "x\n" }]).commitOid;
    const update = run(["lock", "update", ...common], { cwd: dir });
    assert.equal(update.code, 0, update.stderr);
    assert.match(update.stdout, /updated/);
    assert.match(update.stdout, /~ config\.json/);
    assert.match(update.stdout, /\+ extra\.txt/);
    assert.match(update.stdout, /license: mit -> apache-2\.0/);
    const updated = JSON.parse(readFileSync(join(dir, "models.lock"), "utf8"));
    assert.equal(updated.models[0].commit, newSha);
    assert.equal(run(["lock", "update", ...common], { cwd: dir }).stdout.includes("up to date"), true);

    const tampered = structuredClone(updated);
    tampered.models[0].files.find((f) => f.path === "config.json").sha256 = "0".repeat(64);
    writeFileSync(join(dir, "models.lock"), JSON.stringify(tampered));
    const bad = run(["sync", ...common], { cwd: dir });
    assert.equal(bad.code, 6, bad.stderr);
    assert.match(bad.stderr, /config\.json/);
    tampered.models[0].commit = "1".repeat(40);
    writeFileSync(join(dir, "models.lock"), JSON.stringify(tampered));
    const gone = run(["sync", "--cache-dir", tempDir(), "--endpoint", server.url, "--token", server.token], { cwd: dir });
    assert.equal(gone.code, 3, gone.stderr);
  });

  test("cache verify catches a corrupt blob; scan and prune with dry runs", () => {
    const cache = tempDir();
    assert.equal(dl(cache, ["--revision", mainSha]).code, 0);
    assert.equal(dl(cache).code, 0);  // main has moved on: a second revision
    const scan = JSON.parse(run(["cache", "--cache-dir", cache, "scan", "--json"]).stdout);
    assert.equal(scan.length, 1);
    assert.equal(scan[0].repo, repo.id);
    assert.equal(scan[0].revisions.length, 2);
    assert.equal(run(["cache", "--cache-dir", cache, "verify"]).code, 0);
    const blob = join(cache, "models--admin--client-dl", "blobs", sha256(bigBuf));
    const corrupted = Buffer.from(bigBuf);
    corrupted[12345] ^= 0xff;
    writeFileSync(blob, corrupted);
    const verify = run(["cache", "--cache-dir", cache, "verify"]);
    assert.equal(verify.code, 6);
    assert.match(verify.stdout, new RegExp(`hash mismatch: .*${sha256(bigBuf)}`));
    assert.equal(run(["cache", "--cache-dir", cache, "verify", "--remove", "--dry-run"]).code, 6);
    assert.ok(existsSync(blob));
    assert.equal(run(["cache", "--cache-dir", cache, "verify", "--remove"]).code, 0);
    assert.ok(!existsSync(blob));
    assert.equal(dl(cache).code, 0);  // the dangling link is refetched
    assert.ok(readFileSync(blob).equals(bigBuf));

    const dry = run(["cache", "--cache-dir", cache, "prune", "--detached", "--dry-run"]);
    assert.match(dry.stdout, new RegExp(`would delete models--admin--client-dl ${mainSha}`));
    assert.ok(existsSync(join(cache, "models--admin--client-dl", "snapshots", mainSha)));
    const prune = run(["cache", "--cache-dir", cache, "prune", "--detached"]);
    assert.equal(prune.code, 0, prune.stderr);
    assert.ok(!existsSync(join(cache, "models--admin--client-dl", "snapshots", mainSha)));
    assert.ok(existsSync(blob), "a blob still used by the kept revision stays");
  });
});
