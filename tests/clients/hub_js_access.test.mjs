// The real `@huggingface/hub` client with tokens of each role against a local modelhub with an
// organisation: what succeeds, and which error (HubApiError and its status) the client raises
// for what does not. Accounts and tokens are made with the real `modelhub admin` commands.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  HubApiError, checkRepoAccess, createRepo, downloadFile, listFiles, listModels, modelInfo,
  repoExists, uploadFiles, whoAmI,
} from "@huggingface/hub";
import { request, startServer, modelhubBin } from "../integration/lib/harness.mjs";

let server;
const tokens = {};

function admin(...args) {
  const r = spawnSync(modelhubBin(), ["admin", ...args, "--data", server.dataDir], { encoding: "utf8" });
  assert.equal(r.status, 0, `modelhub admin ${args.join(" ")}: ${r.stderr}`);
  return r.stdout.trim();
}

const as = (who) => ({ hubUrl: server.url, accessToken: tokens[who] });
const anonymous = () => ({ hubUrl: server.url });

// Runs `promise`, expecting a HubApiError with `status`; returns it.
async function rejectsWith(promise, status) {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof HubApiError, `expected HubApiError, got ${error}`);
    assert.equal(error.statusCode, status, `${error.message}`);
    return error;
  }
  assert.fail(`expected a HubApiError ${status}`);
}

const file = (path, text) => ({ path, content: new Blob([text]) });

before(async () => {
  server = await startServer();
  for (const user of ["maria", "omar", "lena"]) admin("user", "add", user);
  admin("org", "create", "lab");
  admin("org", "add-member", "lab", "maria", "--role", "write");
  admin("org", "add-member", "lab", "lena", "--role", "read");
  tokens.write = admin("token", "create", "--user", "maria", "--role", "write");
  tokens.read = admin("token", "create", "--user", "maria", "--role", "read");
  tokens.outsider = admin("token", "create", "--user", "omar", "--role", "write");
  tokens.reader = admin("token", "create", "--user", "lena", "--role", "write");
  tokens.scoped = admin("token", "create", "--user", "maria", "--role", "write", "--repo", "lab/scoped");
});

after(async () => {
  await server?.stop();
});

describe("@huggingface/hub with tokens of each role", { concurrency: false }, () => {
  test("whoAmI: the user, its organisations and the token's role", async () => {
    const me = await whoAmI(as("read"));
    assert.equal(me.type, "user");
    assert.equal(me.name, "maria");
    assert.deepEqual(me.orgs.map((o) => o.name), ["lab"]);
    assert.equal(me.auth.accessToken.role, "read");
    assert.ok(me.auth.accessToken.createdAt instanceof Date);
    assert.equal((await whoAmI(as("scoped"))).auth.accessToken.role, "fineGrained");
    await rejectsWith(whoAmI({ hubUrl: server.url, accessToken: "hf_notatoken000000000000" }), 401);
  });

  test("createRepo: write token in an org it writes to; 403 for a read token or an outsider", async () => {
    await createRepo({ ...as("write"), repo: "lab/private-model", private: true });
    await createRepo({ ...as("write"), repo: "lab/scoped" });
    const denied = await rejectsWith(createRepo({ ...as("read"), repo: "lab/nope" }), 403);
    assert.match(denied.message, /read token/);
    await rejectsWith(createRepo({ ...as("outsider"), repo: "lab/nope" }), 403);
    await rejectsWith(createRepo({ ...as("reader"), repo: "lab/nope" }), 403);
    await createRepo({ ...as("outsider"), repo: "omar/own" });
  });

  test("uploadFiles: write token yes, read token 403, fine-grained only on its repo", async () => {
    await uploadFiles({ ...as("write"), repo: "lab/private-model", files: [file("config.json", "{}")] });
    await rejectsWith(uploadFiles({ ...as("read"), repo: "lab/private-model", files: [file("a.txt", "a")] }), 403);
    await uploadFiles({ ...as("scoped"), repo: "lab/scoped", files: [file("b.txt", "b")] });
    // The scoped token cannot even see the private repo: 404, as if it did not exist.
    await rejectsWith(uploadFiles({ ...as("scoped"), repo: "lab/private-model", files: [file("c.txt", "c")] }), 404);
  });

  test("a private repo: members read it, others get the §1 errors", async () => {
    const info = await modelInfo({ ...as("reader"), name: "lab/private-model" });
    assert.equal(info.private, true);
    const files = [];
    for await (const entry of listFiles({ ...as("read"), repo: "lab/private-model" })) files.push(entry.path);
    assert.ok(files.includes("config.json"));
    assert.equal(await (await downloadFile({ ...as("reader"), repo: "lab/private-model", path: "config.json" })).text(), "{}");
    await rejectsWith(modelInfo({ ...as("outsider"), name: "lab/private-model" }), 404);
    await rejectsWith(modelInfo({ ...anonymous(), name: "lab/private-model" }), 401);
    await rejectsWith(checkRepoAccess({ ...as("outsider"), repo: "lab/private-model" }), 404);
    await checkRepoAccess({ ...as("reader"), repo: "lab/private-model" });
    assert.equal(await repoExists({ ...anonymous(), repo: "lab/private-model" }), false);
    assert.equal(await repoExists({ ...as("outsider"), repo: "lab/private-model" }), false);
    assert.equal(await repoExists({ ...as("reader"), repo: "lab/private-model" }), true);
    const seen = async (who) => {
      const names = [];
      for await (const m of listModels({ ...as(who), search: { owner: "lab" } })) names.push(m.name);
      return names;
    };
    assert.ok((await seen("reader")).includes("lab/private-model"));
    assert.ok(!(await seen("outsider")).includes("lab/private-model"));
  });

  test("a gated repo: refused until access is granted, then downloads", async () => {
    await createRepo({ ...as("write"), repo: "lab/gated" });
    await uploadFiles({ ...as("write"), repo: "lab/gated", files: [file("config.json", "{\"gated\":true}")] });
    const settings = request(server, "PUT", "/api/models/lab/gated/settings", { auth: tokens.write, json: { gated: "manual" } });
    assert.equal(settings.status, 200, settings.describe());
    await rejectsWith(downloadFile({ ...as("outsider"), repo: "lab/gated", path: "config.json" }), 403);
    await rejectsWith(downloadFile({ ...anonymous(), repo: "lab/gated", path: "config.json" }), 401);
    const info = await modelInfo({ ...anonymous(), name: "lab/gated", additionalFields: ["gated"] });
    assert.equal(info.gated, "manual");
    const grant = request(server, "POST", "/api/models/lab/gated/user-access-request/grant", { auth: tokens.write, json: { user: "omar" } });
    assert.equal(grant.status, 200, grant.describe());
    assert.equal(await (await downloadFile({ ...as("outsider"), repo: "lab/gated", path: "config.json" })).text(), "{\"gated\":true}");
  });
});
