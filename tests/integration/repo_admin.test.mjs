// Repo management (spec §6.1): create (409 on repeat, private/visibility), delete, move (307
// relative from the old name), settings, branches and tags (409 on repeat, delete); the error
// table of §1 for private and missing repos; graceful SIGTERM.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  commit, createRepo, expectError, expectJson, expectStatus, findFiles, lfsUpload, repoState,
  request, sha256, startServer, tempDir,
} from "./lib/harness.mjs";

// Runs curl in the background; resolves with its exit code.
function curlBackground(args) {
  return new Promise((resolve) => {
    const child = spawn("curl", ["-sS", "--http1.1", "-H", "Expect:", ...args], { stdio: "ignore" });
    child.on("close", (code) => resolve(code));
  });
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let server;

before(async () => {
  server = await startServer();
});

after(async () => {
  await server?.stop();
});

describe("create", () => {
  test("200 {url, id}; repeat -> 409; repo visible", () => {
    const res = request(server, "POST", "/api/repos/create", { json: { name: "c1", organization: "admin", type: "model" } });
    const body = expectJson(res);
    assert.equal(body.url, `${server.url}/admin/c1`);
    assert.equal(typeof body.id, "string");
    const again = request(server, "POST", "/api/repos/create", { json: { name: "c1", organization: "admin", type: "model" } });
    expectStatus(again, 409);
    assert.ok(!/another conflicting operation is in progress/.test(again.text), "never the text Python retries forever on (§6.1)");
    assert.equal(expectJson(request(server, "GET", "/api/models/admin/c1"))._id, body.id);
  });
  test("organization null means the caller; type omitted means model", () => {
    const body = expectJson(request(server, "POST", "/api/repos/create", { json: { name: "c2", organization: null } }));
    assert.equal(body.url, `${server.url}/admin/c2`);
    expectJson(request(server, "GET", "/api/models/admin/c2"));
  });
  test("JS createRepo payload (visibility, license, files) works", () => {
    const files = [{ path: "README.md", content: Buffer.from("# hi\n").toString("base64"), encoding: "base64" }];
    const body = expectJson(request(server, "POST", "/api/repos/create", {
      json: { name: "c3", visibility: "public", organization: "admin", license: "mit", type: "model", files },
    }));
    assert.equal(body.url, `${server.url}/admin/c3`);
    const dl = request(server, "GET", "/admin/c3/resolve/main/README.md");
    expectStatus(dl, 200, 404);  // `files` is optional for a server; when honoured it must be right
    if (dl.status === 200) assert.equal(dl.text, "# hi\n");
  });
  test("same name, different type is a different repo", () => {
    createRepo(server, "c1", { type: "dataset" });
    expectJson(request(server, "GET", "/api/datasets/admin/c1"));
  });
  test("without a token -> 401; with an invalid token -> 401", () => {
    expectStatus(request(server, "POST", "/api/repos/create", { auth: false, json: { name: "c4", organization: "admin" } }), 401, 403);
    expectStatus(request(server, "POST", "/api/repos/create", { auth: "hf_invalid0000000000000000", json: { name: "c4", organization: "admin" } }), 401);
    expectError(request(server, "GET", "/api/models/admin/c4"), 404, "RepoNotFound");
  });
  test("private repo (private:true and visibility:private): anon 401 RepoNotFound, owner 200", () => {
    createRepo(server, "p1", { isPrivate: true });
    expectJson(request(server, "POST", "/api/repos/create", { json: { name: "p2", organization: "admin", visibility: "private" } }));
    for (const name of ["p1", "p2"]) {
      const info = expectJson(request(server, "GET", `/api/models/admin/${name}`));
      assert.equal(info.private, true);
      expectError(request(server, "GET", `/api/models/admin/${name}`, { auth: false }), 401, "RepoNotFound");
      expectError(request(server, "GET", `/admin/${name}/resolve/main/.gitattributes`, { auth: false }), 401, "RepoNotFound");
      expectStatus(request(server, "GET", `/admin/${name}/resolve/main/.gitattributes`), 200);
      expectError(request(server, "GET", `/api/models/admin/${name}/tree/main`, { auth: false }), 401, "RepoNotFound");
    }
    const anonList = expectJson(request(server, "GET", "/api/models", { auth: false }));
    assert.ok(!anonList.some((m) => m.id === "admin/p1"), "private repos are not listed anonymously");
  });
});

describe("missing repo (§1 status table)", () => {
  test("anonymous -> 401 RepoNotFound, authenticated -> 404 RepoNotFound", () => {
    for (const path of ["/api/models/admin/nope", "/admin/nope/resolve/main/config.json", "/api/models/admin/nope/tree/main",
      "/api/models/admin/nope/refs", "/api/models/admin/nope/commits/main", "/api/models/admin/nope/revision/main"]) {
      expectError(request(server, "GET", path, { auth: false }), 401, "RepoNotFound");
      expectError(request(server, "GET", path), 404, "RepoNotFound");
    }
    const head = request(server, "HEAD", "/admin/nope/resolve/main/config.json");
    expectStatus(head, 404);
    assert.equal(head.header("x-error-code"), "RepoNotFound", head.describe());
    expectError(request(server, "POST", "/api/models/admin/nope/paths-info/main", { json: { paths: ["a"] } }), 404, "RepoNotFound");
  });
});

describe("delete", () => {
  test("200, then 404; missing -> 404 RepoNotFound; the name can be reused", () => {
    const r = createRepo(server, "d1");
    commit(server, r, [{ path: "a.txt", content: "a" }]);
    expectStatus(request(server, "DELETE", "/api/repos/delete", { json: { name: "d1", organization: "admin", type: "model" } }), 200);
    expectError(request(server, "GET", r.api), 404, "RepoNotFound");
    expectError(request(server, "GET", `${r.files}/resolve/main/a.txt`), 404, "RepoNotFound");
    expectError(request(server, "DELETE", "/api/repos/delete", { json: { name: "d1", organization: "admin", type: "model" } }), 404, "RepoNotFound");
    const again = createRepo(server, "d1");
    const tree = expectJson(request(server, "GET", `${again.api}/tree/main`));
    assert.deepEqual(tree.map((e) => e.path), [".gitattributes"], "a recreated repo starts fresh");
  });
  test("delete a dataset by type", () => {
    createRepo(server, "d2", { type: "dataset" });
    expectStatus(request(server, "DELETE", "/api/repos/delete", { json: { name: "d2", organization: "admin", type: "dataset" } }), 200);
    expectError(request(server, "GET", "/api/datasets/admin/d2"), 404, "RepoNotFound");
  });
  test("without a token -> 401 and nothing deleted", () => {
    createRepo(server, "d3");
    expectStatus(request(server, "DELETE", "/api/repos/delete", { auth: false, json: { name: "d3", organization: "admin", type: "model" } }), 401, 403);
    expectJson(request(server, "GET", "/api/models/admin/d3"));
  });
});

describe("move", () => {
  test("renames; the old name answers 307 with a relative Location", () => {
    const r = createRepo(server, "m-old");
    const c = commit(server, r, [{ path: "config.json", content: "{}" }]);
    expectStatus(request(server, "POST", "/api/repos/move", { json: { fromRepo: "admin/m-old", toRepo: "admin/m-new", type: "model" } }), 200);
    const info = expectJson(request(server, "GET", "/api/models/admin/m-new"));
    assert.equal(info.id, "admin/m-new");
    assert.equal(info.sha, c.commitOid);
    const res = request(server, "GET", "/admin/m-old/resolve/main/config.json");
    expectStatus(res, 307);
    const loc = res.header("location") ?? "";
    assert.ok(loc.startsWith("/"), `relative Location (§2.2, Python re-HEADs it):\n${res.describe()}`);
    assert.equal(loc, "/admin/m-new/resolve/main/config.json");
    const head = request(server, "HEAD", "/admin/m-old/resolve/main/config.json");
    expectStatus(head, 307);
    const followed = expectStatus(request(server, "GET", "/admin/m-old/resolve/main/config.json", { follow: true }), 200);
    assert.equal(followed.text, "{}");
    assert.equal(followed.header("x-repo-commit"), c.commitOid);
    const api = request(server, "GET", "/api/models/admin/m-old", { follow: true });
    assert.equal(expectJson(api).id, "admin/m-new", "old API name leads to the moved repo");
  });
  test("move onto an existing repo -> 409, both unchanged", () => {
    const a = createRepo(server, "m-a");
    const b = createRepo(server, "m-b");
    const sa = repoState(server, a);
    const sb = repoState(server, b);
    expectStatus(request(server, "POST", "/api/repos/move", { json: { fromRepo: "admin/m-a", toRepo: "admin/m-b", type: "model" } }), 409);
    assert.deepEqual(repoState(server, a), sa);
    assert.deepEqual(repoState(server, b), sb);
  });
  test("move a missing repo -> 404 RepoNotFound", () => {
    expectError(request(server, "POST", "/api/repos/move", { json: { fromRepo: "admin/nope", toRepo: "admin/nope2", type: "model" } }), 404, "RepoNotFound");
  });
});

describe("settings", () => {
  test("private flag (0.x form) and visibility (1.x form) round trip", () => {
    const r = createRepo(server, "s1");
    let res = request(server, "PUT", `${r.api}/settings`, { json: { private: true } });
    assert.equal(typeof expectJson(res), "object");
    assert.equal(expectJson(request(server, "GET", r.api)).private, true);
    expectError(request(server, "GET", r.api, { auth: false }), 401, "RepoNotFound");
    res = request(server, "PUT", `${r.api}/settings`, { json: { visibility: "public" } });
    expectJson(res);
    assert.equal(expectJson(request(server, "GET", r.api, { auth: false })).private, false);
    res = request(server, "PUT", `${r.api}/settings`, { json: { private: false, xetEnabled: true } });
    expectJson(res);
  });
  test("gated setting shows in info", () => {
    const r = createRepo(server, "s2");
    expectJson(request(server, "PUT", `${r.api}/settings`, { json: { gated: "auto" } }));
    assert.equal(expectJson(request(server, "GET", r.api)).gated, "auto");
    expectJson(request(server, "PUT", `${r.api}/settings`, { json: { gated: false } }));
    assert.equal(expectJson(request(server, "GET", r.api)).gated, false);
  });
  test("settings without a token -> 401, unchanged", () => {
    const r = createRepo(server, "s3");
    expectStatus(request(server, "PUT", `${r.api}/settings`, { auth: false, json: { private: true } }), 401, 403);
    assert.equal(expectJson(request(server, "GET", r.api)).private, false);
  });
});

describe("branches and tags", () => {
  let r;
  let c1;
  let c2;
  before(() => {
    r = createRepo(server, "refs");
    c1 = commit(server, r, [{ path: "a.txt", content: "1" }]).commitOid;
    c2 = commit(server, r, [{ path: "a.txt", content: "2" }]).commitOid;
  });
  const branches = () => expectJson(request(server, "GET", `${r.api}/refs`)).branches;
  const tags = () => expectJson(request(server, "GET", `${r.api}/refs`)).tags;

  test("create from main; repeat -> 409; delete", () => {
    expectStatus(request(server, "POST", `${r.api}/branch/dev`, { json: {} }), 200);
    assert.deepEqual(branches().find((b) => b.name === "dev"), { name: "dev", ref: "refs/heads/dev", targetCommit: c2 });
    const again = request(server, "POST", `${r.api}/branch/dev`, { json: {} });
    expectStatus(again, 409);
    expectStatus(request(server, "DELETE", `${r.api}/branch/dev`), 200);
    assert.ok(!branches().some((b) => b.name === "dev"));
    expectStatus(request(server, "DELETE", `${r.api}/branch/dev`), 404);
  });
  test("create from a sha (startingPoint), with '/' in the name (encoded)", () => {
    expectStatus(request(server, "POST", `${r.api}/branch/${encodeURIComponent("feature/one")}`, { json: { startingPoint: c1 } }), 200);
    assert.deepEqual(branches().find((b) => b.name === "feature/one"), { name: "feature/one", ref: "refs/heads/feature/one", targetCommit: c1 });
    const dl = expectStatus(request(server, "GET", `${r.files}/resolve/feature%2Fone/a.txt`), 200);
    assert.equal(dl.text, "1");
    expectStatus(request(server, "DELETE", `${r.api}/branch/${encodeURIComponent("feature/one")}`), 200);
  });
  test("overwrite moves an existing branch; emptyBranch makes an empty commit", () => {
    expectStatus(request(server, "POST", `${r.api}/branch/ow`, { json: { startingPoint: c1 } }), 200);
    expectStatus(request(server, "POST", `${r.api}/branch/ow`, { json: { startingPoint: c2, overwrite: true } }), 200);
    assert.equal(branches().find((b) => b.name === "ow").targetCommit, c2);
    expectStatus(request(server, "POST", `${r.api}/branch/empty`, { json: { emptyBranch: true } }), 200);
    const tree = expectJson(request(server, "GET", `${r.api}/tree/empty?recursive=true&expand=false`));
    assert.deepEqual(tree, []);
  });
  test("branch from an unknown revision -> 404 RevisionNotFound", () => {
    expectError(request(server, "POST", `${r.api}/branch/bad`, { json: { startingPoint: "nope" } }), 404, "RevisionNotFound");
    assert.ok(!branches().some((b) => b.name === "bad"));
  });
  test("tag: create at a revision, repeat -> 409, delete", () => {
    expectStatus(request(server, "POST", `${r.api}/tag/${c1}`, { json: { tag: "v1", message: "release 1" } }), 200);
    assert.deepEqual(tags().find((t) => t.name === "v1"), { name: "v1", ref: "refs/tags/v1", targetCommit: c1 });
    expectStatus(request(server, "POST", `${r.api}/tag/main`, { json: { tag: "v1" } }), 409);
    assert.equal(tags().find((t) => t.name === "v1").targetCommit, c1, "409 left the tag alone");
    const dl = expectStatus(request(server, "GET", `${r.files}/resolve/v1/a.txt`), 200);
    assert.equal(dl.text, "1");
    expectStatus(request(server, "DELETE", `${r.api}/tag/v1`), 200);
    assert.ok(!tags().some((t) => t.name === "v1"));
    expectError(request(server, "GET", `${r.files}/resolve/v1/a.txt`), 404, "RevisionNotFound");
  });
  test("tag with '/' in the name and from a branch with '/'", () => {
    expectStatus(request(server, "POST", `${r.api}/branch/${encodeURIComponent("rel/2")}`, { json: {} }), 200);
    expectStatus(request(server, "POST", `${r.api}/tag/${encodeURIComponent("rel/2")}`, { json: { tag: "release/2.0" } }), 200);
    assert.equal(tags().find((t) => t.name === "release/2.0")?.targetCommit, c2);
    expectStatus(request(server, "DELETE", `${r.api}/tag/${encodeURIComponent("release/2.0")}`), 200);
  });
  test("branch/tag writes without a token -> 401", () => {
    expectStatus(request(server, "POST", `${r.api}/branch/anon`, { auth: false, json: {} }), 401, 403);
    expectStatus(request(server, "POST", `${r.api}/tag/main`, { auth: false, json: { tag: "anon" } }), 401, 403);
    assert.ok(!branches().some((b) => b.name === "anon"));
    assert.ok(!tags().some((t) => t.name === "anon"));
  });
});

describe("shutdown", () => {
  test("SIGTERM stops the server gracefully (exit status 0)", async () => {
    const s = await startServer();
    createRepo(s, "x");
    const status = await s.stop();
    assert.deepEqual(status, { code: 0, signal: null }, `exit status ${JSON.stringify(status)}\n${s.log()}`);
  });
  test("SIGTERM lets a download in flight finish", async () => {
    const s = await startServer();
    const r = createRepo(s, "inflight");
    const buf = randomBytes(32 * 1024 * 1024);
    const { oid } = lfsUpload(s, r, { buf });
    commit(s, r, [{ path: "w.bin", lfs: { oid, size: buf.length } }]);
    const out = join(tempDir(), "w.bin");
    // ~4 s at 8 MiB/s, more than socket buffers hold: SIGTERM arrives mid-body.
    const started = Date.now();
    const done = curlBackground(["-L", "--limit-rate", "8M", "-o", out, `${s.url}/admin/inflight/resolve/main/w.bin`]);
    await sleep(1000);
    const stopped = s.stop();
    assert.equal(await done, 0, "curl completed");
    assert.ok(Date.now() - started > 1500, "the download was still running when SIGTERM was sent");
    const status = await stopped;
    assert.equal(sha256(readFileSync(out)), oid, "the whole file arrived");
    assert.deepEqual(status, { code: 0, signal: null });
  });
  test("SIGKILL during an LFS upload: after restart nothing is stored and the repo is intact", async () => {
    const s = await startServer();
    const r = createRepo(s, "killed");
    commit(s, r, [{ path: "a.txt", content: "a" }]);
    const before = repoState(s, r);
    const buf = randomBytes(8 * 1024 * 1024);
    const oid = sha256(buf);
    const batch = request(s, "POST", "/admin/killed.git/info/lfs/objects/batch", {
      json: { operation: "upload", transfers: ["basic"], hash_algo: "sha256", objects: [{ oid, size: buf.length }] },
      contentType: "application/vnd.git-lfs+json",
    });
    const href = expectJson(batch).objects[0].actions.upload.href;
    const file = join(tempDir(), "up.bin");
    writeFileSync(file, buf);
    const put = curlBackground(["--limit-rate", "2M", "-T", file, href]);
    await sleep(800);
    s.child.kill("SIGKILL");
    await put;
    await s.stop({ keepData: true });
    const s2 = await startServer({ dataDir: s.dataDir, token: s.token });
    try {
      assert.deepEqual(findFiles(s2.dataDir, oid), [], "no blob under its final name");
      assert.deepEqual(repoState(s2, r), before);
      const again = expectJson(request(s2, "POST", "/admin/killed.git/info/lfs/objects/batch", {
        json: { operation: "upload", transfers: ["basic"], objects: [{ oid, size: buf.length }] },
        contentType: "application/vnd.git-lfs+json",
      }));
      assert.ok(again.objects[0].actions?.upload, "the object still has to be uploaded");
      lfsUpload(s2, r, { buf });
      commit(s2, r, [{ path: "w.bin", lfs: { oid, size: buf.length } }]);
      const dl = expectStatus(request(s2, "GET", "/admin/killed/resolve/main/w.bin", { follow: true }), 200);
      assert.equal(sha256(dl.body), oid);
    } finally {
      await s2.stop();
    }
  });
  test("data survives a restart", async () => {
    const s = await startServer();
    const r = createRepo(s, "persist");
    const c = commit(s, r, [{ path: "a.txt", content: "kept" }]);
    await s.stop({ keepData: true });
    const s2 = await startServer({ dataDir: s.dataDir, token: s.token });
    try {
      const dl = expectStatus(request(s2, "GET", "/admin/persist/resolve/main/a.txt"), 200);
      assert.equal(dl.text, "kept");
      assert.equal(dl.header("x-repo-commit"), c.commitOid);
    } finally {
      await s2.stop();
    }
  });
});
