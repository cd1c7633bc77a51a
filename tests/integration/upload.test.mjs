// The write path (spec §6.2, §6.3): preupload, LFS batch (basic upload + verify, multipart),
// NDJSON commits with every operation key, stale parentCommit -> 412, create_pr -> refs/pr/N, and
// no-op commit detection.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { createReadStream, statSync } from "node:fs";
import { open } from "node:fs/promises";
import {
  commit, commitBody, commitRaw, createRepo, expectError, expectJson, expectStatus, gitBlobSha1,
  lfsUpload, paginate, repoState, request, requestAsync, sha256, startServer, tempDir, writeTemp,
} from "./lib/harness.mjs";

let server;
let repo;
let work;

before(async () => {
  server = await startServer();
  repo = createRepo(server, "up");
  work = tempDir();
});

after(async () => {
  await server?.stop();
});

const head = (r = repo, branch = "main") =>
  expectJson(request(server, "GET", `${r.api}/refs?include_prs=1`)).branches.find((b) => b.name === branch)?.targetCommit;

function preupload(files, { revision = "main", extra = {} } = {}) {
  const res = request(server, "POST", `${repo.api}/preupload/${encodeURIComponent(revision)}`, {
    json: { files: files.map((f) => ({ path: f.path, size: f.size ?? f.sample.length, sample: Buffer.from(f.sample).subarray(0, 512).toString("base64") })), ...extra },
  });
  const body = expectJson(res);
  assert.ok(Array.isArray(body.files), res.describe());
  return Object.fromEntries(body.files.map((f) => [f.path, f]));
}

function batch(objects, { transfers = ["basic"], hashAlgo = "sha256", auth, operation = "upload" } = {}) {
  return request(server, "POST", `${repo.files}.git/info/lfs/objects/batch`, {
    auth,
    json: { operation, transfers, hash_algo: hashAlgo, ref: { name: "main" }, objects },
    contentType: "application/vnd.git-lfs+json",
    headers: ["Accept: application/vnd.git-lfs+json"],
  });
}

describe("preupload (§6.2 step 1)", () => {
  test("uploadMode, shouldIgnore and oid for new files", () => {
    const answers = preupload([
      { path: "config.json", sample: '{"a": 1}' },
      { path: "notes.txt", sample: "hello" },
      { path: "weights.safetensors", sample: "tiny but matches the .gitattributes LFS rule" },
      { path: "blob.bin", sample: Buffer.from([0, 1, 2, 3, 0, 255]) },
      { path: "big.txt", sample: "text", size: 11 * 1000 * 1000 },
      { path: "empty.txt", sample: "" },
    ]);
    for (const a of Object.values(answers)) {
      assert.ok(a.uploadMode === "lfs" || a.uploadMode === "regular", JSON.stringify(a));
      assert.equal(typeof a.shouldIgnore, "boolean", "shouldIgnore is REQ for Python");
      assert.ok(a.oid === null || a.oid === undefined, `no oid for a new path: ${JSON.stringify(a)}`);
    }
    assert.equal(answers["config.json"].uploadMode, "regular");
    assert.equal(answers["notes.txt"].uploadMode, "regular");
    assert.equal(answers["weights.safetensors"].uploadMode, "lfs", "matches *.safetensors in .gitattributes");
    assert.equal(answers["blob.bin"].uploadMode, "lfs", "*.bin rule / binary sample");
    assert.equal(answers["big.txt"].uploadMode, "lfs", "size >= 10 MB");
    assert.equal(answers["empty.txt"].uploadMode, "regular");
  });
  test("binary sample with an unmatched extension -> lfs", () => {
    const a = preupload([{ path: "data.xyz", sample: Buffer.from([0x00, 0x9f, 0x92, 0x96, 0x00]) }]);
    assert.equal(a["data.xyz"].uploadMode, "lfs");
  });
  test("proposed gitAttributes (JS) counts", () => {
    const a = preupload([{ path: "custom.dat", sample: "plain text" }], { extra: { gitAttributes: "*.dat filter=lfs diff=lfs merge=lfs -text\n" } });
    assert.equal(a["custom.dat"].uploadMode, "lfs");
  });
  test("oid of existing files: git sha1 for regular, sha256 for LFS", () => {
    const content = Buffer.from('{"existing": true}\n');
    const st = randomBytes(4096);
    const { oid } = lfsUpload(server, repo, { buf: st });
    commit(server, repo, [{ path: "existing.json", content }, { path: "existing.safetensors", lfs: { oid, size: st.length } }]);
    const a = preupload([{ path: "existing.json", sample: content }, { path: "existing.safetensors", sample: st, size: st.length }]);
    assert.equal(a["existing.json"].oid, gitBlobSha1(content));
    assert.equal(a["existing.json"].uploadMode, "regular");
    assert.equal(a["existing.safetensors"].oid, oid);
    assert.equal(a["existing.safetensors"].uploadMode, "lfs");
  });
  test("needs write access", () => {
    expectStatus(request(server, "POST", `${repo.api}/preupload/main`, { auth: false, json: { files: [{ path: "a", size: 1, sample: "YQ==" }] } }), 401, 403);
  });
});

describe("LFS batch basic (§6.3)", () => {
  test("batch -> signed absolute href; PUT without auth; verify; commit; download", () => {
    const buf = randomBytes(3 * 1024 * 1024 + 17);
    const oid = sha256(buf);
    const res = batch([{ oid, size: buf.length }]);
    const body = expectJson(res);
    assert.equal(body.transfer, "basic");
    const obj = body.objects[0];
    assert.equal(obj.oid, oid);
    assert.equal(obj.size, buf.length);
    const href = obj.actions?.upload?.href ?? "";
    assert.ok(href.startsWith(server.url + "/"), `upload href is absolute on the public host:\n${res.describe()}`);
    const put = request(server, "PUT", href, { auth: false, body: buf });
    expectStatus(put, 200, 201, 204);
    assert.ok(obj.actions.verify?.href, `verify offered (git-lfs, Python):\n${res.describe()}`);
    const v = request(server, "POST", obj.actions.verify.href, {
      json: { oid, size: buf.length }, contentType: "application/vnd.git-lfs+json",
      headers: Object.entries(obj.actions.verify.header ?? {}).map(([k, x]) => `${k}: ${x}`),
    });
    expectStatus(v, 200);
    const again = expectJson(batch([{ oid, size: buf.length }]));
    assert.equal(again.objects[0].actions, undefined, "object already stored: no actions");
    const c = commit(server, repo, [{ path: "basic.bin", lfs: { oid, size: buf.length } }]);
    const dl = expectStatus(request(server, "GET", `${repo.files}/resolve/main/basic.bin`, { follow: true }), 200);
    assert.equal(sha256(dl.body), oid);
    assert.equal(dl.header("x-repo-commit"), c.commitOid);
  });
  test("JS hash_algo sha_256 and transfers incl. xet -> answer is not xet", () => {
    const buf = randomBytes(1000);
    const body = expectJson(batch([{ oid: sha256(buf), size: buf.length }], { transfers: ["basic", "multipart", "xet"], hashAlgo: "sha_256" }));
    assert.ok(body.transfer === "basic" || body.transfer === "multipart", JSON.stringify(body));
    assert.equal(typeof body.objects[0].size, "number");
  });
  test("verify is not a precondition for the lfsFile commit (JS never calls it)", () => {
    const buf = randomBytes(2048);
    const { oid } = lfsUpload(server, repo, { buf, verify: false });
    commit(server, repo, [{ path: "noverify.bin", lfs: { oid, size: buf.length } }]);
  });
  test("several objects in one batch", () => {
    const bufs = [randomBytes(100), randomBytes(200), randomBytes(300)];
    const body = expectJson(batch(bufs.map((b) => ({ oid: sha256(b), size: b.length }))));
    assert.deepEqual(body.objects.map((o) => o.oid), bufs.map((b) => sha256(b)));
    assert.ok(body.objects.every((o) => o.actions?.upload?.href));
  });
  test("batch needs auth for upload", () => {
    const buf = randomBytes(10);
    expectStatus(batch([{ oid: sha256(buf), size: 10 }], { auth: false }), 401, 403);
  });
  test("datasets use /datasets/<id>.git/info/lfs", () => {
    const ds = createRepo(server, "up-ds", { type: "dataset" });
    const buf = randomBytes(5000);
    const { oid } = lfsUpload(server, ds, { buf });
    commit(server, ds, [{ path: "data.parquet", lfs: { oid, size: buf.length } }]);
    const dl = expectStatus(request(server, "GET", "/datasets/admin/up-ds/resolve/main/data.parquet", { follow: true }), 200);
    assert.equal(sha256(dl.body), oid);
  });
});

describe("LFS multipart (§6.3)", () => {
  test("multipart offered for a large object: parts, part ETags, completion, download", { timeout: 120000 }, async () => {
    const size = 100 * 1024 * 1024 + 12345;
    const file = writeTemp(work, "multipart.bin", randomBytes(size));
    const oid = sha256(await readAll(file));
    const res = batch([{ oid, size }], { transfers: ["basic", "multipart"] });
    const body = expectJson(res);
    assert.equal(body.transfer, "multipart", `a ${size}-byte object with multipart offered should go multipart:\n${res.describe()}`);
    const upload = body.objects[0].actions.upload;
    const header = upload.header ?? {};
    const chunk = parseInt(header.chunk_size, 10);
    assert.ok(chunk > 0, `chunk_size:\n${res.describe()}`);
    const parts = Object.keys(header).filter((k) => /^[0-9]+$/.test(k)).sort((a, b) => Number(a) - Number(b));
    assert.equal(parts.length, Math.ceil(size / chunk), "number of parts == ceil(size/chunk_size)");
    assert.deepEqual(parts.map(Number), parts.map((_, i) => i + 1), "part keys number 1..N (JS indexes parts[N-1])");
    const handle = await open(file);
    const etags = [];
    for (const [i, key] of parts.entries()) {
      const len = Math.min(chunk, size - i * chunk);
      const piece = Buffer.alloc(len);
      await handle.read(piece, 0, len, i * chunk);
      const put = request(server, "PUT", header[key], { auth: false, body: piece });
      expectStatus(put, 200, 201, 204);
      const etag = put.header("etag");
      assert.ok(etag, `each part PUT returns an ETag:\n${put.describe()}`);
      etags.push({ partNumber: Number(key), etag });
    }
    await handle.close();
    assert.ok(upload.href.startsWith(server.url + "/"), "completion href absolute");
    const done = request(server, "POST", upload.href, {
      auth: false, json: { oid, parts: etags }, contentType: "application/vnd.git-lfs+json",
      headers: ["Accept: application/vnd.git-lfs+json"],
    });
    expectStatus(done, 200, 201, 204);
    commit(server, repo, [{ path: "large.safetensors", lfs: { oid, size } }]);
    const out = writeTemp(work, "multipart.out", "");
    const dl = request(server, "GET", `${repo.files}/resolve/main/large.safetensors`, { follow: true, output: out });
    expectStatus(dl, 200);
    assert.equal(statSync(out).size, size);
    assert.equal(sha256(await readAll(out)), oid);
  });
  test("small object with multipart offered -> basic is fine", () => {
    const buf = randomBytes(1024);
    const body = expectJson(batch([{ oid: sha256(buf), size: buf.length }], { transfers: ["basic", "multipart"] }));
    const upload = body.objects[0].actions.upload;
    if (body.transfer === "basic") assert.equal(upload.header?.chunk_size, undefined);
  });
});

async function readAll(path) {
  const chunks = [];
  for await (const c of createReadStream(path)) chunks.push(c);
  return Buffer.concat(chunks);
}

describe("NDJSON commit (§6.2 step 3)", () => {
  test("file, lfsFile, deletedFile, deletedFolder in one commit; response shape", () => {
    const r = createRepo(server, "ops");
    commit(server, r, [
      { path: "keep.txt", content: "keep" },
      { path: "gone.txt", content: "gone" },
      { path: "folder/a.txt", content: "a" },
      { path: "folder/sub/b.txt", content: "b" },
      { path: "other/c.txt", content: "c" },
    ]);
    const buf = randomBytes(10000);
    const { oid } = lfsUpload(server, r, { buf });
    const before = head(r);
    const res = commitRaw(server, r, [
      { path: "new.txt", content: "new" },
      { path: "weights.safetensors", lfs: { oid, size: buf.length } },
      { deleteFile: "gone.txt" },
      { deleteFolder: "folder/" },
      { deleteFolder: "other" },
    ], { summary: "mixed ops", description: "every key", parent: before });
    const body = expectJson(res);
    assert.match(body.commitOid, /^[0-9a-f]{40}$/);
    assert.equal(body.commitUrl, `${server.url}/admin/ops/commit/${body.commitOid}`);
    assert.equal(body.pullRequestUrl ?? undefined, undefined);
    const tree = expectJson(request(server, "GET", `${r.api}/tree/main?recursive=true&expand=false`)).map((e) => e.path).sort();
    assert.deepEqual(tree, [".gitattributes", "keep.txt", "new.txt", "weights.safetensors"]);
    const log = expectJson(request(server, "GET", `${r.api}/commits/main`));
    assert.equal(log[0].id, body.commitOid);
    assert.equal(log[0].title, "mixed ops");
    assert.equal(log[1].id, before, "parent is the previous head");
    const info = expectJson(request(server, "GET", r.api));
    assert.equal(info.sha, body.commitOid, "CommitInfo.oid == model_info().sha");
  });
  test("JS style: no trailing newline, description absent, utf-8 encoding", () => {
    const r = createRepo(server, "ops-js");
    const lines = [
      { key: "header", value: { summary: "js" } },
      { key: "file", value: { path: "u.txt", content: "héllo", encoding: "utf-8" } },
      { key: "file", value: { path: "b.txt", content: Buffer.from("b64").toString("base64"), encoding: "base64" } },
    ].map((x) => JSON.stringify(x)).join("\n");
    const res = request(server, "POST", `${r.api}/commit/main`, { body: lines, contentType: "application/x-ndjson" });
    expectJson(res);
    assert.equal(expectStatus(request(server, "GET", `${r.files}/resolve/main/u.txt`), 200).text, "héllo");
    assert.equal(expectStatus(request(server, "GET", `${r.files}/resolve/main/b.txt`), 200).text, "b64");
  });
  test("commit to a branch with '/' (encoded revision)", () => {
    const r = createRepo(server, "ops-branch");
    expectStatus(request(server, "POST", `${r.api}/branch/${encodeURIComponent("dev/x")}`, { json: {} }), 200);
    const c = commit(server, r, [{ path: "d.txt", content: "d" }], { revision: "dev/x" });
    assert.equal(head(r, "dev/x"), c.commitOid);
    expectError(request(server, "GET", `${r.files}/resolve/main/d.txt`), 404, "EntryNotFound");
  });
  test("commit to a missing branch -> 404 RevisionNotFound", () => {
    const r = createRepo(server, "ops-missing");
    const s = repoState(server, r);
    expectError(commitRaw(server, r, [{ path: "x", content: "x" }], { revision: "nope" }), 404, "RevisionNotFound");
    assert.deepEqual(repoState(server, r), s);
  });
  test("stale parentCommit -> 412 and the branch is unchanged; current parent and short parent OK", () => {
    const r = createRepo(server, "ops-parent");
    const c1 = commit(server, r, [{ path: "a", content: "1" }]).commitOid;
    const c2 = commit(server, r, [{ path: "a", content: "2" }]).commitOid;
    const s = repoState(server, r);
    const res = commitRaw(server, r, [{ path: "a", content: "3" }], { parent: c1 });
    expectError(res, 412);
    assert.deepEqual(repoState(server, r), s);
    assert.equal(head(r), c2);
    commit(server, r, [{ path: "a", content: "4" }], { parent: c2.slice(0, 7) });
  });
  test("create_pr=1 -> pullRequestUrl .../discussions/N, file only on refs/pr/N", () => {
    const r = createRepo(server, "ops-pr");
    const main = commit(server, r, [{ path: "base.txt", content: "base" }]).commitOid;
    const pr1 = commit(server, r, [{ path: "pr.txt", content: "pr one" }], { createPr: true });
    assert.match(pr1.pullRequestUrl ?? "", new RegExp(`^${server.url}/admin/ops-pr/discussions/1$`), JSON.stringify(pr1));
    const pr2 = commit(server, r, [{ path: "pr2.txt", content: "pr two" }], { createPr: true });
    assert.match(pr2.pullRequestUrl ?? "", /\/discussions\/2$/);
    assert.equal(head(r), main, "main untouched by PRs");
    expectError(request(server, "GET", `${r.files}/resolve/main/pr.txt`), 404, "EntryNotFound");
    const dl = expectStatus(request(server, "GET", `${r.files}/resolve/refs%2Fpr%2F1/pr.txt`), 200);
    assert.equal(dl.text, "pr one");
    assert.equal(dl.header("x-repo-commit"), pr1.commitOid);
    expectError(request(server, "GET", `${r.files}/resolve/refs%2Fpr%2F2/pr.txt`), 404, "EntryNotFound");
    const refs = expectJson(request(server, "GET", `${r.api}/refs?include_prs=1`));
    assert.deepEqual(refs.pullRequests.map((p) => [p.ref, p.targetCommit]).sort(), [["refs/pr/1", pr1.commitOid], ["refs/pr/2", pr2.commitOid]]);
    const more = commit(server, r, [{ path: "pr.txt", content: "pr one v2" }], { revision: "refs/pr/1" });
    assert.equal(expectStatus(request(server, "GET", `${r.files}/resolve/refs%2Fpr%2F1/pr.txt`), 200).text, "pr one v2");
    assert.equal(expectJson(request(server, "GET", `${r.api}/refs?include_prs=1`)).pullRequests.find((p) => p.ref === "refs/pr/1").targetCommit, more.commitOid);
    const tree = expectJson(request(server, "GET", `${r.api}/tree/refs/pr/1?recursive=true&expand=false`));
    assert.ok(tree.some((e) => e.path === "pr.txt"), "JS listFiles sends refs/pr/1 raw");
    const log = expectJson(request(server, "GET", `${r.api}/commits/refs%2Fpr%2F1`));
    assert.equal(log[0].id, more.commitOid);
  });
  test("create_pr with a preupload of ?create_pr=1", () => {
    const res = request(server, "POST", `${repo.api}/preupload/main?create_pr=1`, { json: { files: [{ path: "x.txt", size: 1, sample: "eA==" }] } });
    expectJson(res);
  });
  test("no-op commit: identical content makes no new commit and returns the head", () => {
    const r = createRepo(server, "ops-noop");
    const c = commit(server, r, [{ path: "same.txt", content: "same" }]).commitOid;
    const s = repoState(server, r);
    const again = commit(server, r, [{ path: "same.txt", content: "same" }]);
    assert.equal(again.commitOid, c, "no new commit for identical content");
    assert.deepEqual(repoState(server, r), s);
    const empty = commitRaw(server, r, [], { summary: "nothing" });
    expectStatus(empty, 200, 400);
    if (empty.status === 200) assert.equal(empty.json().commitOid, c);
    assert.deepEqual(repoState(server, r), s);
  });
  test("deleting a missing file -> 404 EntryNotFound, nothing changed", () => {
    const r = createRepo(server, "ops-del");
    commit(server, r, [{ path: "a.txt", content: "a" }]);
    const s = repoState(server, r);
    expectError(commitRaw(server, r, [{ path: "b.txt", content: "b" }, { deleteFile: "missing.txt" }]), 404, "EntryNotFound");
    assert.deepEqual(repoState(server, r), s);
  });
  test("lfsFile whose object was never uploaded -> 4xx, nothing changed", () => {
    const r = createRepo(server, "ops-nolfs");
    const s = repoState(server, r);
    const res = commitRaw(server, r, [{ path: "w.safetensors", lfs: { oid: sha256(randomBytes(64)), size: 64 } }]);
    expectError(res, [400, 404, 409, 412, 422]);
    assert.deepEqual(repoState(server, r), s);
  });
  test("commit needs a write token", () => {
    const r = createRepo(server, "ops-auth");
    const s = repoState(server, r);
    const lines = JSON.stringify({ key: "header", value: { summary: "anon" } }) + "\n" +
      JSON.stringify({ key: "file", value: { path: "a", content: "YQ==", encoding: "base64" } }) + "\n";
    expectStatus(request(server, "POST", `${r.api}/commit/main`, { auth: false, body: lines, contentType: "application/x-ndjson" }), 401, 403);
    assert.deepEqual(repoState(server, r), s);
  });
});

describe("concurrent commits (ref compare-and-swap over HTTP)", () => {
  test("8 commits racing from the same parentCommit: exactly one wins, the others get 412", async () => {
    const r = createRepo(server, "race-parent");
    const parent = commit(server, r, [{ path: "base.txt", content: "base" }]).commitOid;
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) =>
      requestAsync(server, "POST", `${r.api}/commit/main`, {
        body: commitBody([{ path: `racer-${i}.txt`, content: `${i}` }], { parent, summary: `racer ${i}` }),
        contentType: "application/x-ndjson",
      })));
    const statuses = results.map((x) => x.status).sort();
    assert.deepEqual(statuses, [200, 412, 412, 412, 412, 412, 412, 412], results.map((x) => x.describe()).join("\n"));
    const winner = results.find((x) => x.status === 200).json().commitOid;
    assert.equal(head(r), winner);
    const tree = expectJson(request(server, "GET", `${r.api}/tree/main`)).map((e) => e.path);
    assert.equal(tree.filter((p) => p.startsWith("racer-")).length, 1);
  });
  test("12 commits racing without parentCommit: all succeed, none lost", async () => {
    const r = createRepo(server, "race-free");
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) =>
      requestAsync(server, "POST", `${r.api}/commit/main`, {
        body: commitBody([{ path: `f-${i}.txt`, content: `${i}` }], { summary: `free ${i}` }),
        contentType: "application/x-ndjson",
      })));
    for (const x of results) expectStatus(x, 200);
    const tree = expectJson(request(server, "GET", `${r.api}/tree/main`)).map((e) => e.path);
    assert.equal(tree.filter((p) => p.startsWith("f-")).length, 12, `every file present: ${tree}`);
    const { items } = paginate(server, `${r.api}/commits/main`);
    const ids = new Set(items.map((c) => c.id));
    for (const x of results) assert.ok(ids.has(x.json().commitOid), "every returned commit is in the history");
    assert.equal(items.length, 13);
  });
});
