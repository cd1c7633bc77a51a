// git and git-lfs over smart HTTP (spec/hub-api.md §8) with the real `git` and `git-lfs` from
// Debian, on the same repos as the API: clone (protocol v2 and v0, shallow) of a repo made
// through the API with its LFS file smudged; push of a commit with a new LFS file, then seen by
// `resolve` at the new sha and re-indexed; an API commit then seen by `git pull`; stale and
// forced pushes refused; pointers to LFS objects never uploaded refused; private and gated
// repos need a token, as on the API.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import {
  commit, expectJson, expectStatus, lfsUpload, modelhubBin, repoRef, request, sha256,
  startServer, tempDir,
} from "./lib/harness.mjs";

let server;
let work;
let env;

// Runs git (or git-lfs through git) in `cwd`; returns {status, stdout, stderr}.
function gitRun(args, cwd = work) {
  const r = spawnSync("git", args, { cwd, env, encoding: "utf8", timeout: 120000 });
  return { status: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "", all: `${r.stdout}${r.stderr}` };
}

function git(args, cwd = work) {
  const r = gitRun(args, cwd);
  assert.equal(r.status, 0, `git ${args.join(" ")} failed:\n${r.all}`);
  return r.stdout.trim();
}

// A clone URL with `token` as the Basic password (git's credential of choice for the Hub).
function url(path, token) {
  const base = new URL(server.url);
  if (token) {
    base.username = "user";
    base.password = token;
  }
  return `${base.origin.replace("://", token ? `://user:${token}@` : "://")}${path}`;
}

function adminCli(...args) {
  const r = spawnSync(modelhubBin(), ["admin", ...args, "--data", server.dataDir], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

const weights = randomBytes(200_000);
const repo = repoRef("cloned");
let apiHead;

before(async () => {
  server = await startServer();
  work = tempDir("modelhub-git-");
  const home = join(work, "home");
  mkdirSync(home);
  env = {
    ...process.env, HOME: home, GIT_CONFIG_GLOBAL: join(home, ".gitconfig"), GIT_CONFIG_NOSYSTEM: "1",
    GIT_TERMINAL_PROMPT: "0", GIT_ASKPASS: "", SSH_ASKPASS: "", LC_ALL: "C",
  };
  git(["config", "--global", "user.name", "Tester"]);
  git(["config", "--global", "user.email", "tester@example.org"]);
  git(["config", "--global", "init.defaultBranch", "main"]);
  git(["lfs", "install"]);

  expectJson(request(server, "POST", "/api/repos/create", { json: { name: "cloned", organization: "admin" } }));
  const { oid, size } = lfsUpload(server, repo, { buf: weights });
  apiHead = commit(server, repo, [
    { path: "README.md", content: "---\nlicense: mit\n---\n# Cloned\n" },
    { path: "config.json", content: "{\"a\": 1}\n" },
    { path: "weights/model.safetensors", lfs: { oid, size } },
  ]).commitOid;
});

after(async () => {
  await server?.stop();
});

describe("fetch", () => {
  for (const [label, protocol, suffix] of [["v2", "2", ""], ["v0", "0", ".git"]]) {
    test(`clone (protocol ${label}${suffix ? ", .git URL" : ""}): the API's commit, LFS file smudged byte for byte`, () => {
      const dir = join(work, `clone-${label}`);
      git(["-c", `protocol.version=${protocol}`, "clone", url(`/admin/cloned${suffix}`), dir]);
      assert.equal(git(["rev-parse", "HEAD"], dir), apiHead);
      assert.equal(readFileSync(join(dir, "config.json"), "utf8"), "{\"a\": 1}\n");
      assert.ok(readFileSync(join(dir, "weights/model.safetensors")).equals(weights), "LFS file smudged");
      assert.match(git(["log", "--format=%s"], dir), /initial commit/);
      // The Hub's default .gitattributes came through and routes safetensors to LFS.
      assert.match(readFileSync(join(dir, ".gitattributes"), "utf8"), /\*\.safetensors filter=lfs/);
    });
    test(`shallow clone --depth 1 (protocol ${label}) and unshallow`, () => {
      const dir = join(work, `shallow-${label}`);
      git(["-c", `protocol.version=${protocol}`, "clone", "--depth", "1", url("/admin/cloned"), dir]);
      assert.equal(git(["rev-list", "--count", "HEAD"], dir), "1");
      assert.equal(readFileSync(join(dir, ".git/shallow"), "utf8").trim(), apiHead);
      git(["-c", `protocol.version=${protocol}`, "fetch", "--unshallow"], dir);
      assert.equal(git(["rev-list", "--count", "HEAD"], dir), "2");
    });
  }

  test("an API commit is seen by git pull (incremental fetch over both protocols)", () => {
    for (const protocol of ["2", "0"]) {
      const dir = join(work, `clone-v${protocol === "2" ? "2" : "0"}`);
      const next = commit(server, repo, [{ path: `pulled-${protocol}.txt`, content: protocol }]).commitOid;
      git(["-c", `protocol.version=${protocol}`, "pull", "--ff-only"], dir);
      assert.equal(git(["rev-parse", "HEAD"], dir), next);
      assert.equal(readFileSync(join(dir, `pulled-${protocol}.txt`), "utf8"), protocol);
    }
    apiHead = git(["rev-parse", "HEAD"], join(work, "clone-v0"));
  });

  test("datasets and spaces clone under their prefixes; branches and tags are advertised", () => {
    expectJson(request(server, "POST", "/api/repos/create", { json: { name: "ds", organization: "admin", type: "dataset" } }));
    const ds = repoRef("ds", "dataset");
    commit(server, ds, [{ path: "data.csv", content: "a,b\n1,2\n" }]);
    expectStatus(request(server, "POST", `${ds.api}/branch/dev`, { json: {} }), 200);
    expectStatus(request(server, "POST", `${ds.api}/tag/main`, { json: { tag: "v1" } }), 200);
    const dir = join(work, "ds");
    git(["clone", url("/datasets/admin/ds"), dir]);
    assert.equal(readFileSync(join(dir, "data.csv"), "utf8"), "a,b\n1,2\n");
    assert.match(git(["branch", "-r"], dir), /origin\/dev/);
    assert.equal(git(["tag"], dir), "v1");
  });
});

describe("push", () => {
  test("commit and push a change with a new LFS file: resolve serves it at the new sha, the card is re-indexed", () => {
    const dir = join(work, "push");
    git(["clone", url("/admin/cloned", server.token), dir]);
    const big = randomBytes(300_000);
    writeFileSync(join(dir, "weights/extra.bin"), big);
    git(["lfs", "track", "*.bin"], dir);
    writeFileSync(join(dir, "README.md"), "---\nlicense: apache-2.0\ntags:\n- pushed-by-git\n---\n# Pushed\n");
    git(["add", "-A"], dir);
    git(["commit", "-qm", "push from git"], dir);
    const pushed = gitRun(["push", "origin", "main"], dir);
    assert.equal(pushed.status, 0, pushed.all);
    assert.ok(!pushed.all.includes("Locking support detected"), "lock verification is off silently");
    assert.ok(!pushed.all.includes(server.token), "the token is never printed");
    const sha = git(["rev-parse", "HEAD"], dir);
    const head = request(server, "HEAD", "/admin/cloned/resolve/main/weights/extra.bin", { auth: false });
    expectStatus(head, 200, 302);
    assert.equal(head.header("x-repo-commit"), sha);
    const body = request(server, "GET", "/admin/cloned/resolve/main/weights/extra.bin", { auth: false, follow: true });
    assert.equal(sha256(body.body), sha256(big));
    const info = expectJson(request(server, "GET", repo.api, { auth: false }));
    assert.equal(info.sha, sha);
    assert.equal(info.cardData.license, "apache-2.0");
    const found = expectJson(request(server, "GET", "/api/models?filter=pushed-by-git", { auth: false }));
    assert.deepEqual(found.map((m) => m.id), ["admin/cloned"]);
    const log = JSON.parse(adminCli("audit", "--repo", "admin/cloned", "--json"));
    assert.ok(log.some((e) => e.action === "git.push" && e.actor === "admin"), JSON.stringify(log.slice(0, 3)));
    apiHead = sha;
  });

  test("a push on a stale ref is rejected; a forced rewrite is refused", () => {
    const a = join(work, "stale-a");
    const b = join(work, "stale-b");
    git(["clone", url("/admin/cloned", server.token), a]);
    git(["clone", url("/admin/cloned", server.token), b]);
    writeFileSync(join(a, "a.txt"), "a");
    git(["add", "a.txt"], a);
    git(["commit", "-qm", "a"], a);
    git(["push", "origin", "main"], a);
    writeFileSync(join(b, "b.txt"), "b");
    git(["add", "b.txt"], b);
    git(["commit", "-qm", "b"], b);
    const stale = gitRun(["push", "origin", "main"], b);
    assert.notEqual(stale.status, 0);
    assert.match(stale.all, /rejected|fetch first/);
    const forced = gitRun(["push", "--force", "origin", "main"], b);
    assert.notEqual(forced.status, 0, forced.all);
    assert.match(forced.all, /non-fast-forward/);
    // The branch still points at a's commit.
    assert.equal(expectJson(request(server, "GET", repo.api)).sha, git(["rev-parse", "HEAD"], a));
  });

  test("new branches and tags can be pushed and deleted; main cannot be deleted", () => {
    const dir = join(work, "stale-a");
    git(["push", "origin", "HEAD:refs/heads/feature", "HEAD:refs/tags/v2"], dir);
    const refs = expectJson(request(server, "GET", `${repo.api}/refs`));
    assert.ok(refs.branches.some((b) => b.name === "feature"));
    assert.ok(refs.tags.some((t) => t.name === "v2"));
    git(["push", "origin", ":feature"], dir);
    assert.ok(!expectJson(request(server, "GET", `${repo.api}/refs`)).branches.some((b) => b.name === "feature"));
    const denied = gitRun(["push", "origin", ":main"], dir);
    assert.notEqual(denied.status, 0);
    assert.match(denied.all, /default branch cannot be deleted/);
  });

  test("a pointer to an LFS object that was never uploaded is refused with a clear message", () => {
    const dir = join(work, "stale-a");
    git(["pull", "--ff-only"], dir);
    const fakeOid = "ab".repeat(32);
    // Written as plain text (not through git-lfs), so nothing is uploaded.
    writeFileSync(join(dir, "fake.pointer"), `version https://git-lfs.github.com/spec/v1\noid sha256:${fakeOid}\nsize 1234\n`);
    git(["add", "fake.pointer"], dir);
    git(["commit", "-qm", "dangling pointer"], dir);
    const before = expectJson(request(server, "GET", repo.api)).sha;
    // git-lfs's pre-push hook would stop this push on the client: skip it, as a client without
    // git-lfs would.
    const refused = gitRun(["push", "--no-verify", "origin", "main"], dir);
    assert.notEqual(refused.status, 0);
    assert.match(refused.all, new RegExp(`LFS object ${fakeOid} \\(1234 bytes\\) was not uploaded`));
    assert.equal(expectJson(request(server, "GET", repo.api)).sha, before, "nothing applied");
    git(["reset", "-q", "--hard", "HEAD~1"], dir);
  });

  test("pushing needs a write token: anonymous and read tokens are refused", () => {
    adminCli("user", "add", "reader");
    const readToken = adminCli("token", "create", "--user", "reader", "--role", "read");
    const dir = join(work, "anon");
    git(["clone", url("/admin/cloned"), dir]);
    writeFileSync(join(dir, "x.txt"), "x");
    git(["add", "x.txt"], dir);
    git(["commit", "-qm", "x"], dir);
    const anonymous = gitRun(["push", "origin", "main"], dir);
    assert.notEqual(anonymous.status, 0);
    assert.match(anonymous.all, /Authentication failed|could not read Username|terminal prompts disabled/);
    git(["remote", "set-url", "origin", url("/admin/cloned", readToken)], dir);
    const reader = gitRun(["push", "origin", "main"], dir);
    assert.notEqual(reader.status, 0);
    assert.match(reader.all, /403/);
  });
});

describe("force pushes", () => {
  let permissive;
  before(async () => {
    permissive = await startServer({ args: ["--git-allow-force-push"] });
  });
  after(async () => {
    await permissive?.stop();
  });
  test("with --git-allow-force-push a forced rewrite moves the branch", () => {
    expectJson(request(permissive, "POST", "/api/repos/create", { json: { name: "rewrite", organization: "admin" } }));
    const first = commit(permissive, repoRef("rewrite"), [{ path: "a.txt", content: "a" }]).commitOid;
    const base = new URL(permissive.url);
    const dir = join(work, "rewrite");
    git(["clone", `http://user:${permissive.token}@${base.host}/admin/rewrite`, dir]);
    git(["reset", "-q", "--hard", "HEAD~1"], dir);
    writeFileSync(join(dir, "b.txt"), "b");
    git(["add", "b.txt"], dir);
    git(["commit", "-qm", "rewritten"], dir);
    assert.notEqual(gitRun(["push", "origin", "main"], dir).status, 0, "still refused unforced");
    git(["push", "--force", "origin", "main"], dir);
    const head = expectJson(request(permissive, "GET", "/api/models/admin/rewrite")).sha;
    assert.equal(head, git(["rev-parse", "HEAD"], dir));
    assert.notEqual(head, first);
  });
});

describe("private and gated repos", () => {
  test("anonymous clone of a private repo fails; the owner's token clones it", () => {
    expectJson(request(server, "POST", "/api/repos/create", { json: { name: "secret", organization: "admin", private: true } }));
    commit(server, repoRef("secret"), [{ path: "s.txt", content: "secret" }]);
    const anonymous = gitRun(["clone", url("/admin/secret"), join(work, "secret-anon")]);
    assert.notEqual(anonymous.status, 0);
    assert.match(anonymous.all, /Authentication failed|could not read Username|terminal prompts disabled/);
    assert.ok(!existsSync(join(work, "secret-anon", "s.txt")));
    adminCli("user", "add", "stranger");
    const stranger = adminCli("token", "create", "--user", "stranger", "--role", "write");
    const other = gitRun(["clone", url("/admin/secret", stranger), join(work, "secret-other")]);
    assert.notEqual(other.status, 0);
    assert.match(other.all, /not found|404/);
    git(["clone", url("/admin/secret", server.token), join(work, "secret-owner")]);
    assert.equal(readFileSync(join(work, "secret-owner", "s.txt"), "utf8"), "secret");
  });

  test("a gated repo clones only for users with access", () => {
    expectJson(request(server, "POST", "/api/repos/create", { json: { name: "gated", organization: "admin" } }));
    commit(server, repoRef("gated"), [{ path: "g.txt", content: "gated" }]);
    expectJson(request(server, "PUT", "/api/models/admin/gated/settings", { json: { gated: "manual" } }));
    adminCli("user", "add", "asker");
    const asker = adminCli("token", "create", "--user", "asker", "--role", "read");
    assert.notEqual(gitRun(["clone", url("/admin/gated"), join(work, "gated-anon")]).status, 0);
    const refused = gitRun(["clone", url("/admin/gated", asker), join(work, "gated-refused")]);
    assert.notEqual(refused.status, 0);
    assert.match(refused.all, /403/);
    expectJson(request(server, "POST", "/api/models/admin/gated/user-access-request/grant", { json: { user: "asker" } }));
    git(["clone", url("/admin/gated", asker), join(work, "gated-granted")]);
    assert.equal(readFileSync(join(work, "gated-granted", "g.txt"), "utf8"), "gated");
  });
});
