// Accounts, tokens, private and gated repos (spec/hub-api.md §1 status table, §7), through the
// real `modelhub admin` commands and curl on the wire:
// - the leakage sweep: every read route × every kind of caller × public, private and gated
//   repos, each answer checked; a refusal for a private repo must be byte-identical to the
//   answer for a repo that does not exist, so nothing tells them apart;
// - writes per role (token role, organisation role, contributor's own repos);
// - whoami-v2 shapes, revoked tokens, the gated-access flow, the audit log, rate limits.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  commit, commitBody, expectError, expectJson, expectStatus, lfsUpload, modelhubBin, repoRef,
  repoState, request, startServer,
} from "./lib/harness.mjs";

let server;

// `modelhub admin ...` on the running server's data directory; returns stdout.
function admin(...args) {
  const r = spawnSync(modelhubBin(), ["admin", ...args, "--data", server.dataDir], { encoding: "utf8" });
  assert.equal(r.status, 0, `modelhub admin ${args.join(" ")} failed (${r.status}):\n${r.stderr}`);
  return r.stdout;
}

function adminFails(...args) {
  const r = spawnSync(modelhubBin(), ["admin", ...args, "--data", server.dataDir], { encoding: "utf8" });
  assert.notEqual(r.status, 0, `modelhub admin ${args.join(" ")} should fail`);
  return r.stderr;
}

const token = (...args) => admin("token", "create", ...args).trim();

// Callers of the sweep. alice administers org acme; carol is a read member; bob is nobody there.
const callers = {};
const acme = (name, type = "model") => repoRef(name, type, "acme");
const pub = acme("pub");
const priv = acme("priv");
const gated = acme("gated");
const card = "---\nlicense: mit\nextra_gated_prompt: Tell us who you are\nextra_gated_fields:\n  Company: text\n  I agree to the license: checkbox\n---\n# Gated\n";
let lfsOid;

before(async () => {
  server = await startServer();
  admin("user", "add", "alice", "--email", "alice@example.org", "--fullname", "Alice A");
  admin("user", "add", "bob");
  admin("user", "add", "carol");
  admin("user", "add", "dave");
  admin("org", "create", "acme", "--fullname", "Acme Corp");
  admin("org", "add-member", "acme", "alice", "--role", "admin");
  admin("org", "add-member", "acme", "carol", "--role", "read");
  admin("org", "add-member", "acme", "dave", "--role", "contributor");
  callers.anonymous = false;
  callers.other = token("--user", "bob", "--role", "write");
  callers.read = token("--user", "alice", "--role", "read");
  callers.write = token("--user", "alice", "--role", "write");
  callers.member = token("--user", "carol", "--role", "write");
  callers.admin = server.token;
  callers.scopedElsewhere = token("--user", "alice", "--role", "write", "--repo", "acme/pub");

  for (const [name, isPrivate] of [["pub", false], ["priv", true], ["gated", false]]) {
    expectJson(request(server, "POST", "/api/repos/create", {
      auth: callers.write, json: { name, organization: "acme", private: isPrivate },
    }));
  }
  const weights = Buffer.from("weights ".repeat(64));
  for (const repo of [pub, priv, gated]) {
    ({ oid: lfsOid } = lfsUpload(server, repo, { buf: weights }));
    commit(server, repo, [
      { path: "README.md", content: repo === gated ? card : "# hi\n" },
      { path: "config.json", content: "{}" },
      { path: "model.bin", lfs: { oid: lfsOid, size: weights.length } },
    ]);
  }
  expectJson(request(server, "PUT", `${gated.api}/settings`, { auth: callers.write, json: { gated: "manual" } }));
});

after(async () => {
  await server?.stop();
});

// ---------- the leakage sweep ----------

// Read routes of a repo: [name, method, path-or-fn, options, kind]; kind "content" routes pass
// the gate, "metadata" routes only need the repo to be visible.
const readRoutes = (repo) => [
  ["info", "GET", repo.api, {}, "metadata"],
  ["info at revision", "GET", `${repo.api}/revision/main`, {}, "metadata"],
  ["refs", "GET", `${repo.api}/refs`, {}, "metadata"],
  ["commits", "GET", `${repo.api}/commits/main`, {}, "metadata"],
  ["likers", "GET", `${repo.api}/likers`, {}, "metadata"],
  ["auth-check", "GET", `${repo.api}/auth-check`, {}, "metadata"],
  ["resolve", "GET", `${repo.files}/resolve/main/config.json`, {}, "content"],
  ["resolve HEAD", "HEAD", `${repo.files}/resolve/main/config.json`, {}, "content"],
  ["resolve LFS", "HEAD", `${repo.files}/resolve/main/model.bin`, {}, "content"],
  ["raw", "GET", `${repo.files}/raw/main/README.md`, {}, "content"],
  ["tree", "GET", `${repo.api}/tree/main`, {}, "content"],
  ["paths-info", "POST", `${repo.api}/paths-info/main`, { form: "paths=config.json&expand=true" }, "content"],
  ["LFS batch download", "POST", `${repo.files}.git/info/lfs/objects/batch`, {
    json: { operation: "download", transfers: ["basic"], objects: [{ oid: "0".repeat(64), size: 1 }] },
    contentType: "application/vnd.git-lfs+json", headers: ["Accept: application/vnd.git-lfs+json"],
  }, "content"],
];

const membersOfAcme = new Set(["read", "write", "member", "admin"]);

// What `caller` must get for a route `kind` on `repo`: 200, or [status, X-Error-Code].
function expected(callerName, repo, kind) {
  const anonymous = callerName === "anonymous";
  if (repo === priv) {
    // The scoped token belongs to alice but names only acme/pub: the private repo is invisible.
    if (membersOfAcme.has(callerName)) return 200;
    return anonymous ? [401, "RepoNotFound"] : [404, "RepoNotFound"];
  }
  if (repo === gated && kind === "content") {
    if (membersOfAcme.has(callerName) || callerName === "scopedElsewhere") return 200;
    return anonymous ? [401, "GatedRepo"] : [403, "GatedRepo"];
  }
  return 200;
}

function send(callerName, method, path, opts) {
  return request(server, method, path, { ...opts, auth: callers[callerName] });
}

describe("leakage sweep: every read route, every caller, every kind of repo", () => {
  for (const repo of [pub, priv, gated]) {
    for (const [route, method, path, opts, kind] of readRoutes(repo)) {
      test(`${repo.name}: ${route}`, () => {
        for (const callerName of Object.keys(callers)) {
          const res = send(callerName, method, path, opts);
          const want = expected(callerName, repo, kind);
          if (want === 200) {
            expectStatus(res, 200);
            continue;
          }
          const [status, code] = want;
          assert.equal(res.status, status, `${callerName}:\n${res.describe()}`);
          assert.equal(res.header("x-error-code"), code, `${callerName}:\n${res.describe()}`);
          if (code === "RepoNotFound") {
            // Indistinguishable from a repo that does not exist.
            const path404 = path.replace("acme/priv", "acme/does-not-exist");
            const other = send(callerName, method, path404, opts);
            assert.equal(other.status, res.status, `${callerName} ${route}`);
            assert.equal(other.header("x-error-message"), res.header("x-error-message"));
            assert.equal(other.text, res.text, `${callerName} ${route}: bodies differ`);
          }
        }
      });
    }
  }

  test("listings, search and likes show a private repo only to who may see it", () => {
    expectStatus(request(server, "POST", `${priv.api}/like`, { auth: callers.write }), 200);
    for (const callerName of Object.keys(callers)) {
      const sees = membersOfAcme.has(callerName);
      for (const query of ["author=acme", "search=priv", "author=acme&full=true"]) {
        const names = expectJson(send(callerName, "GET", `/api/models?${query}`, {})).map((r) => r.id);
        assert.equal(names.includes("acme/priv"), sees, `${callerName} ${query}: ${names}`);
        if (query.startsWith("author")) assert.ok(names.includes("acme/pub") && names.includes("acme/gated"));
      }
      const likes = expectJson(send(callerName, "GET", "/api/users/alice/likes", {})).map((l) => l.repo.name);
      assert.equal(likes.includes("acme/priv"), sees, `${callerName} likes: ${likes}`);
    }
  });

  test("a denial's body never names the private repo's content", () => {
    for (const callerName of ["anonymous", "other", "scopedElsewhere"]) {
      const res = send(callerName, "GET", `${priv.files}/resolve/main/README.md`, {});
      assert.ok(!res.text.includes("# hi"), res.describe());
      assert.equal(res.header("x-repo-commit"), undefined, `no commit id leaks:\n${res.describe()}`);
      assert.equal(res.header("x-linked-etag"), undefined);
    }
  });
});

// ---------- writes ----------

describe("writes need a write role and a token that allows it", () => {
  let n = 0;
  const ops = () => [{ path: `w-${n++}.txt`, content: "x" }];
  const commitAs = (callerName, repo) => request(server, "POST", `${repo.api}/commit/main`, {
    auth: callers[callerName], body: commitBody(ops()), contentType: "application/x-ndjson",
  });
  test("commit to a public org repo", () => {
    const outcomes = {
      anonymous: 401, other: 403, read: 403, write: 200, member: 403, admin: 200, scopedElsewhere: 200,
    };
    for (const [callerName, status] of Object.entries(outcomes)) {
      const res = commitAs(callerName, pub);
      assert.equal(res.status, status, `${callerName}:\n${res.describe()}`);
    }
  });
  test("commit to a private org repo: invisible first, then forbidden", () => {
    const outcomes = {
      anonymous: [401, "RepoNotFound"], other: [404, "RepoNotFound"], read: [403, undefined],
      member: [403, undefined], scopedElsewhere: [404, "RepoNotFound"], write: [200], admin: [200],
    };
    const before = repoState(server, priv);
    for (const [callerName, [status, code]] of Object.entries(outcomes)) {
      if (status !== 200) {
        const res = commitAs(callerName, priv);
        assert.equal(res.status, status, `${callerName}:\n${res.describe()}`);
        assert.equal(res.header("x-error-code"), code, `${callerName}:\n${res.describe()}`);
      }
    }
    assert.deepEqual(repoState(server, priv), before, "refused commits change nothing");
    for (const callerName of ["write", "admin"]) expectStatus(commitAs(callerName, priv), 200);
  });
  test("a read token gets 403 with a message that says why", () => {
    const res = request(server, "POST", "/api/repos/create", { auth: callers.read, json: { name: "nope", organization: "acme" } });
    const body = expectError(res, 403);
    assert.match(body.error, /read token/);
    expectStatus(request(server, "GET", `${pub.api}/auth-check/write`, { auth: callers.read }), 403);
    expectStatus(request(server, "GET", `${pub.api}/auth-check/write`, { auth: callers.write }), 200);
  });
  test("creating repos in an organisation needs membership (contributor or more)", () => {
    expectError(request(server, "POST", "/api/repos/create", { auth: callers.other, json: { name: "bobs", organization: "acme" } }), 403);
    expectError(request(server, "POST", "/api/repos/create", { auth: callers.member, json: { name: "carols", organization: "acme" } }), 403);
    const dave = token("--user", "dave", "--role", "write");
    expectJson(request(server, "POST", "/api/repos/create", { auth: dave, json: { name: "daves", organization: "acme" } }));
    // A contributor writes to the repos it created, not to the others.
    commit({ ...server, token: dave }, acme("daves"), ops());
    expectStatus(request(server, "POST", `${pub.api}/commit/main`, { auth: dave, body: commitBody(ops()), contentType: "application/x-ndjson" }), 403);
    // Own namespace: anyone with a write token.
    expectJson(request(server, "POST", "/api/repos/create", { auth: callers.other, json: { name: "own" } }));
  });
  test("settings and access requests need write rights on the repo", () => {
    expectStatus(request(server, "PUT", `${pub.api}/settings`, { auth: callers.member, json: { private: true } }), 403);
    expectStatus(request(server, "GET", `${gated.api}/user-access-request/pending`, { auth: callers.member }), 403);
    expectStatus(request(server, "GET", `${gated.api}/user-access-request/pending`, { auth: callers.read }), 403);
    expectJson(request(server, "GET", `${gated.api}/user-access-request/pending`, { auth: callers.write }));
  });
  test("a fine-grained token works only where its scopes say", () => {
    const scoped = token("--user", "alice", "--role", "read", "--repo", "acme/priv");
    expectStatus(request(server, "GET", priv.api, { auth: scoped }), 200);
    expectStatus(request(server, "POST", `${priv.api}/commit/main`, { auth: scoped, body: commitBody(ops()), contentType: "application/x-ndjson" }), 403);
    const ns = token("--user", "alice", "--role", "write", "--namespace", "acme");
    commit({ ...server, token: ns }, priv, ops());
    expectJson(request(server, "POST", "/api/repos/create", { auth: ns, json: { name: "by-scope", organization: "acme" } }));
    // Not in its namespace: alice's own.
    expectError(request(server, "POST", "/api/repos/create", { auth: ns, json: { name: "mine" } }), 403);
  });
});

// ---------- tokens and whoami ----------

describe("whoami-v2 and token lifecycle", () => {
  test("full shape: orgs with roles, token role and fine-grained scopes", () => {
    const me = expectJson(request(server, "GET", "/api/whoami-v2", { auth: callers.read }));
    assert.equal(me.type, "user");
    assert.equal(me.name, "alice");
    assert.equal(me.fullname, "Alice A");
    assert.equal(me.email, "alice@example.org");
    assert.deepEqual(me.orgs.map((o) => [o.type, o.name, o.fullname, o.roleInOrg]), [["org", "acme", "Acme Corp", "admin"]]);
    assert.notEqual(me.orgs[0].id, me.id);
    assert.equal(me.auth.type, "access_token");
    assert.equal(me.auth.accessToken.role, "read");
    assert.ok(!Number.isNaN(Date.parse(me.auth.accessToken.createdAt)));
    const scoped = expectJson(request(server, "GET", "/api/whoami-v2", { auth: callers.scopedElsewhere }));
    assert.equal(scoped.auth.accessToken.role, "fineGrained");
    assert.deepEqual(scoped.auth.accessToken.fineGrained.scoped.map((s) => [s.entity.type, s.entity.name, s.permissions]),
      [["model", "acme/pub", ["repo.content.read", "repo.write"]]]);
    expectError(request(server, "GET", "/api/whoami-v2", { auth: false }), 401);
  });
  test("a revoked token is refused with the message the clients recognise; last use is recorded", () => {
    const t = token("--user", "bob", "--role", "read", "--name", "ci");
    expectJson(request(server, "GET", "/api/whoami-v2", { auth: t }));
    const listed = JSON.parse(admin("token", "list", "--user", "bob", "--json"));
    const row = listed.find((x) => x.name === "ci");
    assert.ok(row.lastUsedAt, "last use recorded");
    assert.ok(!JSON.stringify(listed).includes(t), "token values are never listed");
    admin("token", "revoke", String(row.id));
    for (const path of ["/api/whoami-v2", pub.api, `${pub.files}/resolve/main/config.json`]) {
      const res = request(server, "GET", path, { auth: t });
      expectStatus(res, 401);
      assert.equal(res.header("x-error-message"), "Invalid credentials in Authorization header");
    }
  });
  test("git-style Basic credentials carry the token as password", () => {
    const basic = Buffer.from(`anything:${callers.write}`).toString("base64");
    expectStatus(request(server, "GET", priv.api, { auth: false, headers: [`Authorization: Basic ${basic}`] }), 200);
  });
  test("bad account input changes nothing", () => {
    assert.match(adminFails("user", "add", "acme"), /already exists/);
    assert.match(adminFails("org", "create", "bob"), /already exists/);
    assert.match(adminFails("user", "add", "bad name"), /Invalid user name/);
    assert.match(adminFails("token", "create", "--user", "nobody", "--role", "read"), /No user/);
    assert.match(adminFails("token", "create", "--user", "bob", "--role", "read", "--repo", "a/b/c"), /Invalid scope/);
    assert.match(adminFails("user", "remove", "bob"), /still owns 1 repos/);
    const users = JSON.parse(admin("user", "list", "--json")).map((u) => u.name);
    assert.ok(!users.includes("bad name") && users.includes("alice"));
  });
});

// ---------- gated flow ----------

describe("gated repo: request, review, download", () => {
  test("end to end, with the Hub's messages at each step", () => {
    const bob = callers.other;
    const dl = () => request(server, "GET", `${gated.files}/resolve/main/config.json`, { auth: bob });
    assert.match(dl().header("x-error-message"), /not in the authorized list\. Visit http:\/\/127\.0\.0\.1:\d+\/acme\/gated to ask for access/);
    // The form to fill in comes from the card.
    const form = expectJson(request(server, "GET", `${gated.files}/ask-access`, { auth: bob }));
    assert.deepEqual(form, {
      gated: "manual", prompt: "Tell us who you are", status: null,
      fields: { Company: "text", "I agree to the license": "checkbox" },
    });
    // It must be filled in.
    expectError(request(server, "POST", `${gated.files}/ask-access`, { auth: bob, json: { Company: "Bob Inc" } }), 400);
    expectError(request(server, "POST", `${gated.files}/ask-access`, { auth: false, form: "Company=x" }), 401);
    assert.equal(expectJson(request(server, "POST", `${gated.files}/ask-access`, {
      auth: bob, form: "Company=Bob+Inc&I+agree+to+the+license=on",
    })).status, "pending");
    const pending = dl();
    expectError(pending, 403, "GatedRepo");
    assert.match(pending.header("x-error-message"), /awaiting a review/);
    const listed = expectJson(request(server, "GET", `${gated.api}/user-access-request/pending`, { auth: callers.write }));
    assert.deepEqual(listed.map((r) => [r.user.user, r.status, r.fields]), [["bob", "pending", { Company: "Bob Inc", "I agree to the license": true }]]);
    assert.ok(!Number.isNaN(Date.parse(listed[0].timestamp)));
    // Reject, then cancel (back to pending), then accept.
    expectJson(request(server, "POST", `${gated.api}/user-access-request/handle`, {
      auth: callers.write, json: { user: "bob", status: "rejected", rejectionReason: "no" },
    }));
    assert.match(dl().header("x-error-message"), /has been rejected/);
    expectStatus(request(server, "POST", `${gated.api}/user-access-request/handle`, {
      auth: callers.write, json: { user: "bob", status: "rejected" },
    }), 404);
    expectJson(request(server, "POST", `${gated.api}/user-access-request/handle`, { auth: callers.write, json: { user: "bob", status: "pending" } }));
    expectJson(request(server, "POST", `${gated.api}/user-access-request/handle`, { auth: callers.write, json: { user: "bob", status: "accepted" } }));
    const ok = dl();
    expectStatus(ok, 200);
    assert.equal(ok.text, "{}");
    assert.deepEqual(expectJson(request(server, "GET", `${gated.api}/user-access-request/accepted`, { auth: callers.write })).map((r) => r.user.user), ["bob"]);
    // Grant without a request; granting again is a 400.
    expectJson(request(server, "POST", `${gated.api}/user-access-request/grant`, { auth: callers.write, json: { user: "dave" } }));
    expectStatus(request(server, "POST", `${gated.api}/user-access-request/grant`, { auth: callers.write, json: { user: "dave" } }), 400);
    expectStatus(request(server, "POST", `${gated.api}/user-access-request/grant`, { auth: callers.write, json: { user: "nobody" } }), 404);
    // Not gated: 400.
    expectStatus(request(server, "GET", `${pub.api}/user-access-request/pending`, { auth: callers.write }), 400);
  });
  test("gated auto: access is granted on request", () => {
    const auto = acme("auto");
    expectJson(request(server, "POST", "/api/repos/create", { auth: callers.write, json: { name: "auto", organization: "acme" } }));
    commit({ ...server, token: callers.write }, auto, [{ path: "config.json", content: "{}" }]);
    expectJson(request(server, "PUT", `${auto.api}/settings`, { auth: callers.write, json: { gated: "auto" } }));
    const carolOutsider = token("--user", "bob", "--role", "read");
    expectStatus(request(server, "GET", `${auto.files}/resolve/main/config.json`, { auth: carolOutsider }), 403);
    assert.equal(expectJson(request(server, "POST", `${auto.api}/ask-access`, { auth: carolOutsider, json: {} })).status, "accepted");
    expectStatus(request(server, "GET", `${auto.files}/resolve/main/config.json`, { auth: carolOutsider }), 200);
    expectStatus(request(server, "HEAD", `${auto.files}/resolve/main/config.json`, { auth: false }), 401);
  });
});

// ---------- audit ----------

describe("audit log", () => {
  test("writes, token events, access decisions and refusals, with who, what and where", () => {
    const entries = JSON.parse(admin("audit", "--repo", "acme/priv", "--json", "--limit", "1000"));
    const actions = new Set(entries.map((e) => `${e.action} ${e.actor || "(anonymous)"} ${e.outcome}`));
    assert.ok(actions.has("repo.create alice ok"), [...actions].join("\n"));
    assert.ok(actions.has("commit alice ok"));
    assert.ok(actions.has("access.denied (anonymous) 401 RepoNotFound"));
    assert.ok(actions.has("access.denied bob 404 RepoNotFound"));
    assert.ok(entries.every((e) => e.repo === "acme/priv"));
    assert.ok(entries.filter((e) => e.action !== "repo.create").every((e) => e.address === "127.0.0.1"));
    const gatedLog = JSON.parse(admin("audit", "--repo", "acme/gated", "--user", "alice", "--json"));
    assert.ok(gatedLog.some((e) => e.action === "access.handle" && e.outcome === "accepted" && e.detail === "bob"));
    assert.ok(gatedLog.every((e) => e.actor === "alice"));
    const tokenEvents = JSON.parse(admin("audit", "--since", "1h", "--json", "--limit", "10000")).filter((e) => e.action.startsWith("token."));
    assert.ok(tokenEvents.some((e) => e.action === "token.revoke"));
    assert.ok(tokenEvents.some((e) => e.action === "token.create" && e.actor.startsWith("cli:")));
    assert.deepEqual(JSON.parse(admin("audit", "--since", "2099-01-01", "--json")), []);
    assert.match(adminFails("audit", "--since", "yesterday"), /neither a duration/);
  });
});

// ---------- rate limits ----------

describe("rate limits", () => {
  let limited;
  before(async () => {
    limited = await startServer({ args: ["--rate-limit-api", "3", "--rate-limit-resolvers", "2", "--rate-limit-window", "60"] });
  });
  after(async () => {
    await limited?.stop();
  });
  test("per token and per address, with 429, Retry-After and the headers huggingface_hub parses", () => {
    const run = (...args) => spawnSync(modelhubBin(), ["admin", ...args, "--data", limited.dataDir], { encoding: "utf8" });
    assert.equal(run("user", "add", "ci").status, 0);
    const t = run("token", "create", "--user", "ci", "--role", "read").stdout.trim();
    for (let i = 0; i < 3; i++) {
      const ok = request(limited, "GET", "/api/models", { auth: t });
      expectStatus(ok, 200);
      assert.match(ok.header("ratelimit"), new RegExp(`^"api";r=${2 - i};t=\\d+$`));
      assert.equal(ok.header("ratelimit-policy"), '"fixed window";"api";q=3;w=60');
    }
    const refused = request(limited, "GET", "/api/models", { auth: t });
    expectError(refused, 429);
    assert.match(refused.header("ratelimit"), /^"api";r=0;t=\d+$/);
    assert.match(refused.header("retry-after"), /^\d+$/);
    assert.ok(Number(refused.header("retry-after")) <= 60);
    // Resolvers have a budget of their own; anonymous callers count per address.
    for (let i = 0; i < 2; i++) request(limited, "HEAD", "/admin/none/resolve/main/x", { auth: false });
    expectStatus(request(limited, "HEAD", "/admin/none/resolve/main/x", { auth: false }), 429);
    // The loopback admin is not counted.
    for (let i = 0; i < 5; i++) {
      const res = request(limited, "GET", "/api/models", { auth: true });
      expectStatus(res, 200);
      assert.equal(res.header("ratelimit"), undefined);
    }
  });
});
