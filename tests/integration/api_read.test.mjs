// Read API shapes: repo info (§3), tree / paths-info / refs / commits (§5), the plain listing
// (§4), whoami-v2 (§7), datasets and spaces, the initial commit, and the xet token refusal (§9).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  commit, createRepo, expectError, expectJson, expectStatus, gitBlobSha1, lfsUpload,
  makeSafetensors, paginate, request, startServer,
} from "./lib/harness.mjs";

let server;
let repo;
let st;
let lfsOid;
const readme = `---
license: apache-2.0
library_name: transformers
pipeline_tag: text-classification
language:
- en
- fr
tags:
- sentiment
datasets:
- imdb
---
# Tiny classifier
`;
const config = JSON.stringify({ model_type: "bert", architectures: ["BertForSequenceClassification"] });
const commits = [];
const isoMs = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

before(async () => {
  server = await startServer();
  repo = createRepo(server, "reader");
  st = makeSafetensors([{ name: "w", dtype: "F32", shape: [64, 32] }, { name: "e", dtype: "BF16", shape: [10, 8] }]);
  lfsOid = lfsUpload(server, repo, { buf: st.buf }).oid;
  commits.push(commit(server, repo, [
    { path: "README.md", content: readme },
    { path: "config.json", content: config },
    { path: "model.safetensors", lfs: { oid: lfsOid, size: st.buf.length } },
  ], { summary: "Upload model", description: "with a card" }).commitOid);
  commits.push(commit(server, repo, [{ path: "sub/dir/a.txt", content: "a\n" }, { path: "sub/b.txt", content: "b\n" }], { summary: "Add sub" }).commitOid);
  for (let i = 0; i < 3; i++) commits.push(commit(server, repo, [{ path: "counter.txt", content: `${i}\n` }], { summary: `Count ${i}` }).commitOid);
});

after(async () => {
  await server?.stop();
});

describe("new repo", () => {
  test("starts with one commit holding .gitattributes", () => {
    const fresh = createRepo(server, "fresh");
    const log = expectJson(request(server, "GET", `${fresh.api}/commits/main`));
    assert.equal(log.length, 1, JSON.stringify(log));
    const tree = expectJson(request(server, "GET", `${fresh.api}/tree/main?recursive=true&expand=false`));
    assert.deepEqual(tree.map((e) => e.path), [".gitattributes"]);
    const ga = expectStatus(request(server, "GET", `${fresh.files}/resolve/main/.gitattributes`), 200);
    assert.match(ga.text, /\*\.safetensors filter=lfs diff=lfs merge=lfs -text/);
    const info = expectJson(request(server, "GET", fresh.api));
    assert.equal(info.sha, log[0].id);
  });
});

describe("repo info (§3)", () => {
  test("default shape", () => {
    const info = expectJson(request(server, "GET", repo.api));
    assert.equal(info.id, repo.id);
    assert.equal(typeof info._id, "string");
    assert.ok(info._id.length > 0);
    assert.equal(info.sha, commits.at(-1));
    assert.equal(info.private, false);
    assert.equal(info.gated, false);
    assert.equal(typeof info.downloads, "number");
    assert.equal(typeof info.likes, "number");
    assert.match(info.lastModified, isoMs);
    assert.match(info.createdAt, isoMs);
    assert.deepEqual(info.siblings.map((s) => s.rfilename).sort(),
      [".gitattributes", "README.md", "config.json", "counter.txt", "model.safetensors", "sub/b.txt", "sub/dir/a.txt"]);
    for (const s of info.siblings) assert.deepEqual(Object.keys(s), ["rfilename"], "no blob metadata without blobs=true");
  });
  test("card-derived fields: cardData, pipeline_tag, library_name, tags", () => {
    const info = expectJson(request(server, "GET", repo.api));
    assert.equal(info.cardData?.license, "apache-2.0", JSON.stringify(info.cardData));
    assert.deepEqual(info.cardData?.language, ["en", "fr"]);
    assert.equal(info.pipeline_tag, "text-classification");
    assert.equal(info.library_name, "transformers");
    for (const tag of ["transformers", "text-classification", "license:apache-2.0", "sentiment", "en", "dataset:imdb"]) {
      assert.ok(info.tags?.includes(tag), `tags should include ${tag}: ${JSON.stringify(info.tags)}`);
    }
  });
  test("safetensors parameter counts read from the header", () => {
    const info = expectJson(request(server, "GET", repo.api));
    assert.deepEqual(info.safetensors, { parameters: { F32: 64 * 32, BF16: 80 }, total: 64 * 32 + 80 });
  });
  test("blobs=true: size, blobId, lfs{size,sha256,pointerSize}", () => {
    const info = expectJson(request(server, "GET", `${repo.api}?blobs=true`));
    const byName = Object.fromEntries(info.siblings.map((s) => [s.rfilename, s]));
    assert.equal(byName["config.json"].size, config.length);
    assert.equal(byName["config.json"].blobId, gitBlobSha1(Buffer.from(config)));
    assert.equal(byName["config.json"].lfs, undefined);
    const m = byName["model.safetensors"];
    assert.equal(m.size, st.buf.length);
    assert.equal(m.lfs?.sha256, lfsOid, JSON.stringify(m));
    assert.equal(m.lfs?.size, st.buf.length);
    assert.equal(typeof m.lfs?.pointerSize, "number");
    assert.match(m.blobId, /^[0-9a-f]{40}$/);
  });
  test("blobs=True (Python 0.x casing) is accepted", () => {
    const info = expectJson(request(server, "GET", `${repo.api}?blobs=True`));
    assert.ok(info.siblings.every((s) => typeof s.size === "number"), JSON.stringify(info.siblings));
  });
  test("expand returns only _id, id and the expanded keys", () => {
    const info = expectJson(request(server, "GET", `${repo.api}?expand=downloads&expand=likes`));
    assert.deepEqual(Object.keys(info).sort(), ["_id", "downloads", "id", "likes"]);
  });
  test("expand[]= is the same key (JS repoExists)", () => {
    const info = expectJson(request(server, "GET", `${repo.api}?expand[]=likes`));
    assert.deepEqual(Object.keys(info).sort(), ["_id", "id", "likes"]);
  });
  test("JS modelInfo expand keys at /revision/HEAD, unknown expand keys ignored", () => {
    const keys = ["pipeline_tag", "private", "gated", "downloads", "likes", "lastModified", "sha", "gitalyUid"];
    const q = keys.map((k) => `expand=${k}`).join("&");
    const info = expectJson(request(server, "GET", `${repo.api}/revision/HEAD?${q}`));
    assert.equal(info.sha, commits.at(-1));
    assert.equal(info.pipeline_tag, "text-classification");
    assert.match(info.lastModified, isoMs);
    assert.equal(info.private, false);
    assert.ok("gated" in info && "downloads" in info && "likes" in info, JSON.stringify(info));
    assert.ok(!("siblings" in info));
  });
  test("a README with invalid YAML front matter: commit accepted, info still served, no cardData", () => {
    const bad = createRepo(server, "bad-yaml");
    commit(server, bad, [{ path: "README.md", content: "---\nlicense: [unclosed\n  - : :\n---\n# x\n" }]);
    const info = expectJson(request(server, "GET", bad.api));
    assert.ok(info.cardData === undefined || info.cardData === null || Object.keys(info.cardData).length === 0, JSON.stringify(info.cardData));
    expectStatus(request(server, "GET", `${bad.files}/resolve/main/README.md`), 200);
  });
  test("revision info at an older sha", () => {
    const info = expectJson(request(server, "GET", `${repo.api}/revision/${commits[0]}`));
    assert.equal(info.sha, commits[0]);
    assert.ok(!info.siblings.some((s) => s.rfilename === "counter.txt"));
  });
});

describe("tree (§5)", () => {
  test("root, non-recursive: direct children with entry shapes", () => {
    const tree = expectJson(request(server, "GET", `${repo.api}/tree/main?recursive=false&expand=false`));
    const byPath = Object.fromEntries(tree.map((e) => [e.path, e]));
    assert.deepEqual(Object.keys(byPath).sort(), [".gitattributes", "README.md", "config.json", "counter.txt", "model.safetensors", "sub"]);
    assert.deepEqual(byPath.sub.type, "directory");
    assert.equal(byPath.sub.size, 0);
    assert.match(byPath.sub.oid, /^[0-9a-f]{40}$/);
    const c = byPath["config.json"];
    assert.equal(c.type, "file");
    assert.equal(c.oid, gitBlobSha1(Buffer.from(config)));
    assert.equal(c.size, config.length);
    assert.equal(c.lastCommit, undefined, "lastCommit only with expand=true");
    const m = byPath["model.safetensors"];
    assert.equal(m.size, st.buf.length, "size is the real size for LFS files");
    assert.deepEqual(Object.keys(m.lfs ?? {}).sort(), ["oid", "pointerSize", "size"]);
    assert.equal(m.lfs.oid, lfsOid);
    assert.ok(!("xetHash" in m), "no xetHash (§9)");
  });
  test("recursive lists every file and directory", () => {
    const tree = expectJson(request(server, "GET", `${repo.api}/tree/main?recursive=true&expand=false`));
    assert.deepEqual(tree.map((e) => e.path).sort(), [".gitattributes", "README.md", "config.json", "counter.txt", "model.safetensors", "sub", "sub/b.txt", "sub/dir", "sub/dir/a.txt"]);
  });
  test("expand=true adds lastCommit {id,title,date}", () => {
    const tree = expectJson(request(server, "GET", `${repo.api}/tree/main?recursive=true&expand=true`));
    const byPath = Object.fromEntries(tree.map((e) => [e.path, e]));
    assert.equal(byPath["config.json"].lastCommit?.id, commits[0], JSON.stringify(byPath["config.json"]));
    assert.equal(byPath["config.json"].lastCommit.title, "Upload model");
    assert.ok(!Number.isNaN(Date.parse(byPath["config.json"].lastCommit.date)));
    assert.equal(byPath["counter.txt"].lastCommit?.id, commits.at(-1));
    assert.equal(byPath["sub/dir/a.txt"].lastCommit?.id, commits[1]);
  });
  test("subdirectory path: raw and %2F-encoded (Python quote(path, safe=''))", () => {
    for (const p of ["sub/dir", "sub%2Fdir"]) {
      const tree = expectJson(request(server, "GET", `${repo.api}/tree/main/${p}?recursive=false&expand=false`));
      assert.deepEqual(tree.map((e) => e.path), ["sub/dir/a.txt"]);
    }
    const sub = expectJson(request(server, "GET", `${repo.api}/tree/main/sub?recursive=true&expand=true`));
    assert.deepEqual(sub.map((e) => e.path).sort(), ["sub/b.txt", "sub/dir", "sub/dir/a.txt"]);
  });
  test("missing path -> 404 EntryNotFound; missing revision -> 404 RevisionNotFound", () => {
    expectError(request(server, "GET", `${repo.api}/tree/main/nope?recursive=false&expand=false`), 404, "EntryNotFound");
    expectError(request(server, "GET", `${repo.api}/tree/nope?recursive=false&expand=false`), 404, "RevisionNotFound");
  });
  test("at a sha and at HEAD", () => {
    const tree = expectJson(request(server, "GET", `${repo.api}/tree/${commits[0]}?recursive=true&expand=false`));
    assert.ok(!tree.some((e) => e.path === "counter.txt"));
    const head = expectJson(request(server, "GET", `${repo.api}/tree/HEAD?recursive=false&expand=false`));
    assert.ok(head.some((e) => e.path === "counter.txt"));
  });
  test("pagination over > 1000 files: absolute Link with the original params, no gaps or duplicates", () => {
    const big = createRepo(server, "many-files");
    const ops = [];
    for (let i = 0; i < 1205; i++) ops.push({ path: `files/f${String(i).padStart(4, "0")}.txt`, content: `${i}\n` });
    commit(server, big, ops, { summary: "1205 files in one NDJSON commit" });
    const { items, links } = paginate(server, `${big.api}/tree/main/files?recursive=true&expand=false`);
    assert.ok(links.length >= 1, "more than one page expected for 1205 entries");
    for (const l of links) {
      assert.match(l, /recursive=true/, `next URL keeps recursive: ${l}`);
      assert.match(l, /expand=false/, `next URL keeps expand: ${l}`);
    }
    const paths = items.map((e) => e.path);
    assert.equal(paths.length, 1205);
    assert.equal(new Set(paths).size, 1205, "no duplicates across pages");
    const root = paginate(server, `${big.api}/tree/main?recursive=true&expand=false`);
    assert.equal(root.items.length, 1205 + 2, ".gitattributes + files/ + 1205 files");
    const exp = paginate(server, `${big.api}/tree/main/files?recursive=false&expand=true`);
    assert.equal(exp.items.length, 1205);
    assert.ok(exp.items.every((e) => e.lastCommit?.title === "1205 files in one NDJSON commit"));
  });
});

describe("paths-info (§5)", () => {
  test("JSON body (JS): existing paths only, expand adds lastCommit", () => {
    const res = request(server, "POST", `${repo.api}/paths-info/main`, {
      json: { paths: ["config.json", "missing.txt", "model.safetensors", "sub"], expand: true },
    });
    const items = expectJson(res);
    const byPath = Object.fromEntries(items.map((e) => [e.path, e]));
    assert.deepEqual(Object.keys(byPath).sort(), ["config.json", "model.safetensors", "sub"]);
    assert.equal(byPath["config.json"].oid, gitBlobSha1(Buffer.from(config)));
    assert.equal(byPath["config.json"].lastCommit?.id, commits[0]);
    assert.equal(byPath["model.safetensors"].lfs?.oid, lfsOid);
    assert.equal(byPath.sub.type, "directory");
  });
  test("form body (Python): paths=a&paths=b&expand=False", () => {
    const res = request(server, "POST", `${repo.api}/paths-info/main`, { form: "paths=config.json&paths=missing.txt&paths=sub%2Fb.txt&expand=False" });
    const items = expectJson(res);
    assert.deepEqual(items.map((e) => e.path).sort(), ["config.json", "sub/b.txt"]);
    assert.ok(items.every((e) => e.lastCommit === undefined));
  });
  test("encoded revision", () => {
    const items = expectJson(request(server, "POST", `${repo.api}/paths-info/${commits[0]}`, { json: { paths: ["counter.txt", "config.json"] } }));
    assert.deepEqual(items.map((e) => e.path), ["config.json"]);
  });
});

describe("refs and commits (§5)", () => {
  test("refs: branches/tags/converts always, pullRequests with include_prs", () => {
    let refs = expectJson(request(server, "GET", `${repo.api}/refs`));
    assert.ok(Array.isArray(refs.branches) && Array.isArray(refs.tags) && Array.isArray(refs.converts), JSON.stringify(refs));
    assert.deepEqual(refs.branches, [{ name: "main", ref: "refs/heads/main", targetCommit: commits.at(-1) }]);
    commit(server, repo, [{ path: "pr.txt", content: "pr" }], { createPr: true });
    expectStatus(request(server, "POST", `${repo.api}/tag/main`, { json: { tag: "v0.1" } }), 200);
    refs = expectJson(request(server, "GET", `${repo.api}/refs?include_prs=1`));
    assert.equal(refs.pullRequests?.length, 1, JSON.stringify(refs));
    assert.equal(refs.pullRequests[0].ref, "refs/pr/1");
    assert.match(refs.pullRequests[0].targetCommit, /^[0-9a-f]{40}$/);
    assert.deepEqual(refs.tags, [{ name: "v0.1", ref: "refs/tags/v0.1", targetCommit: commits.at(-1) }]);
    refs = expectJson(request(server, "GET", `${repo.api}/refs?include_prs=true`));
    assert.equal(refs.pullRequests?.length, 1);
  });
  test("commits: newest first, with id/title/message/authors/date", () => {
    const log = expectJson(request(server, "GET", `${repo.api}/commits/main`));
    assert.deepEqual(log.slice(0, commits.length).map((c) => c.id), [...commits].reverse());
    assert.equal(log.length, commits.length + 1, "plus the initial commit");
    const first = log.find((c) => c.id === commits[0]);
    assert.equal(first.title, "Upload model");
    assert.match(first.message, /with a card/);
    assert.ok(Array.isArray(first.authors) && typeof first.authors[0]?.user === "string", JSON.stringify(first));
    assert.ok(!Number.isNaN(Date.parse(first.date)));
  });
  test("commits paginated with limit and an absolute Link", () => {
    const { items, links } = paginate(server, `${repo.api}/commits/main?limit=2`);
    assert.ok(links.length >= 2, `expected several pages, got Links: ${JSON.stringify(links)}`);
    assert.ok(links.every((l) => /limit=2/.test(l)), "next URLs keep limit");
    assert.deepEqual(items.map((c) => c.id), expectJson(request(server, "GET", `${repo.api}/commits/main`)).map((c) => c.id));
  });
  test("commits at a sha and expand[]=formatted accepted", () => {
    const log = expectJson(request(server, "GET", `${repo.api}/commits/${commits[1]}?expand[]=formatted`));
    assert.deepEqual(log.map((c) => c.id).slice(0, 2), [commits[1], commits[0]]);
    expectError(request(server, "GET", `${repo.api}/commits/nope`), 404, "RevisionNotFound");
  });
});

describe("listing, whoami, types", () => {
  test("GET /api/models: newest first, paginated", () => {
    for (const n of ["list-a", "list-b", "list-c"]) createRepo(server, n);
    const first = expectJson(request(server, "GET", "/api/models"));
    assert.ok(first.every((m) => typeof m.id === "string" && typeof m._id === "string"));
    const ids = first.map((m) => m.id);
    assert.ok(ids.indexOf("admin/list-c") < ids.indexOf("admin/list-b") && ids.indexOf("admin/list-b") < ids.indexOf("admin/list-a"), ids.join(","));
    const { items, links } = paginate(server, "/api/models?limit=2");
    assert.ok(links.length >= 1, "a Link to the next page");
    assert.deepEqual(items.map((m) => m.id), ids);
  });
  test("whoami-v2 with token: name and auth object", () => {
    const me = expectJson(request(server, "GET", "/api/whoami-v2"));
    assert.equal(me.name, "admin");
    assert.equal(me.type, "user");
    assert.equal(me.auth?.type, "access_token", JSON.stringify(me));
    assert.equal(me.auth.accessToken?.role, "write");
    assert.equal(typeof me.auth.accessToken.displayName, "string");
    assert.ok(Array.isArray(me.orgs));
  });
  test("whoami-v2 without token -> 401; invalid token -> 401 Invalid credentials", () => {
    const anon = request(server, "GET", "/api/whoami-v2", { auth: false });
    expectStatus(anon, 401);
    const bad = request(server, "GET", "/api/whoami-v2", { auth: "hf_notavalidtoken000000000000" });
    expectStatus(bad, 401);
    assert.equal(bad.header("x-error-message"), "Invalid credentials in Authorization header", bad.describe());
  });
  test("dataset repo: create, commit, resolve under /datasets, info", () => {
    const ds = createRepo(server, "data-x", { type: "dataset" });
    const res = request(server, "POST", "/api/repos/create", { json: { name: "data-y", organization: "admin", type: "dataset" } });
    assert.equal(expectJson(res).url, `${server.url}/datasets/admin/data-y`);
    const c = commit(server, ds, [{ path: "train.csv", content: "a,b\n1,2\n" }]);
    assert.equal(c.commitUrl, `${server.url}/datasets/admin/data-x/commit/${c.commitOid}`);
    const dl = expectStatus(request(server, "GET", "/datasets/admin/data-x/resolve/main/train.csv"), 200);
    assert.equal(dl.text, "a,b\n1,2\n");
    assert.equal(dl.header("x-repo-commit"), c.commitOid);
    const info = expectJson(request(server, "GET", "/api/datasets/admin/data-x"));
    assert.equal(info.id, "admin/data-x");
    assert.ok(info.siblings.some((s) => s.rfilename === "train.csv"));
    expectError(request(server, "GET", "/api/models/admin/data-x"), 404, "RepoNotFound");
    expectError(request(server, "GET", "/admin/data-x/resolve/main/train.csv"), 404, "RepoNotFound");
    const list = expectJson(request(server, "GET", "/api/datasets"));
    assert.ok(list.some((d) => d.id === "admin/data-x"));
  });
  test("space repo: create with sdk, commit, resolve under /spaces, info sdk", () => {
    const res = request(server, "POST", "/api/repos/create", { json: { name: "app", organization: "admin", type: "space", sdk: "gradio" } });
    assert.equal(expectJson(res).url, `${server.url}/spaces/admin/app`);
    const sp = { id: "admin/app", type: "space", api: "/api/spaces/admin/app", files: "/spaces/admin/app" };
    commit(server, sp, [{ path: "app.py", content: "print(1)\n" }]);
    const dl = expectStatus(request(server, "GET", "/spaces/admin/app/resolve/main/app.py"), 200);
    assert.equal(dl.text, "print(1)\n");
    const info = expectJson(request(server, "GET", "/api/spaces/admin/app"));
    assert.equal(info.id, "admin/app");
    assert.equal(info.sdk, "gradio");
  });
  test("xet-write-token -> clear 501 JSON", () => {
    for (const [p, statuses] of [[`${repo.api}/xet-write-token/main`, [501]], [`${repo.api}/xet-read-token/main`, [501, 404]]]) {
      const res = request(server, "GET", p);
      expectStatus(res, ...statuses);
      assert.match(res.header("content-type") ?? "", /^application\/json/, res.describe());
      assert.equal(typeof res.json().error, "string");
    }
  });
  test("auth-check", () => {
    expectStatus(request(server, "GET", `${repo.api}/auth-check`), 200);
    expectStatus(request(server, "GET", `${repo.api}/auth-check/write`), 200);
  });
});
