// resolve/raw downloads (spec §2): every §2.1 header for regular and LFS files, GET and HEAD,
// Range -> 206, unsatisfiable Range -> 416, and every revision form of §1 (branch, branch with '/'
// encoded and raw, tag, short and full sha, refs/pr/N encoded, HEAD).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  commit, createRepo, expectError, expectJson, expectStatus, gitBlobSha1, lfsPointer, lfsUpload,
  makeSafetensors, request, sha256, startServer,
} from "./lib/harness.mjs";

let server;
let repo;
const config = Buffer.from(JSON.stringify({ model_type: "bert", hidden_size: 32 }, null, 2) + "\n");
const nested = Buffer.from("hello from a nested file\n");
const st = makeSafetensors([{ name: "w", dtype: "F32", shape: [256, 1024] }, { name: "b", dtype: "F16", shape: [1024] }]);
let lfsOid;
let mainSha;
let branchSha;
let prSha;
let prNumber;
let tagSha;

before(async () => {
  server = await startServer();
  repo = createRepo(server, "dl");
  const up = lfsUpload(server, repo, { buf: st.buf });
  lfsOid = up.oid;
  tagSha = commit(server, repo, [
    { path: "config.json", content: config },
    { path: "sub/dir/a.txt", content: nested },
    { path: "model.safetensors", lfs: { oid: lfsOid, size: st.buf.length } },
  ], { summary: "add files" }).commitOid;
  let r = request(server, "POST", `${repo.api}/tag/main`, { json: { tag: "v1.0", message: "first" } });
  expectStatus(r, 200);
  r = request(server, "POST", `${repo.api}/branch/${encodeURIComponent("feat/x")}`, { json: {} });
  expectStatus(r, 200);
  branchSha = commit(server, repo, [{ path: "only-on-branch.txt", content: "branch\n" }], { revision: "feat/x" }).commitOid;
  const pr = commit(server, repo, [{ path: "only-on-pr.txt", content: "pr\n" }], { createPr: true });
  prSha = pr.commitOid;
  prNumber = Number(/\/discussions\/(\d+)$/.exec(pr.pullRequestUrl)?.[1]);
  mainSha = commit(server, repo, [{ path: "README.md", content: "# dl\n" }]).commitOid;
});

after(async () => {
  await server?.stop();
});

const url = (rev, path, kind = "resolve") => `${repo.files}/${kind}/${rev}/${path}`;

function assertNoXet(res) {
  for (const [name, value] of res.rawHeaders) {
    assert.ok(!name.startsWith("x-xet-"), `no X-Xet-* headers (spec §9):\n${res.describe()}`);
    if (name === "link") assert.ok(!/xet/.test(value), `no xet Link (spec §9):\n${res.describe()}`);
    if (name === "content-type") assert.ok(!/xet/.test(value), `no xet content type:\n${res.describe()}`);
  }
  assert.equal(res.header("content-encoding") ?? "identity", "identity", `never gzip /resolve (§2.2):\n${res.describe()}`);
}

function assertRegularHeaders(res, content, commitSha) {
  assert.equal(res.header("x-repo-commit"), commitSha, `X-Repo-Commit:\n${res.describe()}`);
  assert.equal(res.header("etag"), `"${gitBlobSha1(content)}"`, `ETag = quoted git blob sha1:\n${res.describe()}`);
  assert.equal(res.header("accept-ranges"), "bytes", `Accept-Ranges:\n${res.describe()}`);
  assertNoXet(res);
}

describe("resolve regular file", () => {
  test("GET 200 with body and §2.1 headers", () => {
    const res = expectStatus(request(server, "GET", url("main", "config.json")), 200);
    assert.deepEqual(res.body, config);
    assertRegularHeaders(res, config, mainSha);
    assert.equal(res.header("content-length"), String(config.length));
  });
  test("HEAD 200 with Content-Length, no body", () => {
    const res = expectStatus(request(server, "HEAD", url("main", "config.json")), 200);
    assertRegularHeaders(res, config, mainSha);
    assert.equal(res.header("content-length"), String(config.length), res.describe());
    assert.equal(res.body.length, 0);
  });
  test("anonymous GET of a public repo", () => {
    const res = expectStatus(request(server, "GET", url("main", "config.json"), { auth: false }), 200);
    assert.deepEqual(res.body, config);
  });
  test("nested path, raw and percent-encoded slash", () => {
    let res = expectStatus(request(server, "GET", url("main", "sub/dir/a.txt")), 200);
    assert.deepEqual(res.body, nested);
    res = expectStatus(request(server, "GET", url("main", "sub%2Fdir%2Fa.txt")), 200);
    assert.deepEqual(res.body, nested);
  });
  test("never gzip, even when the client asks for it (§2.2)", () => {
    for (const path of [url("main", "config.json"), url("main", "model.safetensors")]) {
      const res = expectStatus(request(server, "GET", path, { headers: ["Accept-Encoding: gzip, deflate, br"], follow: true }), 200);
      assertNoXet(res);
    }
  });
  test("?noContentDisposition=1 is accepted", () => {
    const res = expectStatus(request(server, "GET", url("main", "config.json") + "?noContentDisposition=1"), 200);
    assert.deepEqual(res.body, config);
  });
  test("raw GET and HEAD", () => {
    let res = expectStatus(request(server, "GET", url("main", "config.json", "raw")), 200);
    assert.deepEqual(res.body, config);
    assertRegularHeaders(res, config, mainSha);
    res = expectStatus(request(server, "HEAD", url("main", "config.json", "raw")), 200);
    assert.equal(res.header("content-length"), String(config.length));
  });
});

describe("resolve LFS file", () => {
  // Spec §2.2 allows 200 with ETag = sha256, or a 3xx to an absolute URL carrying X-Linked-*.
  function checkLfsHead(res) {
    assert.equal(res.header("x-repo-commit"), mainSha, `X-Repo-Commit:\n${res.describe()}`);
    assertNoXet(res);
    if (res.status >= 300 && res.status < 400) {
      assert.equal(res.header("x-linked-etag"), `"${lfsOid}"`, `X-Linked-Etag on 3xx:\n${res.describe()}`);
      assert.equal(res.header("x-linked-size"), String(st.buf.length), `X-Linked-Size on 3xx:\n${res.describe()}`);
      assert.match(res.header("location") ?? "", /^https?:\/\//, `absolute Location:\n${res.describe()}`);
    } else {
      expectStatus(res, 200);
      assert.equal(res.header("etag"), `"${lfsOid}"`, `ETag = quoted sha256 for LFS:\n${res.describe()}`);
      assert.equal(res.header("content-length"), String(st.buf.length), res.describe());
      assert.equal(res.header("accept-ranges"), "bytes", res.describe());
      if (res.header("x-linked-etag")) assert.equal(res.header("x-linked-etag"), `"${lfsOid}"`);
      if (res.header("x-linked-size")) assert.equal(res.header("x-linked-size"), String(st.buf.length));
    }
  }
  test("HEAD (no redirect following, like Python) carries the headers", () => {
    checkLfsHead(request(server, "HEAD", url("main", "model.safetensors")));
  });
  test("GET (no redirect following) carries the headers", () => {
    const res = request(server, "GET", url("main", "model.safetensors"));
    checkLfsHead(res);
    if (res.status === 200) assert.equal(sha256(res.body), lfsOid);
  });
  test("GET following redirects returns the exact bytes", () => {
    const res = expectStatus(request(server, "GET", url("main", "model.safetensors"), { follow: true }), 200);
    assert.equal(res.body.length, st.buf.length);
    assert.equal(sha256(res.body), lfsOid);
  });
  test("JS fileDownloadInfo probe: Range bytes=0-0 -> 206 + Content-Range + ETag on final response", () => {
    const res = request(server, "GET", url("main", "model.safetensors"), {
      range: "bytes=0-0", follow: true, headers: ["Accept: application/vnd.xet-fileinfo+json, */*"],
    });
    expectStatus(res, 206);
    assert.equal(res.header("content-range"), `bytes 0-0/${st.buf.length}`, res.describe());
    assert.ok(res.header("etag") || res.header("x-linked-etag"), `ETag or X-Linked-ETag:\n${res.describe()}`);
    assert.equal(res.body.length, 1);
    assert.equal(res.body[0], st.buf[0]);
    assertNoXet(res);
  });
  test("get_safetensors_metadata ranges: bytes=0-100000 and bytes=8-<n+7>", () => {
    let res = expectStatus(request(server, "GET", url("main", "model.safetensors"), { range: "bytes=0-100000", follow: true }), 206);
    assert.deepEqual(res.body, st.buf.subarray(0, 100001));
    assert.equal(res.header("content-range"), `bytes 0-100000/${st.buf.length}`);
    const n = Number(st.buf.readBigUInt64LE(0));
    res = expectStatus(request(server, "GET", url("main", "model.safetensors"), { range: `bytes=8-${n + 7}`, follow: true }), 206);
    assert.deepEqual(res.body, st.buf.subarray(8, n + 8));
    JSON.parse(res.text);
  });
  test("raw of an LFS file is the pointer", () => {
    const pointer = Buffer.from(lfsPointer(lfsOid, st.buf.length));
    const res = expectStatus(request(server, "GET", url("main", "model.safetensors", "raw")), 200);
    assert.equal(res.text, pointer.toString());
    assert.equal(res.header("x-repo-commit"), mainSha, res.describe());
    assert.equal(res.header("etag"), `"${gitBlobSha1(pointer)}"`, `raw ETag = pointer blob sha1:\n${res.describe()}`);
  });
  test("JS fileExists: HEAD raw -> 200, missing -> 404", () => {
    expectStatus(request(server, "HEAD", url("main", "model.safetensors", "raw")), 200);
    expectStatus(request(server, "HEAD", url("main", "nope.bin", "raw")), 404);
  });
});

describe("Range", () => {
  test("regular file: middle, open-ended and suffix ranges -> 206", () => {
    let res = expectStatus(request(server, "GET", url("main", "config.json"), { range: "bytes=2-9" }), 206);
    assert.deepEqual(res.body, config.subarray(2, 10));
    assert.equal(res.header("content-range"), `bytes 2-9/${config.length}`);
    assert.equal(res.header("content-length"), "8");
    assert.equal(res.header("x-repo-commit"), mainSha, res.describe());
    res = expectStatus(request(server, "GET", url("main", "config.json"), { range: "bytes=5-" }), 206);
    assert.deepEqual(res.body, config.subarray(5));
    res = expectStatus(request(server, "GET", url("main", "config.json"), { range: "bytes=-4" }), 206);
    assert.deepEqual(res.body, config.subarray(config.length - 4));
    assert.equal(res.header("content-range"), `bytes ${config.length - 4}-${config.length - 1}/${config.length}`);
  });
  test("end past the size is clamped", () => {
    const res = expectStatus(request(server, "GET", url("main", "config.json"), { range: `bytes=0-${config.length + 1000}` }), 206);
    assert.deepEqual(res.body, config);
    assert.equal(res.header("content-range"), `bytes 0-${config.length - 1}/${config.length}`);
  });
  test("LFS middle range", () => {
    const res = expectStatus(request(server, "GET", url("main", "model.safetensors"), { range: "bytes=1000-1999", follow: true }), 206);
    assert.deepEqual(res.body, st.buf.subarray(1000, 2000));
    assert.equal(res.header("content-range"), `bytes 1000-1999/${st.buf.length}`);
  });
  test("start beyond the end -> 416 with Content-Range bytes */size", () => {
    let res = expectStatus(request(server, "GET", url("main", "config.json"), { range: `bytes=${config.length}-` }), 416);
    assert.equal(res.header("content-range"), `bytes */${config.length}`, res.describe());
    res = expectStatus(request(server, "GET", url("main", "model.safetensors"), { range: `bytes=${st.buf.length + 10}-${st.buf.length + 20}`, follow: true }), 416);
    assert.equal(res.header("content-range"), `bytes */${st.buf.length}`, res.describe());
  });
  test("malformed Range header never breaks the server (200 full body or 416)", () => {
    for (const range of ["bytes=abc", "bytes=9-2", "items=0-1", "bytes=--1"]) {
      const res = request(server, "GET", url("main", "config.json"), { range });
      expectStatus(res, 200, 416);
      if (res.status === 200) assert.deepEqual(res.body, config);
    }
  });
});

describe("revisions (spec §1)", () => {
  test("tag", () => {
    const res = expectStatus(request(server, "GET", url("v1.0", "config.json")), 200);
    assert.equal(res.header("x-repo-commit"), tagSha);
    expectError(request(server, "GET", url("v1.0", "README.md")), 404, "EntryNotFound");
  });
  test("full and short sha", () => {
    let res = expectStatus(request(server, "GET", url(tagSha, "config.json")), 200);
    assert.equal(res.header("x-repo-commit"), tagSha);
    res = expectStatus(request(server, "HEAD", url(tagSha.slice(0, 7), "config.json")), 200);
    assert.equal(res.header("x-repo-commit"), tagSha, `short sha resolves to full X-Repo-Commit:\n${res.describe()}`);
    res = expectStatus(request(server, "HEAD", url(mainSha.slice(0, 12), "README.md")), 200);
    assert.equal(res.header("x-repo-commit"), mainSha);
  });
  test("HEAD revision = main", () => {
    const res = expectStatus(request(server, "GET", url("HEAD", "README.md")), 200);
    assert.equal(res.header("x-repo-commit"), mainSha);
  });
  test("branch with '/' percent-encoded and raw", () => {
    let res = expectStatus(request(server, "GET", url("feat%2Fx", "only-on-branch.txt")), 200);
    assert.equal(res.header("x-repo-commit"), branchSha, res.describe());
    assert.equal(res.text, "branch\n");
    res = expectStatus(request(server, "GET", url("feat/x", "only-on-branch.txt")), 200);
    assert.equal(res.header("x-repo-commit"), branchSha, res.describe());
    res = expectStatus(request(server, "HEAD", url("feat/x", "sub/dir/a.txt")), 200);
    assert.equal(res.header("x-repo-commit"), branchSha, res.describe());
    expectError(request(server, "GET", url("main", "only-on-branch.txt")), 404, "EntryNotFound");
  });
  test("refs%2Fpr%2FN (Python) and raw refs/pr/N", () => {
    assert.ok(prNumber >= 1, "pull request number");
    let res = expectStatus(request(server, "GET", url(`refs%2Fpr%2F${prNumber}`, "only-on-pr.txt")), 200);
    assert.equal(res.header("x-repo-commit"), prSha, res.describe());
    res = expectStatus(request(server, "GET", url(`refs/pr/${prNumber}`, "only-on-pr.txt")), 200);
    assert.equal(res.header("x-repo-commit"), prSha, res.describe());
    expectError(request(server, "GET", url("main", "only-on-pr.txt")), 404, "EntryNotFound");
  });
  test("unknown revision -> 404 RevisionNotFound", () => {
    expectError(request(server, "GET", url("nope", "config.json")), 404, "RevisionNotFound");
    expectError(request(server, "GET", url("0000000000000000000000000000000000000000", "config.json")), 404, "RevisionNotFound");
    expectError(request(server, "GET", url("refs%2Fpr%2F999", "config.json")), 404, "RevisionNotFound");
    const head = request(server, "HEAD", url("nope", "config.json"));
    expectStatus(head, 404);
    assert.equal(head.header("x-error-code"), "RevisionNotFound", head.describe());
  });
  test("missing file -> 404 EntryNotFound with X-Repo-Commit (GET and HEAD)", () => {
    let res = request(server, "GET", url("main", "missing.json"));
    expectError(res, 404, "EntryNotFound");
    assert.equal(res.header("x-repo-commit"), mainSha, `X-Repo-Commit on EntryNotFound (§2.1):\n${res.describe()}`);
    res = request(server, "HEAD", url("main", "missing.json"));
    expectStatus(res, 404);
    assert.equal(res.header("x-error-code"), "EntryNotFound", res.describe());
    assert.equal(res.header("x-repo-commit"), mainSha, res.describe());
  });
  test("a directory is not a file -> 404 EntryNotFound", () => {
    expectError(request(server, "GET", url("main", "sub/dir")), 404, "EntryNotFound");
  });
  test("repo info by revision: HEAD, tag, encoded branch", () => {
    let info = expectJson(request(server, "GET", `${repo.api}/revision/HEAD`));
    assert.equal(info.sha, mainSha);
    info = expectJson(request(server, "GET", `${repo.api}/revision/v1.0`));
    assert.equal(info.sha, tagSha);
    info = expectJson(request(server, "GET", `${repo.api}/revision/feat%2Fx`));
    assert.equal(info.sha, branchSha);
    info = expectJson(request(server, "GET", `${repo.api}/revision/refs%2Fpr%2F${prNumber}`));
    assert.equal(info.sha, prSha);
    expectError(request(server, "GET", `${repo.api}/revision/nope`), 404, "RevisionNotFound");
  });
});
