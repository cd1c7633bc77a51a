// The native client's write and catalogue commands (`modelhub upload`, `info`, `search`) against a
// real `modelhub serve`: a folder with regular, LFS and multipart-sized (> 64 MiB chunk) files
// checked through tree and resolve, include/exclude, the default .git ignore, a no-change rerun,
// --create-pr (refs/pr/N), repo creation with --private, info/search output, and error exits.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expectJson, modelhubBin, request, startServer, tempDir } from "./lib/harness.mjs";

const sha256 = (b) => createHash("sha256").update(b).digest("hex");
const MULTIPART = 70 * 1024 * 1024 + 7;  // two parts of the server's 64 MiB chunk
const LFS = 11 * 1024 * 1024;            // above the 10 MB LFS threshold

let server;
let folder;
const content = {
  "config.json": Buffer.from('{"model_type": "bert"}\n'),
  "README.md": Buffer.from(
    "---\nlicense: mit\npipeline_tag: text-classification\nlibrary_name: transformers\n" +
      "tags:\n- upload-test\n---\n# uploaded\n"),
  "sub/notes.txt": Buffer.from("notes\n"),
  "skip.tmp": Buffer.from("temporary\n"),
  ".git/HEAD": Buffer.from("ref: refs/heads/main\n"),
};

function run(args, { env = {} } = {}) {
  const res = spawnSync(modelhubBin(), args, {
    env: { ...process.env, HF_HUB_OFFLINE: "", HF_TOKEN: "", ...env }, encoding: "utf8", timeout: 170000,
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}
const hub = (args, token = server.token) =>
  run([...args, "--endpoint", server.url, ...(token ? ["--token", token] : [])]);

function tree(id, revision = "main") {
  const rev = encodeURIComponent(revision);
  return expectJson(request(server, "GET", `/api/models/${id}/tree/${rev}?recursive=true&expand=false`))
    .filter((e) => e.type === "file" && e.path !== ".gitattributes");  // the new repo's default
}

function resolveBytes(id, path, revision = "main") {
  const out = join(tempDir(), "body");
  const res = request(server, "GET", `/${id}/resolve/${encodeURIComponent(revision)}/${path}`, { follow: true, output: out });
  assert.equal(res.status, 200, res.describe());
  return readFileSync(out);
}

before(async () => {
  server = await startServer();
  folder = tempDir();
  content["weights/small.safetensors"] = randomBytes(LFS);
  content["weights/huge.bin"] = randomBytes(MULTIPART);
  for (const [path, buf] of Object.entries(content)) {
    mkdirSync(join(folder, path, ".."), { recursive: true });
    writeFileSync(join(folder, path), buf);
  }
});

after(async () => {
  await server?.stop();
});

describe("modelhub upload", () => {
  test("folder into a new repo: regular, LFS and multipart files; .git and --exclude skipped", () => {
    const res = hub(["upload", "admin/up-folder", folder, "--exclude", "*.tmp", "--json"]);
    assert.equal(res.code, 0, res.stderr);
    const out = JSON.parse(res.stdout);
    assert.equal(out.createdRepo, true);
    assert.equal(out.noChanges, false);
    assert.equal(out.filesCommitted, 5);
    assert.equal(out.lfsUploaded, 2);
    assert.match(out.commitOid, /^[0-9a-f]{40}$/);
    assert.equal(out.commitUrl, `${server.url}/admin/up-folder/commit/${out.commitOid}`);
    const entries = tree("admin/up-folder");
    assert.deepEqual(entries.map((e) => e.path).sort(),
      ["README.md", "config.json", "sub/notes.txt", "weights/huge.bin", "weights/small.safetensors"]);
    for (const path of ["weights/huge.bin", "weights/small.safetensors"]) {
      const entry = entries.find((e) => e.path === path);
      assert.equal(entry.lfs?.oid, sha256(content[path]), `${path} stored as LFS`);
      assert.equal(entry.size, content[path].length);
    }
    assert.equal(entries.find((e) => e.path === "config.json").lfs, undefined, "config.json regular");
    for (const path of ["config.json", "sub/notes.txt", "weights/huge.bin", "weights/small.safetensors"]) {
      assert.ok(resolveBytes("admin/up-folder", path).equals(content[path]), `${path} bytes`);
    }
    const info = expectJson(request(server, "GET", "/api/models/admin/up-folder"));
    assert.equal(info.sha, out.commitOid);
  });

  test("rerun with identical files makes no commit; plain output is the commit URL", () => {
    const before = expectJson(request(server, "GET", "/api/models/admin/up-folder")).sha;
    const res = hub(["upload", "admin/up-folder", folder, "--exclude", "*.tmp"]);
    assert.equal(res.code, 0, res.stderr);
    assert.equal(res.stdout.trim(), `${server.url}/admin/up-folder/commit/${before}`);
    assert.match(res.stderr, /no changes/);
    assert.equal(expectJson(request(server, "GET", "/api/models/admin/up-folder")).sha, before);
  });

  test("--include with a path in the repo, and a single file to a chosen path", () => {
    let res = hub(["upload", "admin/up-folder", folder, "cfg", "--include", "*.json", "--include", "sub/*",
      "--message", "only json"]);
    assert.equal(res.code, 0, res.stderr);
    let paths = tree("admin/up-folder").map((e) => e.path);
    assert.ok(paths.includes("cfg/config.json") && paths.includes("cfg/sub/notes.txt"));
    assert.ok(!paths.some((p) => p.startsWith("cfg/README") || p.startsWith("cfg/weights")));
    const commits = expectJson(request(server, "GET", "/api/models/admin/up-folder/commits/main"));
    assert.equal(commits[0].title, "only json");

    res = hub(["upload", "admin/up-folder", join(folder, "config.json"), "extra/renamed.json"]);
    assert.equal(res.code, 0, res.stderr);
    paths = tree("admin/up-folder").map((e) => e.path);
    assert.ok(paths.includes("extra/renamed.json"));
    assert.ok(resolveBytes("admin/up-folder", "extra/renamed.json").equals(content["config.json"]));
  });

  test("--create-pr commits to refs/pr/N and leaves main alone", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "config.json"), '{"model_type": "changed"}\n');
    const mainBefore = expectJson(request(server, "GET", "/api/models/admin/up-folder")).sha;
    const res = hub(["upload", "admin/up-folder", dir, "--create-pr"]);
    assert.equal(res.code, 0, res.stderr);
    const lines = res.stdout.trim().split("\n");
    assert.equal(lines.length, 2, res.stdout);
    const m = /\/discussions\/(\d+)$/.exec(lines[1]);
    assert.ok(m, `PR URL: ${lines[1]}`);
    const refs = expectJson(request(server, "GET", "/api/models/admin/up-folder/refs?include_prs=1"));
    assert.ok(refs.pullRequests.some((r) => r.ref === `refs/pr/${m[1]}`), JSON.stringify(refs));
    assert.equal(resolveBytes("admin/up-folder", "config.json", `refs/pr/${m[1]}`).toString(),
      '{"model_type": "changed"}\n');
    assert.ok(resolveBytes("admin/up-folder", "config.json").equals(content["config.json"]));
    assert.equal(expectJson(request(server, "GET", "/api/models/admin/up-folder")).sha, mainBefore);
  });

  test("--private creates a private repo; a dataset repo type works", () => {
    let res = hub(["upload", "admin/up-private", join(folder, "README.md"), "--private"]);
    assert.equal(res.code, 0, res.stderr);
    assert.equal(request(server, "GET", "/api/models/admin/up-private", { auth: false }).status, 401);
    assert.equal(expectJson(request(server, "GET", "/api/models/admin/up-private")).private, true);
    res = hub(["upload", "admin/up-data", join(folder, "sub"), "--repo-type", "dataset"]);
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /\/datasets\/admin\/up-data\/commit\/[0-9a-f]{40}/);
    const files = expectJson(request(server, "GET", "/api/datasets/admin/up-data/tree/main?recursive=true"));
    assert.deepEqual(files.map((e) => e.path).filter((p) => p !== ".gitattributes"), ["notes.txt"]);
  });

  test("errors: bad token, missing source, bad repo id — one line and the documented exit code", () => {
    let res = hub(["upload", "admin/up-folder", folder], "hf_" + "0".repeat(40));
    assert.equal(res.code, 4, res.stderr);
    assert.equal(res.stderr.trim().split("\n").length, 1, res.stderr);
    assert.match(res.stderr, /^modelhub: error: .*token/);
    res = hub(["upload", "admin/up-folder", join(folder, "nope")]);
    assert.equal(res.code, 2, res.stderr);
    assert.match(res.stderr, /no such file or folder/);
    res = hub(["upload", "not a repo", folder]);
    assert.equal(res.code, 2, res.stderr);
  });
});

describe("modelhub info", () => {
  test("summary, --files and --json", () => {
    let res = hub(["info", "admin/up-folder"]);
    assert.equal(res.code, 0, res.stderr);
    const sha = expectJson(request(server, "GET", "/api/models/admin/up-folder")).sha;
    assert.match(res.stdout, /^id: +admin\/up-folder$/m);
    assert.match(res.stdout, new RegExp(`^sha: +${sha}$`, "m"));
    assert.match(res.stdout, /^license: +mit$/m);
    assert.match(res.stdout, /^pipeline_tag: +text-classification$/m);
    assert.match(res.stdout, /^files: +\d+ \(\d+\.\d MiB\)$/m);
    assert.doesNotMatch(res.stdout, /huge\.bin/);
    res = hub(["info", "admin/up-folder", "--files"]);
    assert.match(res.stdout, /70\.0 MiB +weights\/huge\.bin +\(lfs\)/);
    res = hub(["info", "admin/up-folder", "--json"]);
    const info = JSON.parse(res.stdout);
    assert.equal(info.id, "admin/up-folder");
    assert.equal(info.sha, sha);
    res = hub(["info", "admin/nope"]);
    assert.equal(res.code, 3, res.stderr);
    assert.equal(res.stderr.trim().split("\n").length, 1);
  });
});

describe("modelhub search", () => {
  test("table and --json, filters, and Link pagination up to --limit", () => {
    let res = hub(["search", "up-", "--json", "--limit", "0"]);
    assert.equal(res.code, 0, res.stderr);
    const ids = JSON.parse(res.stdout).map((r) => r.id).sort();
    assert.deepEqual(ids, ["admin/up-folder", "admin/up-private"]);
    res = hub(["search", "--filter", "upload-test", "--pipeline-tag", "text-classification"]);
    assert.equal(res.code, 0, res.stderr);
    const lines = res.stdout.trim().split("\n");
    assert.match(lines[0], /^id +pipeline_tag +downloads +likes +lastModified$/);
    // up-private got the same README, so the same tags.
    assert.equal(lines.length, 3, res.stdout);
    for (const line of lines.slice(1)) {
      assert.match(line, /^admin\/up-(folder|private) +text-classification +\d+ +\d+ +\d{4}-\d\d-\d\d$/);
    }
    res = hub(["search", "--author", "admin", "--license-class", "permissive", "--json"]);
    assert.equal(res.code, 0, res.stderr);
    assert.deepEqual(JSON.parse(res.stdout).map((r) => r.id).sort(), ["admin/up-folder", "admin/up-private"]);
    res = hub(["search", "--license-class", "copyleft", "--json"]);
    assert.deepEqual(JSON.parse(res.stdout), []);
    res = hub(["search", "up-", "--chain-commercial", "yes", "--trust-min", "0", "--json"]);
    assert.equal(res.code, 0, res.stderr);
    assert.deepEqual(JSON.parse(res.stdout).map((r) => r.id).sort(), ["admin/up-folder", "admin/up-private"]);
    res = hub(["search", "--trust-min", "101"]);
    assert.equal(res.code, 1, res.stderr);
    assert.match(res.stderr, /trust_min/);
    // Page size 1 (passed through --param), three pages followed for --limit 2.
    res = hub(["search", "--param", "limit=1", "--limit", "2", "--sort", "id", "--json"]);
    assert.equal(res.code, 0, res.stderr);
    assert.deepEqual(JSON.parse(res.stdout).map((r) => r.id), ["admin/up-folder", "admin/up-private"]);
    res = hub(["search", "--repo-type", "dataset", "--json"]);
    assert.deepEqual(JSON.parse(res.stdout).map((r) => r.id), ["admin/up-data"]);
    res = hub(["search", "--sort", "bogus"]);
    assert.equal(res.code, 1, res.stderr);
    assert.match(res.stderr, /sort/);
  });
});
