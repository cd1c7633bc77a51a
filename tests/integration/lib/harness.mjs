// Test harness shared by tests/integration and tests/clients: starts a real `modelhub serve` on a
// free loopback port with a fresh data directory, drives it with the real `curl` binary (so status
// lines and headers are exactly what went over the wire), and offers the few protocol steps most
// tests need (create a repo, NDJSON commit, LFS upload, a snapshot of repo state).
//
// Why Node's built-in runner (`node --test`) rather than shell scripts or a framework: Node 20 is
// already a test dependency (the real `@huggingface/hub` client runs on it), its runner needs no
// package, reports every sub-test by name, supports before/after hooks that stop the server even
// when an assertion throws, and JSON is native. curl is spawned per request (spawnSync): the server
// is another process, so blocking the test's event loop costs nothing.
import { spawn, spawnSync } from "node:child_process";
import { connect } from "node:net";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";

const here = dirname(fileURLToPath(import.meta.url));

export function modelhubBin() {
  return process.env.MODELHUB_BIN || resolve(here, "../../../build/release/modelhub");
}

const liveChildren = new Set();
process.on("exit", () => {
  for (const child of liveChildren) child.kill("SIGKILL");
});

// Starts `modelhub serve` and resolves once it printed its listening line.
// `dataDir` and `token` reuse an earlier server's (restart tests).
export async function startServer({ args = [], timeoutMs = 30000, dataDir, token } = {}) {
  const bin = modelhubBin();
  if (!existsSync(bin)) throw new Error(`modelhub binary not found at ${bin} (set MODELHUB_BIN)`);
  dataDir ??= mkdtempSync(join(tmpdir(), "modelhub-test-"));
  token ??= "hf_" + randomBytes(20).toString("hex");
  const child = spawn(
    bin,
    ["serve", "--data", dataDir, "--listen", "127.0.0.1:0", "--admin-user", "admin",
     "--admin-token", token, ...args],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  liveChildren.add(child);
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (d) => {
    stderr = (stderr + d.toString()).slice(-200000);
  });
  const exited = new Promise((res) => child.on("exit", (code, signal) => res({ code, signal })));
  const url = await new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`server did not print its listening line in ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`)), timeoutMs);
    child.stdout.on("data", (d) => {
      stdout += d.toString();
      const m = /modelhub: listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        res(m[1]);
      }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      rej(new Error(`server exited (code ${code}, signal ${signal}) before listening\nstdout: ${stdout}\nstderr: ${stderr}`));
    });
  });
  child.stdout.on("data", () => {});  // keep draining
  const server = {
    url,
    token,
    dataDir,
    child,
    log: () => stderr,
    // SIGTERM, wait for a graceful exit (SIGKILL after `graceMs`), remove the data directory.
    async stop({ graceMs = 15000, keepData = false } = {}) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
      } else {
        // It died during the tests: show why (the failing requests only say "connection refused").
        console.error(`modelhub exited early (code ${child.exitCode}, signal ${child.signalCode}); stderr tail:\n${stderr.slice(-8000)}`);
      }
      const killer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      const status = await exited;
      clearTimeout(killer);
      liveChildren.delete(child);
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
      // With a sanitizer build (MODELHUB_BIN pointing at an ASan/UBSan binary) any report fails
      // the test file, leaks included (they are reported at exit).
      const report = /(ERROR: (Address|Leak)Sanitizer|runtime error:)[\s\S]{0,6000}/.exec(stderr);
      if (report) throw new Error(`sanitizer report from modelhub:\n${report[0]}`);
      return status;
    },
  };
  return server;
}

// ---------- curl ----------

function parseHeaderBlock(text) {
  const lines = text.split("\r\n");
  const m = /^HTTP\/[\d.]+ (\d{3})(?: (.*))?$/.exec(lines[0]);
  if (!m) throw new Error(`not a status line: ${JSON.stringify(lines[0])}`);
  const headers = new Map();
  const raw = [];
  for (const line of lines.slice(1)) {
    if (!line) continue;
    const i = line.indexOf(":");
    const name = line.slice(0, i).trim().toLowerCase();
    const value = line.slice(i + 1).trim();
    raw.push([name, value]);
    headers.set(name, headers.has(name) ? `${headers.get(name)}, ${value}` : value);
  }
  return { status: Number(m[1]), statusLine: lines[0], headers, raw };
}

class CurlResponse {
  constructor(request, blocks, body) {
    const last = blocks[blocks.length - 1];
    this.request = request;
    this.status = last.status;
    this.statusLine = last.statusLine;
    this.headers = last.headers;
    this.rawHeaders = last.raw;
    this.chain = blocks;
    this.body = body;
  }
  header(name) {
    return this.headers.get(name.toLowerCase());
  }
  get text() {
    return this.body.toString("utf8");
  }
  json() {
    try {
      return JSON.parse(this.text);
    } catch (e) {
      throw new Error(`response is not JSON: ${this.describe()}`);
    }
  }
  describe() {
    const hdrs = this.rawHeaders.map(([n, v]) => `${n}: ${v}`).join("\n    ");
    let body = this.text;
    if (body.length > 600) body = body.slice(0, 600) + `...(${this.body.length} bytes)`;
    return `${this.request}\n  -> ${this.statusLine}\n    ${hdrs}\n  body: ${body}`;
  }
}

// Runs curl with `args` and returns the final response (after 1xx and followed redirects).
export function curl(args, { input, label, allowExit = [] } = {}) {
  // Headers go to stdout; with -o the body goes to that file, else it follows the headers.
  const full = ["-sS", "--http1.1", "-g", "--path-as-is", "-H", "Expect:", "--max-time", "120",
                ...(args.includes("-o") ? ["-D", "-"] : ["-i"]), ...args];
  const r = spawnSync("curl", full, { input, maxBuffer: 1 << 30 });
  if (r.error) throw r.error;
  if (r.status !== 0 && !allowExit.includes(r.status)) {
    throw new Error(`curl exit ${r.status} for ${label ?? args.join(" ")}: ${r.stderr.toString()}`);
  }
  return parseCurlOutput(r.stdout, label ?? args.join(" "), r.status, r.stderr.toString());
}

function parseCurlOutput(out, label, exitCode, stderr) {
  const blocks = [];
  let pos = 0;
  while (out.length - pos >= 5 && out.subarray(pos, pos + 5).toString() === "HTTP/") {
    const end = out.indexOf("\r\n\r\n", pos);
    const stop = end < 0 ? out.length : end;
    blocks.push(parseHeaderBlock(out.subarray(pos, stop).toString("latin1")));
    pos = end < 0 ? out.length : end + 4;
    const st = blocks[blocks.length - 1].status;
    const more = out.subarray(pos, pos + 5).toString() === "HTTP/";
    if (!(st < 200 || (st >= 300 && st < 400 && more))) break;
  }
  if (!blocks.length) {
    throw new Error(`no HTTP response for ${label} (curl exit ${exitCode}): ${stderr}`);
  }
  return new CurlResponse(label, blocks, out.subarray(pos));
}

// Like request() but asynchronous (a curl child process), for concurrent requests.
export function requestAsync(server, method, path, opts = {}) {
  const args = requestArgs(server, method, path, opts);
  const full = ["-sS", "--http1.1", "-g", "--path-as-is", "-H", "Expect:", "--max-time", "120", "-i", ...args.args];
  return new Promise((resolvePromise, reject) => {
    const child = spawn("curl", full, { stdio: ["pipe", "pipe", "pipe"] });
    const out = [];
    const err = [];
    child.stdout.on("data", (d) => out.push(d));
    child.stderr.on("data", (d) => err.push(d));
    child.on("error", reject);
    child.on("close", (code) => {
      try {
        resolvePromise(parseCurlOutput(Buffer.concat(out), args.label, code, Buffer.concat(err).toString()));
      } catch (e) {
        reject(e);
      }
    });
    child.stdin.end(args.input ?? "");
  });
}

// One HTTP request against `server`. `path` is sent as given (already percent-encoded, not
// normalised). Options: auth (true = admin token, false = none, string = that token),
// json, body (string|Buffer), file (path, streamed with -T), form (string), headers (array of
// "Name: value"), range, follow, output (file to write the body to), contentType.
export function request(server, method, path, opts = {}) {
  const { args, input, label } = requestArgs(server, method, path, opts);
  return curl(args, { input, label, allowExit: opts.allowExit });
}

function requestArgs(server, method, path, opts) {
  const args = [];
  if (method === "HEAD") args.push("-I");
  else args.push("-X", method);
  const auth = opts.auth === undefined ? true : opts.auth;
  if (auth === true) args.push("-H", `Authorization: Bearer ${server.token}`);
  else if (typeof auth === "string") args.push("-H", `Authorization: Bearer ${auth}`);
  let input;
  if (opts.json !== undefined) {
    input = typeof opts.json === "string" ? opts.json : JSON.stringify(opts.json);
    args.push("-H", `Content-Type: ${opts.contentType ?? "application/json"}`, "--data-binary", "@-");
  } else if (opts.body !== undefined) {
    input = opts.body;
    args.push("-H", `Content-Type: ${opts.contentType ?? "application/octet-stream"}`, "--data-binary", "@-");
  } else if (opts.form !== undefined) {
    input = opts.form;
    args.push("-H", "Content-Type: application/x-www-form-urlencoded", "--data-binary", "@-");
  } else if (opts.file !== undefined) {
    args.push("-T", opts.file);
    if (opts.contentType) args.push("-H", `Content-Type: ${opts.contentType}`);
  }
  for (const h of opts.headers ?? []) args.push("-H", h);
  if (opts.range) args.push("-H", `Range: ${opts.range}`);
  if (opts.follow) args.push("-L");
  if (opts.output) args.push("-o", opts.output);
  const url = path.startsWith("http") ? path : server.url + path;
  args.push(url);
  return { args, input, label: `${method} ${url}` };
}

// ---------- assertions ----------

export function expectStatus(res, ...statuses) {
  assert.ok(statuses.includes(res.status), `expected status ${statuses.join(" or ")}:\n${res.describe()}`);
  return res;
}

export function expectJson(res, status = 200) {
  expectStatus(res, status);
  const ct = res.header("content-type") ?? "";
  // The LFS batch API answers with its own JSON media type (git-lfs spec).
  assert.match(ct, /^application\/(json|vnd\.git-lfs\+json)/, `expected application/json:\n${res.describe()}`);
  return res.json();
}

// A 4xx/5xx error in the shape of spec §1: status, X-Error-Code (when `code` is given; `null`
// means "must be absent or anything"), X-Error-Message, JSON {"error": "..."}.
export function expectError(res, status, code) {
  expectStatus(res, ...(Array.isArray(status) ? status : [status]));
  if (code) {
    assert.equal(res.header("x-error-code"), code, `X-Error-Code:\n${res.describe()}`);
  }
  assert.ok(res.header("x-error-message"), `X-Error-Message missing:\n${res.describe()}`);
  if (res.request.startsWith("HEAD ")) return null;
  const ct = res.header("content-type") ?? "";
  assert.match(ct, /^application\/json/, `error body must be application/json:\n${res.describe()}`);
  const body = res.json();
  assert.equal(typeof body.error, "string", `body must be {"error": string}:\n${res.describe()}`);
  return body;
}

// ---------- hashing and content ----------

export const sha256 = (buf) => createHash("sha256").update(buf).digest("hex");
export const gitBlobSha1 = (buf) =>
  createHash("sha1").update(`blob ${buf.length}\0`).update(buf).digest("hex");
export const lfsPointer = (oid, size) =>
  `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize ${size}\n`;

const dtypeBytes = { F64: 8, F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4, I16: 2, I8: 1, U8: 1, BOOL: 1 };

// A valid safetensors file: 8-byte little-endian header length, JSON header (padded with spaces
// to a multiple of 8), then the tensor data (random bytes). `tensors`: [{name, dtype, shape}].
export function makeSafetensors(tensors, metadata = { format: "pt" }) {
  const header = { __metadata__: metadata };
  let offset = 0;
  const params = {};
  for (const t of tensors) {
    const n = t.shape.reduce((a, b) => a * b, 1);
    const bytes = n * dtypeBytes[t.dtype];
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + bytes] };
    params[t.dtype] = (params[t.dtype] ?? 0) + n;
    offset += bytes;
  }
  let json = JSON.stringify(header);
  json += " ".repeat((8 - (json.length % 8)) % 8);
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  const buf = Buffer.concat([len, Buffer.from(json), randomBytes(offset)]);
  return { buf, params, total: Object.values(params).reduce((a, b) => a + b, 0) };
}

// ---------- protocol steps ----------

const prefixOf = (type) => (type === "model" ? "" : `/${type}s`);

// A repo descriptor: ids and URL prefixes for API (`api`) and file (`files`) routes.
export function repoRef(name, type = "model", namespace = "admin") {
  const id = `${namespace}/${name}`;
  return { id, name, namespace, type, api: `/api/${type}s/${id}`, files: `${prefixOf(type)}/${id}` };
}

export function createRepo(server, name, { type = "model", isPrivate, sdk } = {}) {
  const body = { name, organization: "admin", type };
  if (isPrivate !== undefined) body.private = isPrivate;
  if (type === "space") body.sdk = sdk ?? "static";
  const res = request(server, "POST", "/api/repos/create", { json: body });
  expectJson(res, 200);
  return repoRef(name, type);
}

// NDJSON commit. ops: {path, content} (regular file), {path, lfs: {oid, size}},
// {deleteFile: path}, {deleteFolder: path}. Returns the raw response.
export function commitRaw(server, repo, ops, opts = {}) {
  const { revision = "main", createPr = false } = opts;
  const q = createPr ? "?create_pr=1" : "";
  return request(server, "POST", `${repo.api}/commit/${encodeURIComponent(revision)}${q}`, {
    body: commitBody(ops, opts),
    contentType: "application/x-ndjson",
  });
}

// The NDJSON body of a commit (Python style: every line ends with a newline).
export function commitBody(ops, { summary = "test commit", description, parent } = {}) {
  const header = { summary };
  if (description !== undefined) header.description = description;
  if (parent) header.parentCommit = parent;
  const lines = [JSON.stringify({ key: "header", value: header })];
  for (const op of ops) {
    if (op.deleteFile !== undefined) lines.push(JSON.stringify({ key: "deletedFile", value: { path: op.deleteFile } }));
    else if (op.deleteFolder !== undefined) lines.push(JSON.stringify({ key: "deletedFolder", value: { path: op.deleteFolder } }));
    else if (op.lfs) lines.push(JSON.stringify({ key: "lfsFile", value: { path: op.path, algo: "sha256", oid: op.lfs.oid, size: op.lfs.size } }));
    else lines.push(JSON.stringify({ key: "file", value: { path: op.path, content: Buffer.from(op.content).toString("base64"), encoding: "base64" } }));
  }
  return lines.join("\n") + "\n";
}

export function commit(server, repo, ops, opts) {
  const res = commitRaw(server, repo, ops, opts);
  const body = expectJson(res, 200);
  assert.match(body.commitOid ?? "", /^[0-9a-f]{40}$/, `commitOid:\n${res.describe()}`);
  return body;
}

// LFS basic upload of `buf` (or the file `file` with known oid/size): batch, PUT without auth,
// verify when offered. Returns {oid, size, batch}.
export function lfsUpload(server, repo, { buf, file, oid, size, verify = true } = {}) {
  oid ??= sha256(buf);
  size ??= buf.length;
  const batchRes = request(server, "POST", `${repo.files}.git/info/lfs/objects/batch`, {
    json: { operation: "upload", transfers: ["basic"], hash_algo: "sha256", ref: { name: "main" }, objects: [{ oid, size }] },
    contentType: "application/vnd.git-lfs+json",
    headers: ["Accept: application/vnd.git-lfs+json"],
  });
  expectStatus(batchRes, 200);
  const batch = batchRes.json();
  const obj = batch.objects?.[0];
  assert.ok(obj && !obj.error, `batch object:\n${batchRes.describe()}`);
  if (obj.actions?.upload) {
    const put = request(server, "PUT", obj.actions.upload.href, file ? { auth: false, file } : { auth: false, body: buf });
    expectStatus(put, 200, 201, 204);
    if (verify && obj.actions.verify) {
      const v = request(server, "POST", obj.actions.verify.href, {
        json: { oid, size },
        contentType: "application/vnd.git-lfs+json",
        headers: Object.entries(obj.actions.verify.header ?? {}).map(([k, v2]) => `${k}: ${v2}`),
      });
      expectStatus(v, 200);
    }
  }
  return { oid, size, batch };
}

// Everything observable about a repo's git state, for "nothing changed" checks.
export function repoState(server, repo) {
  const refs = request(server, "GET", `${repo.api}/refs?include_prs=1`);
  const commits = request(server, "GET", `${repo.api}/commits/main`);
  const tree = request(server, "GET", `${repo.api}/tree/main?recursive=true&expand=false`);
  return {
    refs: expectJson(refs),
    commits: expectJson(commits).map((c) => c.id),
    tree: expectJson(tree).map((e) => `${e.type} ${e.path} ${e.oid}`).sort(),
  };
}

// The server answers a trivial authenticated request.
export function assertAlive(server) {
  const res = request(server, "GET", "/api/whoami-v2");
  expectStatus(res, 200);
}

// Files anywhere under `dir` whose name contains `needle` (to look for stored blobs).
export function findFiles(dir, needle) {
  const found = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = statSync(p, { throwIfNoEntry: false });
      if (!st) continue;
      if (st.isDirectory()) walk(p);
      else if (name.includes(needle)) found.push(p);
    }
  };
  walk(dir);
  return found;
}

// A temp directory removed when the process exits.
export function tempDir(prefix = "modelhub-t-") {
  const d = mkdtempSync(join(tmpdir(), prefix));
  process.on("exit", () => rmSync(d, { recursive: true, force: true }));
  return d;
}

export function writeTemp(dir, name, buf) {
  const p = join(dir, name);
  writeFileSync(p, buf);
  return p;
}

// Follows Link rel="next" (which must be absolute, spec §1) and concatenates the pages.
export function paginate(server, firstPath, { maxPages = 100 } = {}) {
  const items = [];
  const links = [];
  let url = firstPath;
  for (let i = 0; url && i < maxPages; i++) {
    const res = request(server, "GET", url);
    const page = expectJson(res);
    assert.ok(Array.isArray(page), `page must be an array:\n${res.describe()}`);
    items.push(...page);
    const link = res.header("link");
    url = undefined;
    if (link) {
      links.push(link);
      const m = /<(https?:\/\/[^>]+)>;\s+rel="next"/.exec(link);
      assert.ok(m, `Link must be <ABSOLUTE_URL>; rel="next" (spec §1): ${link}`);
      url = m[1];
    }
  }
  return { items, links };
}

// Sends `bytes` as-is on a fresh connection (for requests curl cannot produce: raw NUL bytes,
// lying Content-Length, garbage request lines) and resolves with the parsed first response, or
// {status: 0} when the server closed without answering.
export function rawRequest(server, bytes, { timeoutMs = 10000 } = {}) {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolvePromise, reject) => {
    const sock = connect(Number(port), hostname);
    const chunks = [];
    const timer = setTimeout(() => {
      sock.destroy();
      finish();
    }, timeoutMs);
    const finish = () => {
      clearTimeout(timer);
      const buf = Buffer.concat(chunks);
      const end = buf.indexOf("\r\n\r\n");
      if (!buf.length) return resolvePromise({ status: 0, headers: new Map(), text: "", describe: () => "(no response)" });
      try {
        const block = parseHeaderBlock(buf.subarray(0, end < 0 ? buf.length : end).toString("latin1"));
        const text = end < 0 ? "" : buf.subarray(end + 4).toString("utf8");
        resolvePromise({ ...block, text, describe: () => buf.toString("latin1").slice(0, 1500) });
      } catch (e) {
        reject(e);
      }
    };
    sock.on("error", () => finish());
    sock.on("close", finish);
    sock.on("data", (d) => {
      chunks.push(d);
      const buf = Buffer.concat(chunks);
      const end = buf.indexOf("\r\n\r\n");
      if (end >= 0) {
        const m = /content-length:\s*(\d+)/i.exec(buf.subarray(0, end).toString("latin1"));
        if (m && buf.length >= end + 4 + Number(m[1])) {
          sock.destroy();
        }
      }
    });
    sock.write(bytes);
  });
}
