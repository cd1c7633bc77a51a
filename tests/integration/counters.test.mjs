// Counters (issue 4 point 4): downloads counted by the Hub's rule (spec §10) and written in
// batches, likes (like/unlike, likers, a user's likes), the trending score, and listings sorted
// by them. Counts reach the database through a background flush every 2 s, so tests poll.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  commit, createRepo, expectError, expectJson, expectStatus, request, startServer,
} from "./lib/harness.mjs";

let server;
const info = (id, type = "models") =>
  expectJson(request(server, "GET", `/api/${type}/${id}?expand[]=downloads&expand[]=downloadsAllTime&expand[]=likes&expand[]=trendingScore`));

async function waitFor(check, what, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value.ok) return value;
    if (Date.now() > deadline) assert.fail(`${what}: still ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

before(async () => {
  server = await startServer();
  const popular = createRepo(server, "popular");
  commit(server, popular, [
    { path: "config.json", content: '{"model_type":"bert"}' },
    { path: "model.gguf", content: "GGUF" },
    { path: "tokenizer.json", content: "{}" },
  ]);
  const quiet = createRepo(server, "quiet");
  commit(server, quiet, [{ path: "config.json", content: "{}" }]);
  const data = createRepo(server, "corpus", { type: "dataset" });
  commit(server, data, [{ path: "a.csv", content: "x\n" }, { path: "b.csv", content: "y\n" }]);
  createRepo(server, "app", { type: "space" });
});

after(async () => {
  await server?.stop();
});

describe("downloads (spec §10)", () => {
  test("model query files count per GET or HEAD; other files and later ranges do not", async () => {
    expectStatus(request(server, "HEAD", "/admin/popular/resolve/main/config.json"), 200);
    expectStatus(request(server, "GET", "/admin/popular/resolve/main/config.json"), 200);
    expectStatus(request(server, "GET", "/admin/popular/resolve/main/model.gguf"), 200);
    // The second half of a parallel download is not a new download.
    expectStatus(request(server, "GET", "/admin/popular/resolve/main/model.gguf", { range: "bytes=2-3" }), 206);
    expectStatus(request(server, "GET", "/admin/popular/resolve/main/tokenizer.json"), 200);
    expectStatus(request(server, "GET", "/admin/popular/raw/main/config.json"), 200);
    expectStatus(request(server, "GET", "/admin/popular/resolve/main/missing.json"), 404);
    const m = await waitFor(() => {
      const got = info("admin/popular");
      return { ok: got.downloads === 3, ...got };
    }, "downloads of admin/popular");
    assert.equal(m.downloadsAllTime, 3);
    assert.equal(m.trendingScore, 3);
    assert.equal(info("admin/quiet").downloads, 0);
  });

  test("datasets: one per client address and repo within 5 minutes", async () => {
    for (const file of ["a.csv", "b.csv", "a.csv"]) {
      expectStatus(request(server, "GET", `/datasets/admin/corpus/resolve/main/${file}`), 200);
    }
    await waitFor(() => {
      const got = info("admin/corpus", "datasets");
      return { ok: got.downloads === 1, ...got };
    }, "downloads of admin/corpus");
    // Still one a few flushes later: nothing else is pending.
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal(info("admin/corpus", "datasets").downloads, 1);
  });

  test("listings sort by downloads", async () => {
    const listed = expectJson(request(server, "GET", "/api/models?sort=downloads"));
    assert.deepEqual(listed.map((m) => m.id), ["admin/popular", "admin/quiet"]);
    assert.equal(listed[0].downloads, 3);
  });
});

describe("likes", () => {
  test("like, list likers and the user's likes, unlike; idempotent", () => {
    expectJson(request(server, "POST", "/api/models/admin/quiet/like"));
    expectJson(request(server, "POST", "/api/models/admin/quiet/like"));
    expectJson(request(server, "POST", "/api/spaces/admin/app/like"));
    const m = info("admin/quiet");
    assert.equal(m.likes, 1);
    assert.equal(m.trendingScore, 100, "a like weighs 100 downloads");
    const likers = expectJson(request(server, "GET", "/api/models/admin/quiet/likers", { auth: false }));
    assert.equal(likers.length, 1);
    assert.equal(likers[0].user, "admin");
    assert.equal(typeof likers[0].fullname, "string");
    assert.equal(typeof likers[0].avatarUrl, "string");
    const likes = expectJson(request(server, "GET", "/api/users/admin/likes"));
    assert.deepEqual(likes.map((l) => l.repo), [
      { name: "admin/app", type: "space" },
      { name: "admin/quiet", type: "model" },
    ]);
    assert.match(likes[0].createdAt, /^\d{4}-\d\d-\d\dT/);
    const bySort = expectJson(request(server, "GET", "/api/models?sort=likes"));
    assert.equal(bySort[0].id, "admin/quiet");
    const byTrend = expectJson(request(server, "GET", "/api/models?sort=trendingScore"));
    assert.equal(byTrend[0].id, "admin/quiet");
    assert.equal(byTrend[0].trendingScore, 100);

    expectJson(request(server, "DELETE", "/api/models/admin/quiet/like"));
    expectJson(request(server, "DELETE", "/api/models/admin/quiet/like"));
    // The very same listing URL as above: a cached page must not outlive the unlike.
    const afterUnlike = expectJson(request(server, "GET", "/api/models?sort=likes"));
    assert.equal(afterUnlike.find((m) => m.id === "admin/quiet").likes, 0);
    assert.equal(info("admin/quiet").likes, 0);
    assert.equal(info("admin/quiet").trendingScore, 0);
    assert.equal(expectJson(request(server, "GET", "/api/models/admin/quiet/likers")).length, 0);
  });

  test("errors: anonymous like, missing repo, unknown user, private repo hidden", () => {
    expectError(request(server, "POST", "/api/models/admin/quiet/like", { auth: false }), 401);
    expectError(request(server, "POST", "/api/models/admin/nope/like"), 404, "RepoNotFound");
    expectError(request(server, "GET", "/api/models/admin/nope/likers"), 404, "RepoNotFound");
    expectError(request(server, "GET", "/api/users/nobody/likes"), 404);
    const hidden = createRepo(server, "hidden", { isPrivate: true });
    commit(server, hidden, [{ path: "x", content: "x" }]);
    expectJson(request(server, "POST", "/api/models/admin/hidden/like"));
    const mine = expectJson(request(server, "GET", "/api/users/admin/likes"));
    assert.ok(mine.some((l) => l.repo.name === "admin/hidden"));
    const anon = expectJson(request(server, "GET", "/api/users/admin/likes", { auth: false }));
    assert.ok(!anon.some((l) => l.repo.name === "admin/hidden"), "a private repo's like stays private");
    expectError(request(server, "GET", "/api/models/admin/hidden/likers", { auth: false }), 401, "RepoNotFound");
  });
});
