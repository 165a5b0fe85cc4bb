// `prognos fetch-model` against a local stand-in for the hub (hubServer.ts) serving the tiny fixture BERT.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { test } from "node:test";
import { fetchModel } from "../../src/hub/fetchModel.ts";
import { COMMIT, type HubBehaviour, HubServer } from "./hubServer.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const TINY = join(ROOT, "test", "fixtures", "bert", "tiny-uncased-gelu");
const files = Object.fromEntries(
  readdirSync(TINY)
    .filter((f) => f !== "golden.json")
    .map((f) => [f, new Uint8Array(readFileSync(join(TINY, f)))]),
);
const REPOS = { "tiny/bert": { files, lfs: ["model.safetensors", "pytorch_model.bin"] } };
const quiet = () => new PassThrough().resume();

async function withHub<T>(behaviour: HubBehaviour, fn: (hub: HubServer, dir: string) => Promise<T>): Promise<T> {
  const hub = await HubServer.start(REPOS, behaviour);
  try {
    return await fn(hub, mkdtempSync(join(tmpdir(), "prognos-fetch-")));
  } finally {
    await hub.close();
  }
}

/** Runs the real CLI without blocking this process's event loop (the hub runs in it). */
function prognos(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((ok) => {
    const child = spawn(process.execPath, [join(ROOT, "bin", "prognos.js"), ...args], { cwd: ROOT });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => ok({ code, stdout, stderr }));
  });
}

test("full download: config, safetensors (preferred over pytorch_model.bin), tokenizer; checked; loads with inspect", async () => {
  await withHub({}, async (hub, dir) => {
    const out = join(dir, "model");
    const r = await fetchModel({ id: "tiny/bert", out, endpoint: hub.endpoint, stderr: quiet() });
    assert.equal(r.commit, COMMIT);
    assert.equal(r.fileList, "api");
    assert.deepEqual(
      r.files.map((f) => [f.name, f.verified]),
      [
        ["config.json", "git-sha1"],
        ["model.safetensors", "sha256"],
        ["vocab.txt", "git-sha1"],
        ["tokenizer_config.json", "git-sha1"],
      ],
    );
    for (const f of r.files) assert.deepEqual(new Uint8Array(readFileSync(join(out, f.name))), files[f.name], f.name);
    assert.equal(existsSync(`${out}.part`), false, "the temporary folder is gone");
    assert.deepEqual(readdirSync(out).sort(), [
      "config.json",
      "model.safetensors",
      "prognos-fetch.json",
      "tokenizer_config.json",
      "vocab.txt",
    ]);
    assert.equal(JSON.parse(readFileSync(join(out, "prognos-fetch.json"), "utf8")).id, "tiny/bert");
    assert.ok(!hub.log.some((l) => l.url.endsWith("pytorch_model.bin") && l.method === "GET"));
    const inspect = await prognos("inspect", out, "--json");
    assert.equal(inspect.code, 0, inspect.stderr);
    assert.equal(JSON.parse(inspect.stdout).weights.format, "safetensors");
  });
});

test("an interrupted transfer leaves no model folder, keeps the .part file, and the next run resumes with a Range request", async () => {
  const after = 4000;
  await withHub({ cut: { file: "model.safetensors", after } }, async (hub, dir) => {
    const out = join(dir, "model");
    await assert.rejects(
      fetchModel({ id: "tiny/bert", out, endpoint: hub.endpoint, stderr: quiet() }),
      /model\.safetensors: the download stopped after \d+ of \d+ bytes: .*run the same command again to resume/,
    );
    assert.equal(existsSync(out), false, "no half folder under the final name");
    assert.equal(readFileSync(join(`${out}.part`, "model.safetensors.part")).length, after);
    const cli = await prognos("fetch-model", "tiny/bert", "--out", out, "--endpoint", hub.endpoint, "--json");
    assert.equal(cli.code, 0, cli.stderr);
    assert.match(cli.stderr, /resuming the download/);
    const r = JSON.parse(cli.stdout);
    const st = r.files.find((f: { name: string }) => f.name === "model.safetensors");
    assert.equal(st.resumedBytes, after);
    assert.equal(st.verified, "sha256");
    assert.ok(
      hub.log.some((l) => l.method === "GET" && l.range === `bytes=${after}-`),
      "resumed with a Range",
    );
    assert.deepEqual(new Uint8Array(readFileSync(join(out, "model.safetensors"))), files["model.safetensors"]);
    assert.equal(existsSync(`${out}.part`), false);
  });
});

test("a checksum mismatch is refused: the bad file is deleted and no model folder appears", async () => {
  await withHub({ wrongSha: "model.safetensors" }, async (hub, dir) => {
    const out = join(dir, "model");
    await assert.rejects(
      fetchModel({ id: "tiny/bert", out, endpoint: hub.endpoint, stderr: quiet() }),
      /model\.safetensors: checksum mismatch: the hub's ETag says SHA-256 f{64}, the downloaded bytes have [0-9a-f]{64}/,
    );
    assert.equal(existsSync(out), false);
    assert.equal(existsSync(join(`${out}.part`, "model.safetensors.part")), false);
    assert.equal(existsSync(join(`${out}.part`, "model.safetensors")), false);
  });
});

test("a model the hub does not have: one line naming the URL and the cause, exit 1", async () => {
  await withHub({}, async (hub, dir) => {
    const out = join(dir, "model");
    const r = await prognos("fetch-model", "nobody/nothing", "--out", out, "--endpoint", hub.endpoint);
    assert.equal(r.code, 1);
    const line = r.stderr.trim().split("\n").at(-1)!;
    assert.equal(
      line,
      `prognos: error: ${hub.endpoint}/api/models/nobody/nothing: HTTP 404 Not Found: not found: model nobody/nothing on ${hub.endpoint}`,
    );
    assert.equal(existsSync(out), false);
    assert.equal(existsSync(`${out}.part`), false);
  });
});

test("connection refused (offline, or a wrong --endpoint): one line naming the URL and the cause", async () => {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((ok) => server.close(() => ok()));
  const dir = mkdtempSync(join(tmpdir(), "prognos-fetch-"));
  const endpoint = `http://127.0.0.1:${port}`;
  const r = spawnSync(
    process.execPath,
    [join(ROOT, "bin", "prognos.js"), "fetch-model", "tiny/bert", "--out", join(dir, "m"), "--endpoint", endpoint],
    { encoding: "utf8", cwd: ROOT },
  );
  assert.equal(r.status, 1);
  assert.equal(
    r.stderr.trim().split("\n").at(-1),
    `prognos: error: cannot reach ${endpoint}/api/models/tiny/bert: connection refused (ECONNREFUSED)`,
  );
  assert.deepEqual(readdirSync(dir), [], "nothing written");
});

test("without the API's file list the usual file names are tried one by one", async () => {
  await withHub({ apiDown: true }, async (hub, dir) => {
    const err = new PassThrough();
    let said = "";
    err.on("data", (d) => (said += d));
    const r = await fetchModel({ id: "tiny/bert", out: join(dir, "m"), endpoint: hub.endpoint, stderr: err });
    assert.equal(r.fileList, "probe");
    assert.match(said, /gave no file list \(HTTP 500\); trying the usual file names/);
    assert.deepEqual(r.files.map((f) => f.name).sort(), [
      "config.json",
      "model.safetensors",
      "tokenizer_config.json",
      "vocab.txt",
    ]);
  });
});

test("bad ids, an existing folder and a foreign .part folder are refused before any request", async () => {
  const dir = mkdtempSync(join(tmpdir(), "prognos-fetch-"));
  await assert.rejects(
    fetchModel({ id: "a/b/c", out: join(dir, "m") }),
    /model id 'a\/b\/c' is not a Hugging Face model id/,
  );
  await assert.rejects(fetchModel({ id: "../x", out: join(dir, "m") }), /is not a Hugging Face model id/);
  mkdirSync(join(dir, "full"));
  writeFileSync(join(dir, "full", "config.json"), "{}");
  await assert.rejects(
    fetchModel({ id: "tiny/bert", out: join(dir, "full"), endpoint: "http://127.0.0.1:9" }),
    /--out .*full: already holds files \(config\.json\); pass --overwrite to replace it/,
  );
  mkdirSync(join(dir, "m2.part"));
  writeFileSync(join(dir, "m2.part", "mine.txt"), "x");
  await assert.rejects(
    fetchModel({ id: "tiny/bert", out: join(dir, "m2"), endpoint: "http://127.0.0.1:9" }),
    /m2\.part: this folder is in the way of the download/,
  );
});
