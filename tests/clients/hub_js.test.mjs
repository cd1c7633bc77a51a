// The real `@huggingface/hub` client (pinned in package-lock.json) against a local modelhub, in
// the order of issue 2 point 5: createRepo -> uploadFiles (JSON + >= 20 MB safetensors, once with
// default options and once with useXet:false) -> listFiles -> modelInfo -> fileDownloadInfo ->
// downloadFile -> parseSafetensorsMetadata -> downloadFileToCacheDir and snapshotDownload (cache
// layout on disk) -> createBranch -> repoExists -> deleteRepo.
//
// Every request the client makes goes through a recording fetch so that the tests can also say
// *how* the client talked to the server (LFS batch answered "basic", PUT to the signed href, no
// Xet), not only that the calls returned.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, readFileSync, readlinkSync, realpathSync } from "node:fs";
import { join, resolve, dirname } from "node:path";
import {
  createBranch, createRepo, deleteRepo, downloadFile, downloadFileToCacheDir, fileDownloadInfo,
  listDatasets, listFiles, listModels, listSpaces, modelInfo, parseSafetensorsMetadata, repoExists, snapshotDownload, uploadFiles,
} from "@huggingface/hub";
import {
  gitBlobSha1, makeSafetensors, modelhubBin, paginate, sha256, startServer, tempDir,
} from "../integration/lib/harness.mjs";

let server;
const repoName = "admin/js-e2e";
const repo = { type: "model", name: repoName };
const log = [];
const recordingFetch = async (input, init = {}) => {
  const url = typeof input === "string" ? input : input.url ?? String(input);
  const entry = { method: init.method ?? "GET", url, headers: new Headers(init.headers ?? {}) };
  if (typeof init.body === "string") entry.body = init.body;
  const res = await fetch(input, init);
  entry.status = res.status;
  log.push(entry);
  return res;
};
let common;  // hubUrl, accessToken, fetch

const config = Buffer.from(JSON.stringify({ model_type: "llama", hidden_size: 4096, architectures: ["LlamaForCausalLM"] }) + "\n");
const extra = Buffer.from(JSON.stringify({ note: "second upload" }) + "\n");
// 1280 * 4096 * 4 bytes = 20 MiB of F32, plus a small F16 bias.
// __metadata__.total_parameters is what the client reports as parameterTotal.
const st1 = makeSafetensors([{ name: "w", dtype: "F32", shape: [1280, 4096] }, { name: "b", dtype: "F16", shape: [4096] }],
  { format: "pt", total_parameters: String(1280 * 4096 + 4096) });
const st2 = makeSafetensors([{ name: "layer.weight", dtype: "BF16", shape: [2560, 4096] }, { name: "layer.bias", dtype: "F32", shape: [17] }]);
let commit1;
let commit2;

before(async () => {
  server = await startServer();
  common = { hubUrl: server.url, accessToken: server.token, fetch: recordingFetch };
  assert.ok(st1.buf.length >= 20 * 1000 * 1000 && st2.buf.length >= 20 * 1000 * 1000);
});

after(async () => {
  await server?.stop();
});

describe("@huggingface/hub listings (catalogue search)", { concurrency: false }, () => {
  const card = (fields) => new Blob([`---\n${fields}\n---\n# Card\n`]);
  const collect = async (iterable) => {
    const out = [];
    for await (const item of iterable) out.push(item);
    return out;
  };
  before(async () => {
    for (const [name, fields] of [["js-mit-en", "license: mit\nlanguage: [en]\npipeline_tag: fill-mask"],
                                  ["js-mit-fr", "license: mit\nlanguage: [fr]\npipeline_tag: fill-mask"],
                                  ["js-apache", "license: apache-2.0\npipeline_tag: text-generation"]]) {
      await createRepo({ ...common, repo: { type: "model", name: `admin/${name}` } });
      await uploadFiles({ ...common, repo: { type: "model", name: `admin/${name}` }, useXet: false,
                          files: [{ path: "README.md", content: card(fields) }] });
    }
    await createRepo({ ...common, repo: { type: "dataset", name: "admin/js-data" } });
    await createRepo({ ...common, repo: { type: "space", name: "admin/js-space" }, sdk: "static" });
  });
  test("listModels with tags, task, owner and query", async () => {
    const mit = await collect(listModels({ ...common, search: { tags: ["license:mit"], owner: "admin" } }));
    assert.deepEqual(mit.map((m) => m.name).sort(), ["admin/js-mit-en", "admin/js-mit-fr"]);
    assert.ok(mit.every((m) => typeof m.id === "string" && m.updatedAt instanceof Date && m.task === "fill-mask"));
    const en = await collect(listModels({ ...common, search: { tags: ["license:mit", "language:en"] } }));
    assert.deepEqual(en.map((m) => m.name), ["admin/js-mit-en"]);
    const gen = await collect(listModels({ ...common, search: { task: "text-generation", query: "js-" } }));
    assert.deepEqual(gen.map((m) => m.name), ["admin/js-apache"]);
    for (const sort of ["downloads", "likes", "likes30d", "lastModified", "createdAt", "trendingScore", "id", "num_parameters", "mainSize"]) {
      const sorted = await collect(listModels({ ...common, search: { query: "js-" }, sort }));
      assert.equal(sorted.length, 3, sort);
    }
    const two = await collect(listModels({ ...common, search: { query: "js-" }, limit: 2 }));
    assert.equal(two.length, 2);
  });
  test("listDatasets and listSpaces", async () => {
    assert.deepEqual((await collect(listDatasets({ ...common, search: { owner: "admin" } }))).map((d) => d.name), ["admin/js-data"]);
    assert.deepEqual((await collect(listSpaces({ ...common, search: { owner: "admin" } }))).map((d) => d.name), ["admin/js-space"]);
  });
});

// A synthetic catalogue (modelhub admin generate-catalogue) large enough that the client's
// listings span several pages of its 500-item page size, followed through the Link header.
describe("@huggingface/hub listings across pages of a generated catalogue", { concurrency: false }, () => {
  let big;
  const pageLog = [];
  const pagingFetch = async (input, init = {}) => {
    pageLog.push(typeof input === "string" ? input : input.url);
    return fetch(input, init);
  };
  const collect = async (iterable) => {
    const out = [];
    for await (const item of iterable) out.push(item);
    return out;
  };
  before(async () => {
    const data = tempDir("modelhub-js-catalogue-");
    const generated = spawnSync(modelhubBin(), ["admin", "generate-catalogue", "--data", data, "--models", "900",
      "--datasets", "520", "--spaces", "30", "--seed", "11"], { encoding: "utf8", timeout: 170000 });
    assert.equal(generated.status, 0, generated.stderr);
    big = await startServer({ dataDir: data });
  });
  after(async () => {
    await big?.stop();
  });
  const opts = () => ({ hubUrl: big.url, accessToken: big.token, fetch: pagingFetch });
  const viaCurl = (query) => paginate(big, `/api/${query}&limit=1000`).items.map((m) => m.id);

  test("listModels with a tag filter follows Link across pages and matches the server's listing", async () => {
    pageLog.length = 0;
    const english = await collect(listModels({ ...opts(), search: { tags: ["language:en"] }, sort: "downloads" }));
    assert.ok(english.length > 500, `need more than one page, got ${english.length}`);
    assert.ok(pageLog.length >= 2, `pages fetched: ${pageLog.length}`);
    assert.ok(pageLog.slice(1).every((url) => url.includes("cursor=") && url.includes("filter=language")), pageLog.join("\n"));
    assert.deepEqual(english.map((m) => m.name), viaCurl("models?filter=language:en&sort=downloads"));
    assert.equal(new Set(english.map((m) => m.name)).size, english.length, "no repo twice");
    for (let i = 1; i < english.length; i++) assert.ok(english[i - 1].downloads >= english[i].downloads, "sorted by downloads");
  });
  test("listModels with task, tags and sort", async () => {
    const gen = await collect(listModels({ ...opts(), search: { task: "text-generation", tags: ["license:apache-2.0"] }, sort: "likes" }));
    assert.ok(gen.length > 0);
    assert.ok(gen.every((m) => m.task === "text-generation"));
    assert.deepEqual(gen.map((m) => m.name), viaCurl("models?pipeline_tag=text-generation&filter=license:apache-2.0&sort=likes"));
  });
  test("listDatasets and listSpaces across pages", async () => {
    pageLog.length = 0;
    const datasets = await collect(listDatasets({ ...opts() }));
    assert.equal(datasets.length, 520);
    assert.ok(pageLog.length >= 2);
    assert.deepEqual(datasets.map((d) => d.name), viaCurl("datasets?x=1"));
    const spaces = await collect(listSpaces({ ...opts() }));
    assert.equal(spaces.length, 30);
  });
});

const stripEtag = (e) => e?.replace(/^W\//, "").replace(/"/g, "");
const since = (mark) => log.slice(mark);
const describeLog = (entries) => entries.map((e) => `${e.method} ${e.url} -> ${e.status}`).join("\n");

describe("@huggingface/hub against modelhub", { concurrency: false }, () => {
  test("createRepo", async () => {
    const out = await createRepo({ ...common, repo });
    assert.equal(out.repoUrl, `${server.url}/${repoName}`);
    assert.equal(typeof out.id, "string");
  });

  test("uploadFiles with default options (useXet on: server answers basic, client falls back to LFS)", async () => {
    const mark = log.length;
    const out = await uploadFiles({
      ...common, repo,
      files: [
        { path: "config.json", content: new Blob([config]) },
        { path: "model.safetensors", content: new Blob([st1.buf]) },
      ],
      commitTitle: "Upload model (default options)",
    });
    commit1 = out?.commit?.oid;
    assert.match(commit1 ?? "", /^[0-9a-f]{40}$/, JSON.stringify(out));
    assert.equal(out.commit.url, `${server.url}/${repoName}/commit/${commit1}`);
    const calls = since(mark);
    const batch = calls.find((c) => c.url.endsWith(`/${repoName}.git/info/lfs/objects/batch`));
    assert.ok(batch, `LFS batch called:\n${describeLog(calls)}`);
    assert.ok(JSON.parse(batch.body).transfers.includes("xet"), "default options offer xet");
    assert.ok(calls.some((c) => c.method === "PUT" && c.status < 300), `LFS PUT made:\n${describeLog(calls)}`);
    assert.ok(!calls.some((c) => /xet/.test(c.url)), `no Xet endpoint touched:\n${describeLog(calls)}`);
  });

  test("uploadFiles with useXet:false", async () => {
    const mark = log.length;
    const out = await uploadFiles({
      ...common, repo, useXet: false,
      files: [
        { path: "extra.json", content: new Blob([extra]) },
        { path: "weights/shard-2.safetensors", content: new Blob([st2.buf]) },
      ],
      commitTitle: "Upload shard (useXet false)",
    });
    commit2 = out?.commit?.oid;
    assert.match(commit2 ?? "", /^[0-9a-f]{40}$/);
    assert.notEqual(commit2, commit1);
    const calls = since(mark);
    const batch = calls.find((c) => c.url.endsWith(".git/info/lfs/objects/batch"));
    assert.deepEqual(JSON.parse(batch.body).transfers, ["basic", "multipart"]);
    assert.ok(calls.some((c) => c.method === "PUT" && c.status < 300), describeLog(calls));
  });

  test("listFiles (recursive, expand)", async () => {
    const entries = [];
    for await (const e of listFiles({ ...common, repo, recursive: true, expand: true })) entries.push(e);
    const byPath = Object.fromEntries(entries.map((e) => [e.path, e]));
    assert.deepEqual(Object.keys(byPath).sort(),
      [".gitattributes", "config.json", "extra.json", "model.safetensors", "weights", "weights/shard-2.safetensors"]);
    assert.equal(byPath["config.json"].oid, gitBlobSha1(config));
    assert.equal(byPath["config.json"].size, config.length);
    assert.equal(byPath["model.safetensors"].size, st1.buf.length);
    assert.equal(byPath["model.safetensors"].lfs?.oid, sha256(st1.buf));
    assert.equal(byPath["model.safetensors"].lastCommit?.id, commit1);
    assert.equal(byPath["weights/shard-2.safetensors"].lastCommit?.id, commit2);
    assert.equal(byPath.weights.type, "directory");
    const top = [];
    for await (const e of listFiles({ ...common, repo })) top.push(e.path);
    assert.deepEqual(top.sort(), [".gitattributes", "config.json", "extra.json", "model.safetensors", "weights"]);
  });

  test("modelInfo", async () => {
    const info = await modelInfo({ ...common, name: repoName, additionalFields: ["sha", "safetensors"] });
    assert.equal(info.name, repoName);
    assert.equal(typeof info.id, "string");
    assert.ok(info.id.length > 0, "id comes from _id");
    assert.equal(info.private, false);
    assert.ok(info.updatedAt instanceof Date && !Number.isNaN(info.updatedAt.getTime()), `updatedAt: ${info.updatedAt}`);
    assert.equal(info.sha, commit2);
    // Whether the repo-level count covers every .safetensors file or only the root model is the
    // server's choice; it must at least count model.safetensors.
    assert.ok(info.safetensors?.total >= st1.total, JSON.stringify(info.safetensors));
    assert.ok(info.safetensors.parameters?.F32 >= 1280 * 4096, JSON.stringify(info.safetensors));
  });

  test("fileDownloadInfo (206 probe + ETag), missing file -> null", async () => {
    const lfsInfo = await fileDownloadInfo({ ...common, repo, path: "model.safetensors" });
    assert.equal(lfsInfo.size, st1.buf.length);
    assert.equal(stripEtag(lfsInfo.etag), sha256(st1.buf));
    assert.equal(lfsInfo.xet, undefined);
    const regInfo = await fileDownloadInfo({ ...common, repo, path: "config.json" });
    assert.equal(regInfo.size, config.length);
    assert.equal(stripEtag(regInfo.etag), gitBlobSha1(config));
    assert.equal(await fileDownloadInfo({ ...common, repo, path: "missing.bin" }), null);
  });

  test("downloadFile: bytes identical", async () => {
    const blob = await downloadFile({ ...common, repo, path: "model.safetensors" });
    const bytes = Buffer.from(await blob.arrayBuffer());
    assert.equal(bytes.length, st1.buf.length);
    assert.ok(bytes.equals(st1.buf), "safetensors bytes identical");
    const cfg = await downloadFile({ ...common, repo, path: "config.json" });
    assert.ok(Buffer.from(await cfg.arrayBuffer()).equals(config));
    const shard = await downloadFile({ ...common, repo, path: "weights/shard-2.safetensors", revision: commit2 });
    const slice = Buffer.from(await shard.slice(1000, 3000).arrayBuffer());
    assert.ok(slice.equals(st2.buf.subarray(1000, 3000)), "ranged slice identical");
  });

  test("parseSafetensorsMetadata: parameter counts", async () => {
    const meta = await parseSafetensorsMetadata({ ...common, repo, computeParametersCount: true });
    assert.equal(meta.sharded, false);
    assert.deepEqual(meta.parameterCount, { F32: 1280 * 4096, F16: 4096 });
    assert.equal(meta.parameterTotal, st1.total);
    assert.deepEqual(meta.header.w.shape, [1280, 4096]);
    const meta2 = await parseSafetensorsMetadata({ ...common, repo, path: "weights/shard-2.safetensors", computeParametersCount: true });
    assert.deepEqual(meta2.parameterCount, { BF16: 2560 * 4096, F32: 17 });
  });

  test("downloadFileToCacheDir: blobs/<etag>, snapshots/<lastCommit>/<path> relative symlink", async () => {
    const cacheDir = tempDir("modelhub-jscache-");
    const pointer = await downloadFileToCacheDir({ ...common, repo, path: "model.safetensors", cacheDir });
    const storage = join(cacheDir, "models--admin--js-e2e");
    // JS uses the file's lastCommit.id as the snapshot when no sha is given (spec §2.4).
    assert.equal(pointer, join(storage, "snapshots", commit1, "model.safetensors"));
    checkPointer(storage, pointer, sha256(st1.buf), st1.buf);
    const p2 = await downloadFileToCacheDir({ ...common, repo, path: "config.json", cacheDir, revision: commit2 });
    assert.equal(p2, join(storage, "snapshots", commit2, "config.json"));
    checkPointer(storage, p2, gitBlobSha1(config), config);
  });

  test("snapshotDownload: refs/main, snapshots/<sha>/..., blobs", async () => {
    const cacheDir = tempDir("modelhub-jssnap-");
    const folder = await snapshotDownload({ ...common, repo, cacheDir });
    const storage = join(cacheDir, "models--admin--js-e2e");
    assert.equal(folder, join(storage, "snapshots", commit2));
    assert.equal(readFileSync(join(storage, "refs", "main"), "utf8").trim(), commit2);
    checkPointer(storage, join(folder, "config.json"), gitBlobSha1(config), config);
    checkPointer(storage, join(folder, "extra.json"), gitBlobSha1(extra), extra);
    checkPointer(storage, join(folder, "model.safetensors"), sha256(st1.buf), st1.buf);
    checkPointer(storage, join(folder, "weights", "shard-2.safetensors"), sha256(st2.buf), st2.buf);
    assert.ok(existsSync(join(folder, ".gitattributes")));
  });

  test("createBranch (also with '/' and a starting sha; listFiles sends the revision raw)", async () => {
    await createBranch({ ...common, repo, branch: "dev" });
    await createBranch({ ...common, repo, branch: "feat/js", revision: commit1 });
    const onBranch = [];
    for await (const e of listFiles({ ...common, repo, revision: "feat/js", recursive: true })) onBranch.push(e.path);
    assert.deepEqual(onBranch.sort(), [".gitattributes", "config.json", "model.safetensors"]);
    const info = await modelInfo({ ...common, name: repoName, revision: "feat/js", additionalFields: ["sha"] });
    assert.equal(info.sha, commit1);
    const devInfo = await fileDownloadInfo({ ...common, repo, path: "extra.json", revision: "dev" });
    assert.equal(devInfo.size, extra.length);
    await assert.rejects(createBranch({ ...common, repo, branch: "dev" }), (e) => e.statusCode === 409);
  });

  test("repoExists", async () => {
    assert.equal(await repoExists({ ...common, repo }), true);
    assert.equal(await repoExists({ ...common, repo: { type: "model", name: "admin/does-not-exist" } }), false);
    assert.equal(await repoExists({ hubUrl: server.url, repo: { type: "model", name: "admin/does-not-exist" } }), false);
  });

  test("deleteRepo, then repoExists is false", async () => {
    await deleteRepo({ ...common, repo });
    assert.equal(await repoExists({ ...common, repo }), false);
  });
});

// `pointer` is a relative symlink into `<storage>/blobs/<etag>` whose content is `content`.
function checkPointer(storage, pointer, etag, content) {
  const st = lstatSync(pointer);
  assert.ok(st.isSymbolicLink(), `${pointer} is a symlink`);
  const target = readlinkSync(pointer);
  assert.ok(!target.startsWith("/"), `relative symlink: ${target}`);
  assert.equal(resolve(dirname(pointer), target), join(storage, "blobs", etag));
  assert.equal(realpathSync(pointer), realpathSync(join(storage, "blobs", etag)));
  assert.ok(readFileSync(pointer).equals(content), `${pointer} content`);
}
