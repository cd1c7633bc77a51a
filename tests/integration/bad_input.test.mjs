// Issue 2 point 6: bad input gets a clear 4xx (X-Error-Code / X-Error-Message where the spec says,
// JSON {"error": ...}), changes nothing (refs, commits and tree compared before and after; no blob
// stored) and the server keeps serving (a request after each).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import {
  assertAlive, commit, commitRaw, createRepo, expectError, expectJson, expectStatus, findFiles,
  lfsUpload, rawRequest, repoState, request, sha256, startServer, tempDir, writeTemp,
} from "./lib/harness.mjs";

let server;
let repo;
let lfs;
let work;

before(async () => {
  server = await startServer();
  work = tempDir();
  repo = createRepo(server, "target");
  const buf = randomBytes(4096);
  lfs = lfsUpload(server, repo, { buf });
  commit(server, repo, [
    { path: "config.json", content: "{}" },
    { path: "dir/a.txt", content: "a" },
    { path: "model.safetensors", lfs: { oid: lfs.oid, size: lfs.size } },
  ]);
  expectStatus(request(server, "POST", `${repo.api}/branch/dev`, { json: {} }), 200);
  // Positive control for the "nothing stored" checks below: a stored blob is findable by its oid.
  assert.equal(findFiles(server.dataDir, lfs.oid).length, 1, "stored LFS blobs are named by their sha256");
});

after(async () => {
  await server?.stop();
});

// Runs `fn` and checks that the repo's refs, commits and tree are the same afterwards and that the
// server still answers.
async function unchanged(fn) {
  const before = repoState(server, repo);
  await fn();
  assert.deepEqual(repoState(server, repo), before, "repo state changed");
  assertAlive(server);
}

function ndjson(lines) {
  return request(server, "POST", `${repo.api}/commit/main`, { body: lines, contentType: "application/x-ndjson" });
}
const headerLine = JSON.stringify({ key: "header", value: { summary: "bad" } });
const fileLine = (path) => JSON.stringify({ key: "file", value: { path, content: "eA==", encoding: "base64" } });

describe("missing repo / revision / entry", () => {
  test("missing repo: anonymous 401, authenticated 404, both RepoNotFound", () => unchanged(() => {
    expectError(request(server, "GET", "/api/models/admin/missing", { auth: false }), 401, "RepoNotFound");
    expectError(request(server, "GET", "/api/models/admin/missing"), 404, "RepoNotFound");
    expectError(request(server, "GET", "/admin/missing/resolve/main/config.json", { auth: false }), 401, "RepoNotFound");
    expectError(request(server, "GET", "/admin/missing/resolve/main/config.json"), 404, "RepoNotFound");
    expectError(request(server, "POST", "/api/models/admin/missing/commit/main", { body: `${headerLine}\n${fileLine("a")}\n`, contentType: "application/x-ndjson" }), 404, "RepoNotFound");
    expectError(request(server, "POST", "/api/models/admin/missing/preupload/main", { json: { files: [] } }), 404, "RepoNotFound");
    expectError(request(server, "POST", "/api/models/admin/missing/branch/x", { json: {} }), 404, "RepoNotFound");
  }));
  test("missing revision -> 404 RevisionNotFound", () => unchanged(() => {
    expectError(request(server, "GET", `${repo.files}/resolve/nope/config.json`), 404, "RevisionNotFound");
    expectError(request(server, "GET", `${repo.api}/revision/nope`), 404, "RevisionNotFound");
    expectError(request(server, "GET", `${repo.api}/tree/nope`), 404, "RevisionNotFound");
    expectError(request(server, "POST", `${repo.api}/paths-info/nope`, { json: { paths: ["config.json"] } }), 404, "RevisionNotFound");
    expectError(request(server, "GET", `${repo.api}/commits/nope`), 404, "RevisionNotFound");
    expectError(request(server, "POST", `${repo.api}/tag/nope`, { json: { tag: "t" } }), 404, "RevisionNotFound");
  }));
  test("missing entry -> 404 EntryNotFound", () => unchanged(() => {
    expectError(request(server, "GET", `${repo.files}/resolve/main/nope.txt`), 404, "EntryNotFound");
    expectError(request(server, "GET", `${repo.files}/raw/main/nope.txt`), 404, "EntryNotFound");
    expectError(request(server, "GET", `${repo.api}/tree/main/nope`), 404, "EntryNotFound");
  }));
  test("unknown route -> 404 JSON, server fine", () => unchanged(() => {
    const res = request(server, "GET", "/api/definitely/not/a/route");
    expectStatus(res, 404);
  }));
});

describe("stale parent", () => {
  test("412, branch unchanged", () => unchanged(() => {
    const log = expectJson(request(server, "GET", `${repo.api}/commits/main`));
    const old = log.at(-1).id;
    expectError(commitRaw(server, repo, [{ path: "x.txt", content: "x" }], { parent: old }), 412);
    expectError(commitRaw(server, repo, [{ path: "x.txt", content: "x" }], { parent: "f".repeat(40) }), [404, 409, 412]);
  }));
});

describe("bad paths in commits", () => {
  const bad = ["../x", "a/../../x", "/abs", "a//b", ".git/config", ".git", "sub/.git/HEAD", "./x", "a/./b", "a/..",
    "x\u0000y", "", "a/", "dir/a.txt/child"];
  for (const path of bad) {
    test(`file path ${JSON.stringify(path)} -> 400`, () => unchanged(() => {
      expectError(ndjson(`${headerLine}\n${fileLine(path)}\n`), [400, 409, 422]);
    }));
  }
  test("lfsFile with a traversal path -> 400", () => unchanged(() => {
    expectError(commitRaw(server, repo, [{ path: "../escape.bin", lfs: { oid: lfs.oid, size: lfs.size } }]), [400, 422]);
  }));
  test("deletedFile / deletedFolder with traversal paths -> 4xx", () => unchanged(() => {
    expectError(commitRaw(server, repo, [{ deleteFile: "../config.json" }]), [400, 404, 422]);
    expectError(commitRaw(server, repo, [{ deleteFolder: "/dir" }]), [400, 404, 422]);
    expectError(commitRaw(server, repo, [{ deleteFolder: "../" }]), [400, 404, 422]);
  }));
  test("a good file next to a bad one: the whole commit is refused", () => unchanged(() => {
    expectError(ndjson(`${headerLine}\n${fileLine("good.txt")}\n${fileLine("../bad")}\n`), [400, 422]);
  }));
  test("invalid UTF-8 in an NDJSON path -> 400", () => unchanged(() => {
    const line = Buffer.concat([Buffer.from('{"key":"file","value":{"path":"bad'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('.txt","content":"eA==","encoding":"base64"}}')]);
    expectError(ndjson(Buffer.concat([Buffer.from(headerLine + "\n"), line, Buffer.from("\n")])), [400, 422]);
  }));
  test("lone surrogate escape in a path -> 400", () => unchanged(() => {
    expectError(ndjson(`${headerLine}\n{"key":"file","value":{"path":"a\\ud800b","content":"eA==","encoding":"base64"}}\n`), [400, 422]);
  }));
  test("invalid UTF-8 in the commit summary -> 400", () => unchanged(() => {
    const body = Buffer.concat([Buffer.from('{"key":"header","value":{"summary":"bad '), Buffer.from([0xff]), Buffer.from('"}}\n'), Buffer.from(fileLine("config.json") + "\n")]);
    const res = ndjson(body);
    expectStatus(res, 400, 422);
  }));
});

describe("malformed NDJSON", () => {
  const cases = {
    "not JSON": "this is not json\n",
    "empty body": "",
    "truncated line": `${headerLine}\n{"key":"file","value":{"path":"a"\n`,
    "no header line": `${fileLine("a.txt")}\n`,
    "header not first": `${fileLine("a.txt")}\n${headerLine}\n`,
    "unknown key": `${headerLine}\n{"key":"bogus","value":{"path":"a.txt"}}\n`,
    "file without path": `${headerLine}\n{"key":"file","value":{"content":"eA==","encoding":"base64"}}\n`,
    "path not a string": `${headerLine}\n{"key":"file","value":{"path":42,"content":"eA==","encoding":"base64"}}\n`,
    "invalid base64": `${headerLine}\n{"key":"file","value":{"path":"a.txt","content":"!!!not base64!!!","encoding":"base64"}}\n`,
    "unknown encoding": `${headerLine}\n{"key":"file","value":{"path":"a.txt","content":"x","encoding":"rot13"}}\n`,
    "lfsFile with a bad oid": `${headerLine}\n{"key":"lfsFile","value":{"path":"a.bin","algo":"sha256","oid":"xyz","size":3}}\n`,
    "lfsFile with a negative size": `${headerLine}\n{"key":"lfsFile","value":{"path":"a.bin","algo":"sha256","oid":"${"a".repeat(64)}","size":-1}}\n`,
    "a JSON array line": `${headerLine}\n[1,2,3]\n`,
    "header without summary object": '{"key":"header","value":"nope"}\n' + fileLine("a.txt") + "\n",
    "parentCommit not hex": JSON.stringify({ key: "header", value: { summary: "s", parentCommit: "zzzz" } }) + "\n" + fileLine("a.txt") + "\n",
  };
  for (const [name, body] of Object.entries(cases)) {
    test(`${name} -> 4xx`, () => unchanged(() => {
      expectError(ndjson(body), [400, 404, 409, 412, 422]);
    }));
  }
});

describe("malformed JSON bodies on the other write endpoints", () => {
  test("create / preupload / paths-info / batch / branch / settings with broken JSON -> 400", () => unchanged(() => {
    const broken = '{"name": "x", ';
    expectError(request(server, "POST", "/api/repos/create", { json: broken }), [400, 422]);
    expectError(request(server, "POST", `${repo.api}/preupload/main`, { json: broken }), [400, 422]);
    expectError(request(server, "POST", `${repo.api}/paths-info/main`, { json: broken }), [400, 422]);
    expectError(request(server, "POST", `${repo.files}.git/info/lfs/objects/batch`, { json: broken, contentType: "application/vnd.git-lfs+json" }), [400, 422]);
    expectError(request(server, "POST", `${repo.api}/branch/x`, { json: broken }), [400, 422]);
    expectError(request(server, "PUT", `${repo.api}/settings`, { json: broken }), [400, 422]);
    expectError(request(server, "POST", `${repo.api}/preupload/main`, { json: { files: "nope" } }), [400, 422]);
    // An invalid object is refused either for the whole batch or per object (git-lfs batch API).
    const res = request(server, "POST", `${repo.files}.git/info/lfs/objects/batch`, { json: { operation: "upload", objects: [{ oid: "not-hex", size: 1 }] }, contentType: "application/vnd.git-lfs+json" });
    if (res.status === 200) {
      const obj = res.json().objects?.[0];
      assert.ok(obj?.error?.code >= 400 && !obj.actions, `per-object error expected:\n${res.describe()}`);
    } else {
      expectError(res, [400, 422]);
    }
  }));
});

describe("LFS uploads that do not match", () => {
  function batchFor(oid, size) {
    const res = request(server, "POST", `${repo.files}.git/info/lfs/objects/batch`, {
      json: { operation: "upload", transfers: ["basic"], hash_algo: "sha256", objects: [{ oid, size }] },
      contentType: "application/vnd.git-lfs+json",
    });
    const body = expectJson(res);
    assert.ok(body.objects[0].actions?.upload?.href, res.describe());
    return body.objects[0].actions.upload.href;
  }
  function assertNotStored(oid, size) {
    assert.deepEqual(findFiles(server.dataDir, oid), [], `no file named after ${oid} under the data dir`);
    const href = batchFor(oid, size);
    assert.ok(href, "batch still asks for the upload");
    expectError(commitRaw(server, repo, [{ path: "mismatch.bin", lfs: { oid, size } }]), [400, 404, 409, 412, 422]);
  }
  for (const [name, mutate] of [
    ["one byte short", (b) => b.subarray(0, b.length - 1)],
    ["one byte too many", (b) => Buffer.concat([b, Buffer.from([7])])],
    ["right size, wrong sha256", (b) => Buffer.concat([b.subarray(0, b.length - 1), Buffer.from([b[b.length - 1] ^ 1])])],
    ["empty body", () => Buffer.alloc(0)],
  ]) {
    test(`PUT ${name} -> 4xx, nothing stored, commit referencing it fails`, () => unchanged(() => {
      const buf = randomBytes(200000);
      const oid = sha256(buf);
      const href = batchFor(oid, buf.length);
      const put = request(server, "PUT", href, { auth: false, body: mutate(buf) });
      expectError(put, [400, 409, 411, 413, 422]);
      assertNotStored(oid, buf.length);
    }));
  }
  test("PUT to a tampered or unsigned href -> 401/403, nothing stored", () => unchanged(() => {
    const buf = randomBytes(1000);
    const oid = sha256(buf);
    const href = new URL(batchFor(oid, buf.length));
    const tampered = new URL(href);
    for (const [k, v] of tampered.searchParams) tampered.searchParams.set(k, v.replace(/.$/, (c) => (c === "0" ? "1" : "0")));
    if (![...href.searchParams].length) tampered.pathname += "x";
    expectStatus(request(server, "PUT", tampered.toString(), { auth: false, body: buf }), 400, 401, 403, 404);
    const unsigned = new URL(href);
    unsigned.search = "";
    expectStatus(request(server, "PUT", unsigned.toString(), { auth: false, body: buf }), 400, 401, 403, 404);
    assertNotStored(oid, buf.length);
  }));
  test("verify of an object that was never uploaded -> 4xx", () => unchanged(() => {
    const buf = randomBytes(100);
    const oid = sha256(buf);
    const res = request(server, "POST", `${repo.files}.git/info/lfs/objects/batch`, {
      json: { operation: "upload", transfers: ["basic"], objects: [{ oid, size: 100 }] }, contentType: "application/vnd.git-lfs+json",
    });
    const verify = expectJson(res).objects[0].actions?.verify;
    if (verify) {
      const v = request(server, "POST", verify.href, { json: { oid, size: 100 }, contentType: "application/vnd.git-lfs+json",
        headers: Object.entries(verify.header ?? {}).map(([k, x]) => `${k}: ${x}`) });
      expectStatus(v, 400, 404, 422);
    }
  }));
  test("lfsFile with the right oid but a wrong size -> 4xx", () => unchanged(() => {
    expectError(commitRaw(server, repo, [{ path: "wrong-size.bin", lfs: { oid: lfs.oid, size: lfs.size + 1 } }]), [400, 409, 422]);
  }));
});

describe("multipart uploads that do not match", () => {
  // Just over one 64 MiB default chunk is enough for two parts; the chunk size comes from the answer.
  const size = 64 * 1024 * 1024 + 4096;
  let buf;
  let oid;
  let upload;
  let parts;
  before(() => {
    buf = randomBytes(size);
    oid = sha256(buf);
  });
  function offer() {
    const res = request(server, "POST", `${repo.files}.git/info/lfs/objects/batch`, {
      json: { operation: "upload", transfers: ["basic", "multipart"], hash_algo: "sha256", objects: [{ oid, size }] },
      contentType: "application/vnd.git-lfs+json",
    });
    const body = expectJson(res);
    assert.equal(body.transfer, "multipart", res.describe());
    upload = body.objects[0].actions.upload;
    const chunk = parseInt(upload.header.chunk_size, 10);
    parts = Object.keys(upload.header).filter((k) => /^[0-9]+$/.test(k)).sort((a, b) => Number(a) - Number(b))
      .map((k, i) => ({ key: k, href: upload.header[k], data: buf.subarray(i * chunk, Math.min(size, (i + 1) * chunk)) }));
  }
  const complete = (partList) => request(server, "POST", upload.href, {
    auth: false, json: { oid, parts: partList }, contentType: "application/vnd.git-lfs+json",
  });
  test("part of the wrong size -> 4xx", () => unchanged(() => {
    offer();
    expectStatus(request(server, "PUT", parts[0].href, { auth: false, body: parts[0].data.subarray(1) }), 400, 409, 413, 422);
  }));
  test("completion with a wrong ETag, a missing part, or corrupted data -> 4xx, nothing stored", () => unchanged(() => {
    offer();
    const etags = parts.map((p) => {
      const put = expectStatus(request(server, "PUT", p.href, { auth: false, body: p.data }), 200, 201, 204);
      return { partNumber: Number(p.key), etag: put.header("etag") };
    });
    expectStatus(complete(etags.slice(0, 1)), 400, 409, 422);
    expectStatus(complete([]), 400, 409, 422);
    // Re-upload part 1 with one flipped byte: the assembled object no longer hashes to the oid.
    const bad = Buffer.from(parts[0].data);
    bad[0] ^= 1;
    const put = expectStatus(request(server, "PUT", parts[0].href, { auth: false, body: bad }), 200, 201, 204);
    const corrupted = [{ partNumber: 1, etag: put.header("etag") }, ...etags.slice(1)];
    expectStatus(complete(corrupted), 400, 409, 422);
    assert.deepEqual(findFiles(server.dataDir, oid).filter((f) => !/part|upload|tmp/.test(f)), []);
    expectError(commitRaw(server, repo, [{ path: "multi.bin", lfs: { oid, size } }]), [400, 404, 409, 412, 422]);
    // The server checks the assembled bytes against the sha256; an ETag mismatch on otherwise
    // correct parts may be refused or accepted, but must never store wrong bytes.
    expectStatus(request(server, "PUT", parts[0].href, { auth: false, body: parts[0].data }), 200, 201, 204);
    const wrongEtag = complete(etags.map((e, i) => (i === 1 ? { ...e, etag: '"0000"' } : e)));
    expectStatus(wrongEtag, 200, 400, 409, 422);
  }));
});

describe("commits to refs that are not branches", () => {
  test("commit to a tag or a sha -> 4xx, tag unchanged", () => unchanged(() => {
    const sha = expectJson(request(server, "GET", `${repo.api}/refs`)).branches.find((b) => b.name === "main").targetCommit;
    expectStatus(request(server, "POST", `${repo.api}/tag/main`, { json: { tag: "frozen" } }), 200);
    const before = repoState(server, repo);
    expectError(commitRaw(server, repo, [{ path: "x.txt", content: "x" }], { revision: "frozen" }), [400, 403, 404, 409]);
    expectError(commitRaw(server, repo, [{ path: "x.txt", content: "x" }], { revision: sha }), [400, 403, 404, 409]);
    expectError(commitRaw(server, repo, [{ path: "x.txt", content: "x" }], { revision: "frozen", createPr: true }), 404, "RevisionNotFound");
    assert.deepEqual(repoState(server, repo), before);
    expectStatus(request(server, "DELETE", `${repo.api}/tag/frozen`), 200);
  }));
});

describe("oversized requests", () => {
  test("headers over the limit -> 431", () => unchanged(() => {
    const file = writeTemp(work, "big-header.txt", `X-Big: ${"a".repeat(100 * 1024)}\r\n`);
    const res = request(server, "GET", `${repo.files}/resolve/main/config.json`, { headers: [`@${file}`], allowExit: [52, 56] });
    expectStatus(res, 431);
  }));
  test("many headers over the limit -> 431", () => unchanged(() => {
    const lines = Array.from({ length: 2000 }, (_, i) => `X-H${i}: ${"b".repeat(40)}`).join("\r\n") + "\r\n";
    const file = writeTemp(work, "many-headers.txt", lines);
    const res = request(server, "GET", `${repo.files}/resolve/main/config.json`, { headers: [`@${file}`], allowExit: [52, 56] });
    expectStatus(res, 431);
  }));
  test("request target over the limit -> 414 or 431", () => unchanged(() => {
    const res = request(server, "GET", `${repo.files}/resolve/main/${"p".repeat(100 * 1024)}`, { allowExit: [52, 56] });
    expectStatus(res, 414, 431);
  }));
  test("declared Content-Length of 1 TiB on JSON and NDJSON endpoints -> 413 without reading", async () => {
    await unchanged(async () => {
      for (const path of ["/api/repos/create", `${repo.api}/commit/main`, `${repo.api}/preupload/main`, `${repo.api}/paths-info/main`]) {
        const res = await rawRequest(server, `POST ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${server.token}\r\nContent-Type: application/json\r\nContent-Length: 1099511627776\r\n\r\n{`);
        assert.equal(res.status, 413, `${path}: ${res.describe()}`);
      }
    });
  });
  test("a real 80 MiB JSON body -> 413", () => unchanged(() => {
    const file = writeTemp(work, "huge.json", `{"name":"x","organization":"admin","pad":"${"z".repeat(80 * 1024 * 1024)}"}`);
    const res = request(server, "POST", "/api/repos/create", { file, contentType: "application/json", allowExit: [55, 56] });
    expectStatus(res, 413);
    expectError(request(server, "GET", "/api/models/admin/x"), 404, "RepoNotFound");
  }));
  test("PUT to an LFS href larger than the announced size -> 4xx early", () => unchanged(async () => {
    const size = 1000;
    const buf = randomBytes(size);
    const oid = sha256(buf);
    const res = request(server, "POST", `${repo.files}.git/info/lfs/objects/batch`, {
      json: { operation: "upload", transfers: ["basic"], objects: [{ oid, size }] }, contentType: "application/vnd.git-lfs+json",
    });
    const href = new URL(expectJson(res).objects[0].actions.upload.href);
    const raw = await rawRequest(server, `PUT ${href.pathname}${href.search} HTTP/1.1\r\nHost: x\r\nContent-Length: 1099511627776\r\n\r\nabc`);
    assert.ok(raw.status >= 400 && raw.status < 500, raw.describe());
    assert.deepEqual(findFiles(server.dataDir, oid), []);
  }));
});

describe("error responses stay readable", () => {
  // Node's fetch (undici, under @huggingface/hub) refuses response headers over 16 KiB, so an
  // X-Error-Message that echoes a long bad input makes the error itself unreadable.
  test("X-Error-Message is bounded for long bad paths; fetch() can read the 4xx", async () => {
    await unchanged(async () => {
      const longPath = "a/".repeat(12000) + "x";
      const body = `${headerLine}\n${fileLine(longPath)}\n`;
      const res = ndjson(body);
      expectError(res, [400, 413, 414, 422]);
      assert.ok((res.header("x-error-message") ?? "").length <= 2048,
        `X-Error-Message is ${res.header("x-error-message")?.length} bytes`);
      const f = await fetch(`${server.url}${repo.api}/commit/main`, {
        method: "POST", body, headers: { Authorization: `Bearer ${server.token}`, "Content-Type": "application/x-ndjson" },
      }).catch((e) => e);
      assert.ok(!(f instanceof Error), `fetch failed: ${f?.cause?.code ?? f?.message}`);
      assert.ok(f.status >= 400 && f.status < 500);
      const missing = `${repo.files}/resolve/main/${"b".repeat(30000)}`;
      const r2 = request(server, "GET", missing);
      expectStatus(r2, 400, 404, 414);
      assert.ok((r2.header("x-error-message") ?? "").length <= 2048, `X-Error-Message is ${r2.header("x-error-message")?.length} bytes`);
      const f2 = await fetch(server.url + missing).catch((e) => e);
      assert.ok(!(f2 instanceof Error), `fetch failed: ${f2?.cause?.code ?? f2?.message}`);
    });
  });
});

describe("protocol garbage", () => {
  test("raw NUL byte in the request path -> 400", async () => {
    await unchanged(async () => {
      const res = await rawRequest(server, `GET ${repo.files}/resolve/main/a\u0000b HTTP/1.1\r\nHost: x\r\n\r\n`);
      assert.ok(res.status === 400 || res.status === 404, res.describe());
    });
  });
  test("%00 in a path -> 4xx", () => unchanged(() => {
    expectStatus(request(server, "GET", `${repo.files}/resolve/main/config.json%00.txt`), 400, 404);
    expectStatus(request(server, "GET", `${repo.api}/tree/main/dir%00`), 400, 404);
  }));
  test("%2e%2e traversal in resolve path -> 4xx", () => unchanged(() => {
    expectStatus(request(server, "GET", `${repo.files}/resolve/main/%2e%2e/%2e%2e/etc/passwd`), 400, 404);
    expectStatus(request(server, "GET", `${repo.files}/resolve/main/../../etc/passwd`), 400, 404);
    expectStatus(request(server, "GET", `${repo.files}/resolve/main/dir%2F..%2F..%2Fx`), 400, 404);
  }));
  test("invalid percent-encoding -> 400", () => unchanged(() => {
    expectStatus(request(server, "GET", `${repo.files}/resolve/main/%zz`), 400, 404);
    expectStatus(request(server, "GET", `${repo.api}/tree/main/%`), 400, 404);
  }));
  test("garbage request line -> 400 (or closed), server keeps serving", async () => {
    await unchanged(async () => {
      const res = await rawRequest(server, "THIS IS NOT HTTP\r\n\r\n");
      assert.ok(res.status === 0 || res.status === 400, res.describe());
      const res2 = await rawRequest(server, "GET / HTTP/9.9\r\n\r\n");
      assert.ok(res2.status === 0 || (res2.status >= 400 && res2.status < 600 && res2.status !== 500), res2.describe());
    });
  });
  test("invalid Authorization headers -> 401, not 500", () => unchanged(() => {
    for (const h of ["Authorization: Bearer", "Authorization: Bearer hf_", "Authorization: Basic !!!", "Authorization: Basic " + Buffer.from("user:hf_wrong").toString("base64"), "Authorization: Token abc"]) {
      const res = request(server, "GET", "/api/whoami-v2", { auth: false, headers: [h] });
      expectStatus(res, 400, 401);
    }
  }));
});

describe("invalid repo names", () => {
  const names = ["a..b", "a--b", "", "x".repeat(97), "bad name", "a/b", "ü", "..", ".", "semi;colon", "new\nline"];
  for (const name of names) {
    test(`create ${JSON.stringify(name)} -> 400, nothing created`, () => unchanged(() => {
      const before = expectJson(request(server, "GET", "/api/models")).map((m) => m.id);
      expectError(request(server, "POST", "/api/repos/create", { json: { name, organization: "admin", type: "model" } }), [400, 422]);
      assert.deepEqual(expectJson(request(server, "GET", "/api/models")).map((m) => m.id), before);
    }));
  }
  test("invalid organization and type -> 4xx", () => unchanged(() => {
    expectError(request(server, "POST", "/api/repos/create", { json: { name: "ok", organization: "bad--org", type: "model" } }), [400, 403, 422]);
    expectError(request(server, "POST", "/api/repos/create", { json: { name: "ok2", organization: "admin", type: "bucketz" } }), [400, 422]);
    expectError(request(server, "POST", "/api/repos/create", { json: { name: 42, organization: "admin" } }), [400, 422]);
  }));
  test("move to an invalid name -> 400, repo keeps its name", () => unchanged(() => {
    expectError(request(server, "POST", "/api/repos/move", { json: { fromRepo: repo.id, toRepo: "admin/a..b", type: "model" } }), [400, 422]);
    expectError(request(server, "POST", "/api/repos/move", { json: { fromRepo: repo.id, toRepo: "no-namespace", type: "model" } }), [400, 422]);
    expectJson(request(server, "GET", repo.api));
  }));
  test("GET with an invalid repo name -> 4xx, not 500", () => unchanged(() => {
    expectStatus(request(server, "GET", "/api/models/admin/a..b"), 400, 401, 404);
    expectStatus(request(server, "GET", `/api/models/admin/${"x".repeat(300)}`), 400, 401, 404);
  }));
  test("invalid branch and tag names -> 4xx, refs unchanged", () => unchanged(() => {
    for (const name of ["a..b", "with space", "x~1", "end.lock", "a:b", "a\\b"]) {
      expectError(request(server, "POST", `${repo.api}/branch/${encodeURIComponent(name)}`, { json: {} }), [400, 409, 422]);
      expectError(request(server, "POST", `${repo.api}/tag/main`, { json: { tag: name } }), [400, 409, 422]);
    }
    expectStatus(request(server, "POST", `${repo.api}/branch/dev`, { json: {} }), 409);
  }));
  test("branch names that clash with an existing ref as directory/file (git D/F conflict) -> 4xx", () => unchanged(() => {
    // refs/heads/main and refs/heads/main/x cannot both exist in a git repository: a clone or
    // fetch of such a repo fails, so the server must refuse the second one.
    expectError(request(server, "POST", `${repo.api}/branch/${encodeURIComponent("main/x")}`, { json: {} }), [400, 409, 422]);
    expectError(request(server, "POST", `${repo.api}/branch/${encodeURIComponent("dev/sub")}`, { json: {} }), [400, 409, 422]);
  }));
  test("deleting main -> 4xx", () => unchanged(() => {
    expectStatus(request(server, "DELETE", `${repo.api}/branch/main`), 400, 403, 409);
  }));
});
