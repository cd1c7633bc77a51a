// Catalogue listings (spec §4) served from the search index: every Hub parameter, sorts and
// directions, cursor pagination through an absolute Link carrying all original parameters,
// visibility of private repos, the listing shapes (default, full, cardData, config, expand),
// commits being searchable as soon as they return, and clear 400s for bad parameters.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import {
  commit, createRepo, expectError, expectJson, expectStatus, lfsUpload, makeSafetensors, modelhubBin,
  paginate, request, startServer,
} from "./lib/harness.mjs";

let server;

const card = (fields) => `---\n${fields}\n---\n# Card\n`;
const ids = (items) => items.map((m) => m.id);
const list = (path, opts) => expectJson(request(server, "GET", path, opts));

before(async () => {
  server = await startServer();
  const bertEn = createRepo(server, "bert-en");
  commit(server, bertEn, [
    { path: "README.md", content: card("license: mit\nlanguage: [en]\npipeline_tag: fill-mask\nlibrary_name: transformers\ndatasets: [wiki]") },
    { path: "config.json", content: JSON.stringify({ model_type: "bert", architectures: ["BertForMaskedLM"], hidden_size: 8 }) },
  ]);
  const bertFr = createRepo(server, "bert-fr");
  commit(server, bertFr, [{ path: "README.md", content: card("license: mit\nlanguage: [fr]\npipeline_tag: fill-mask") }]);
  const gpt = createRepo(server, "gpt-small");
  commit(server, gpt, [{ path: "README.md", content: card("license: apache-2.0\nlanguage: [en]\npipeline_tag: text-generation\nbase_model: admin/bert-en\nbase_model_relation: finetune") }]);
  const secret = createRepo(server, "secret-bert", { isPrivate: true });
  commit(server, secret, [{ path: "README.md", content: card("license: mit\npipeline_tag: fill-mask") }]);
  const ds = createRepo(server, "corpus", { type: "dataset" });
  commit(server, ds, [{ path: "README.md", content: card("language: [en]\nlicense: cc-by-4.0") }]);
  createRepo(server, "demo-space", { type: "space" });
});

after(async () => {
  await server?.stop();
});

describe("Hub parameters (spec §4)", () => {
  test("filter: plain and prefixed tags, repeated = all must match", () => {
    assert.deepEqual(ids(list("/api/models?filter=license:mit&filter=language:en")), ["admin/bert-en"]);
    assert.deepEqual(ids(list("/api/models?filter=en&filter=transformers")), ["admin/bert-en"]);
    assert.deepEqual(ids(list("/api/models?filter=dataset:wiki")), ["admin/bert-en"]);
    assert.deepEqual(ids(list("/api/models?filter=base_model:finetune:admin/bert-en")), ["admin/gpt-small"]);
    assert.deepEqual(ids(list("/api/models?filter%5B%5D=license:apache-2.0")), ["admin/gpt-small"]);
  });
  test("search (case-insensitive substring of the id), author, pipeline_tag", () => {
    assert.deepEqual(ids(list("/api/models?search=BERT-&sort=id")), ["admin/bert-en", "admin/bert-fr"]);
    assert.deepEqual(ids(list("/api/models?pipeline_tag=text-generation")), ["admin/gpt-small"]);
    assert.equal(list("/api/models?author=nobody").length, 0);
    assert.equal(list("/api/models?author=admin").length, 4);
  });
  test("datasets and spaces list their own type", () => {
    assert.deepEqual(ids(list("/api/datasets?filter=language:en")), ["admin/corpus"]);
    assert.deepEqual(ids(list("/api/spaces")), ["admin/demo-space"]);
  });
  test("sorts and direction", () => {
    assert.deepEqual(ids(list("/api/models?sort=id&author=admin&search=bert-")), ["admin/bert-en", "admin/bert-fr"]);
    assert.deepEqual(ids(list("/api/models?sort=id&direction=-1&search=bert-")), ["admin/bert-fr", "admin/bert-en"]);
    const created = ids(list("/api/models?sort=createdAt"));
    assert.deepEqual(created.slice(0, 3), ["admin/secret-bert", "admin/gpt-small", "admin/bert-fr"]);
    assert.deepEqual(ids(list("/api/models?sort=createdAt&direction=1")), [...created].reverse());
    const modified = ids(list("/api/models?sort=lastModified"));
    assert.equal(modified.length, 4);
    for (const sort of ["downloads", "likes", "trendingScore"]) {
      assert.equal(list(`/api/models?sort=${sort}`).length, 4, sort);
    }
  });
  test("default shape has tags, pipeline_tag, library_name, sha; cardData and config on request", () => {
    const [m] = list("/api/models?search=bert-en");
    assert.equal(m.pipeline_tag, "fill-mask");
    assert.equal(m.library_name, "transformers");
    assert.ok(m.tags.includes("license:mit") && m.tags.includes("en") && m.tags.includes("language:en"), JSON.stringify(m.tags));
    assert.match(m.sha, /^[0-9a-f]{40}$/);
    assert.equal(typeof m._id, "string");
    assert.match(m.lastModified, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.equal(m.cardData, undefined);
    assert.equal(m.siblings, undefined);
    const [withCard] = list("/api/models?search=bert-en&cardData=true&config=True");
    assert.equal(withCard.cardData.license, "mit");
    assert.deepEqual(withCard.config, { model_type: "bert", architectures: ["BertForMaskedLM"] });
    const [full] = list("/api/models?search=bert-en&full=true");
    assert.deepEqual(full.siblings.map((s) => s.rfilename).sort(), [".gitattributes", "README.md", "config.json"]);
    const [expanded] = list("/api/models?search=bert-en&expand=downloads&expand[]=likes");
    assert.deepEqual(Object.keys(expanded).sort(), ["_id", "downloads", "id", "likes"]);
  });
  test("listing and repo info agree", () => {
    const [m] = list("/api/models?search=gpt-small&full=true");
    const info = expectJson(request(server, "GET", "/api/models/admin/gpt-small"));
    assert.equal(m.sha, info.sha);
    assert.deepEqual(m.tags, info.tags);
    assert.deepEqual(m.cardData, info.cardData);
  });
});

describe("pagination", () => {
  test("cursor pages through an absolute Link that keeps every original parameter", () => {
    const all = ids(list("/api/models?sort=id&filter=license:mit"));
    const { items, links } = paginate(server, "/api/models?sort=id&filter=license:mit&limit=1&cardData=true");
    assert.deepEqual(ids(items), all);
    assert.equal(links.length, all.length - 1);
    for (const link of links) {
      assert.match(link, /^<http:\/\/127\.0\.0\.1:\d+\/api\/models\?[^>]*>; rel="next"$/);
      for (const p of ["sort=id", "filter=license", "limit=1", "cardData=true", "cursor="]) assert.ok(link.includes(p), `${p} in ${link}`);
    }
    assert.ok(items.every((m) => m.cardData), "cardData on every page");
  });
  test("a bad cursor is a clear 400", () => {
    expectError(request(server, "GET", "/api/models?cursor=nothex"), 400);
  });
});

describe("visibility and consistency", () => {
  test("private repos only for their owner or an admin", () => {
    assert.ok(ids(list("/api/models?search=secret")).includes("admin/secret-bert"));
    assert.deepEqual(ids(list("/api/models?search=secret", { auth: false })), []);
    assert.ok(!ids(list("/api/models?filter=license:mit&limit=1", { auth: false })).includes("admin/secret-bert"));
  });
  test("a commit is searchable as soon as it returns; settings, moves and deletes show at once", () => {
    const repo = createRepo(server, "late");
    assert.deepEqual(ids(list("/api/models?filter=license:bsd-3-clause")), []);
    commit(server, repo, [{ path: "README.md", content: card("license: bsd-3-clause") }]);
    assert.deepEqual(ids(list("/api/models?filter=license:bsd-3-clause")), ["admin/late"]);
    expectStatus(request(server, "PUT", "/api/models/admin/late/settings", { json: { private: true } }), 200);
    assert.deepEqual(ids(list("/api/models?filter=license:bsd-3-clause", { auth: false })), []);
    expectStatus(request(server, "POST", "/api/repos/move", { json: { fromRepo: "admin/late", toRepo: "admin/later", type: "model" } }), 200);
    assert.deepEqual(ids(list("/api/models?filter=license:bsd-3-clause")), ["admin/later"]);
    expectStatus(request(server, "DELETE", "/api/repos/delete", { json: { name: "later", organization: "admin", type: "model" } }), 200);
    assert.deepEqual(ids(list("/api/models?filter=license:bsd-3-clause")), []);
  });
});

describe("filters beyond the Hub (README.md Search)", () => {
  const modelIndex = (accuracy, shots, verified) => `model-index:
- name: m
  results:
  - task: {type: text-generation}
    dataset: {type: cais/mmlu, name: MMLU, args: {num_few_shot: ${shots}}}
    metrics:
    - {type: accuracy, value: ${accuracy}, verified: ${verified}}`;
  before(() => {
    const base = createRepo(server, "x-base");
    const st = makeSafetensors([{ name: "w", dtype: "F32", shape: [100, 10] }]);
    const oid = lfsUpload(server, base, { buf: st.buf }).oid;
    commit(server, base, [
      { path: "README.md", content: card(`license: apache-2.0\n${modelIndex(0.7, 5, true)}`) },
      { path: "model.safetensors", lfs: { oid, size: st.buf.length } },
    ]);
    const ft = createRepo(server, "x-ft");
    commit(server, ft, [{ path: "README.md", content: card(`license: cc-by-nc-4.0\nbase_model: admin/x-base\n${modelIndex(0.5, 0, false)}`) }]);
    const lora = createRepo(server, "x-lora");
    commit(server, lora, [{ path: "README.md", content: card("base_model: admin/x-ft\nbase_model_relation: adapter") }]);
  });
  test("eval: benchmark, metric, comparison, shots, verified", () => {
    assert.deepEqual(ids(list("/api/models?eval=mmlu:accuracy%3E%3D0.6%405")), ["admin/x-base"]);
    assert.deepEqual(ids(list("/api/models?eval=MMLU:accuracy%3E0.4&sort=id")), ["admin/x-base", "admin/x-ft"]);
    assert.deepEqual(ids(list("/api/models?eval=mmlu:accuracy%3E0&eval_verified=true")), ["admin/x-base"]);
    assert.deepEqual(ids(list("/api/models?has_evals=true&sort=id")), ["admin/x-base", "admin/x-ft"]);
  });
  test("parameter count and size ranges", () => {
    assert.deepEqual(ids(list("/api/models?params_min=1k&params_max=1000")), ["admin/x-base"]);
    assert.deepEqual(ids(list("/api/models?params_min=1001")), []);
    assert.deepEqual(ids(list("/api/models?size_min=4000")), ["admin/x-base"]);
  });
  test("license class and commercial use", () => {
    assert.ok(ids(list("/api/models?commercial=true")).includes("admin/x-base"));
    assert.ok(!ids(list("/api/models?commercial=true")).includes("admin/x-ft"));
    assert.deepEqual(ids(list("/api/models?license_class=non-commercial")), ["admin/x-ft"]);
  });
  test("descendants of a base model, at any depth or by relation", () => {
    assert.deepEqual(ids(list("/api/models?descendants_of=admin/x-base&sort=id")), ["admin/x-ft", "admin/x-lora"]);
    assert.deepEqual(ids(list("/api/models?descendants_of=admin/x-base&relation=adapter")), ["admin/x-lora"]);
  });
  test("commercial use along the whole base_model chain", () => {
    // x-lora declares no license of its own; its chain holds a non-commercial fine-tune.
    const noChain = ids(list("/api/models?chain_commercial=no&sort=id"));
    assert.ok(noChain.includes("admin/x-ft") && noChain.includes("admin/x-lora"), JSON.stringify(noChain));
    const yesChain = ids(list("/api/models?chain_commercial=true&search=x-"));
    assert.deepEqual(yesChain, ["admin/x-base"]);
    // gpt-small (apache-2.0) fine-tunes bert-en (mit): permissive all the way.
    assert.ok(ids(list("/api/models?chain_commercial=yes")).includes("admin/gpt-small"));
  });
  test("trust score threshold", () => {
    const rich = createRepo(server, "x-trusted");
    commit(server, rich, [{ path: "README.md", content: card(`license: mit\n${modelIndex(0.7, 5, true)}`) +
      "\n## Limitations\n\nThe model was evaluated on English newswire only and degrades on code-switched text.\n" +
      "\n## Training data\n\nTrained on the 2021 English Wikipedia dump (6.3M articles).\n" +
      "\n## How to use\n\n```python\nfrom transformers import AutoModel\nmodel = AutoModel.from_pretrained(\"admin/x-trusted\")\n```\n" }]);
    const trusted = ids(list("/api/models?trust_min=50"));
    assert.ok(trusted.includes("admin/x-trusted"), JSON.stringify(trusted));
    assert.ok(!trusted.includes("admin/bert-fr"));
    assert.ok(list("/api/models?trust_min=0").length >= trusted.length);
  });
});

describe("tags from config.json and inferred library and pipeline (as the Hub derives them)", () => {
  test("model_type tag, transformers library and the head's task without any card", () => {
    const repo = createRepo(server, "bare-llama");
    commit(server, repo, [{ path: "config.json", content: JSON.stringify({ model_type: "llama", architectures: ["LlamaForCausalLM"] }) }]);
    const [m] = list("/api/models?filter=llama");
    assert.equal(m.id, "admin/bare-llama");
    assert.equal(m.library_name, "transformers");
    assert.equal(m.pipeline_tag, "text-generation");
    assert.ok(m.tags.includes("transformers") && m.tags.includes("text-generation"), JSON.stringify(m.tags));
    assert.deepEqual(ids(list("/api/models?pipeline_tag=text-generation&filter=llama")), ["admin/bare-llama"]);
    // A declared pipeline tag wins over the inferred one.
    assert.equal(list("/api/models?search=bert-en")[0].tags.includes("bert"), true);
  });
});

describe("modelhub admin reindex", () => {
  const queries = [
    "/api/models?sort=id&full=true", "/api/models?filter=license:mit&sort=id", "/api/datasets?sort=id&full=true",
    "/api/models?eval=mmlu:accuracy%3E0&sort=id", "/api/models?chain_commercial=no&sort=id",
    "/api/models?descendants_of=admin/x-base&sort=id", "/api/models?trust_min=50&sort=id",
    "/api/models?params_min=1&sort=id", "/api/models?filter=llama",
  ];
  test("rebuilds the index from the repos with identical results, while the server runs", () => {
    const before = queries.map((q) => list(q));
    const db = join(server.dataDir, "modelhub.db");
    const wipe = spawnSync("sqlite3", [db, "DELETE FROM catalog_rows; DELETE FROM catalog_tags; DELETE FROM catalog_evals; DELETE FROM catalog_ancestors;"], { encoding: "utf8" });
    assert.equal(wipe.status, 0, wipe.stderr);
    assert.deepEqual(ids(list("/api/models?filter=license:mit")), [], "the index is gone");
    // A page listed (and cached) before another process wrote the database must not be served.
    assert.deepEqual(ids(list(queries[1])), [], "no page outlives another process's writes");
    const run = spawnSync(modelhubBin(), ["admin", "reindex", "--data", server.dataDir], { encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^reindexed \d+ repos in /);
    queries.forEach((q, i) => assert.deepEqual(list(q), before[i], q));
  });
  test("a directory without a database is a clear error", () => {
    const run = spawnSync(modelhubBin(), ["admin", "reindex", "--data", "/nonexistent-modelhub"], { encoding: "utf8" });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /no modelhub database in \/nonexistent-modelhub/);
  });
});

describe("bad parameters", () => {
  for (const q of ["sort=size", "direction=up", "limit=0", "limit=abc", "gated=maybe", "full=perhaps", "cardData=x",
    "eval=mmlu", "params_max=lots", "relation=adapter", "commercial=maybe", "chain_commercial=sure",
    "trust_min=101", "trust_min=x"]) {
    test(`${q} -> 400 naming the parameter`, () => {
      const res = request(server, "GET", `/api/models?${q}`);
      expectError(res, 400);
      const name = q.split("=")[0];
      assert.ok(res.header("x-error-message").includes(name), res.describe());
    });
  }
});
