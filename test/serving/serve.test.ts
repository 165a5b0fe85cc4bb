import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { startServer } from "../../src/serving/startServer.ts";
import { multiLabelTask } from "../helpers/tinyTasks.ts";

const root = mkdtempSync(join(tmpdir(), "prognos-serve-"));
const run = join(root, "run");
const logs: string[] = [];
let server: Awaited<ReturnType<typeof startServer>>;
let url = "";
const TOKEN = "s3cret-token";
const auth = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };

before(async () => {
  const t = spawnSync(
    process.execPath,
    ["bin/prognos.js", "train", "--model", "test/fixtures/bert/tiny-uncased-gelu", "--out", run].concat(
      ["--task", multiLabelTask(join(root, "task")), "--epochs", "2", "--lr", "3e-3", "--warmup-steps", "0"],
      ["--batch-size", "5", "--threads", "1"],
    ),
    { encoding: "utf8" },
  );
  assert.equal(t.status, 0, t.stderr);
  server = await startServer({
    models: [run],
    port: 0,
    host: "127.0.0.1",
    token: TOKEN,
    maxBodyBytes: 64 * 1024,
    maxQueuedNotes: 40,
    threads: 1,
    log: (l) => logs.push(l),
  });
  url = `http://127.0.0.1:${server.port}`;
});
after(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

const post = (path: string, body: unknown, headers: Record<string, string> = auth) =>
  fetch(`${url}${path}`, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });

test("GET /health, /v1/models (tasks, labels, checksum) and /openapi.json (OpenAPI 3.1 with every route)", async () => {
  assert.equal((await fetch(`${url}/health`)).status, 200);
  const models = await (await fetch(`${url}/v1/models`, { headers: auth })).json();
  assert.equal(models.models.length, 1);
  assert.equal(models.models[0].name, "run");
  assert.equal(models.models[0].task, "task");
  assert.deepEqual(
    models.models[0].labels.map((l: { name: string }) => l.name),
    ["428", "486"],
  );
  assert.match(models.models[0].checksum, /^[0-9a-f]{64}$/);
  const doc = await (await fetch(`${url}/openapi.json`, { headers: auth })).json();
  assert.equal(doc.openapi, "3.1.0");
  for (const p of ["/health", "/v1/models", "/v1/predict", "/v1/explain"]) assert.ok(doc.paths[p], p);
  assert.ok(doc.paths["/v1/predict"].post.responses["429"]);
  assert.ok(doc.components.schemas.PredictRequest);
});

test("POST /v1/predict and /v1/explain: the same JSON as prognos predict, batched across concurrent requests", async () => {
  const notes = [
    { id: "a", text: "patient with chest pain" },
    { id: 7, text: "patient with cough" },
  ];
  const cli = spawnSync(
    process.execPath,
    ["bin/prognos.js", "predict", "--model", run, "--text", notes[0]!.text, "--threads", "1", "--no-progress"],
    { encoding: "utf8" },
  );
  const expected = JSON.parse(cli.stdout).predictions[0];
  // Concurrent requests are scored together and each gets its own notes back.
  const [r1, r2] = await Promise.all([post("/v1/predict", { notes }), post("/v1/predict", { notes: [notes[1]] })]);
  assert.equal(r1.status, 200);
  const b1 = await r1.json();
  const b2 = await r2.json();
  assert.deepEqual(
    b1.predictions.map((p: { id: string }) => p.id),
    ["a", "7"],
  );
  assert.equal(b2.predictions[0].id, "7");
  assert.deepEqual(b2.predictions[0].predictions[0].labels, b1.predictions[1].predictions[0].labels);
  const got = b1.predictions[0].predictions[0];
  assert.equal(got.model, "run");
  for (const l of got.labels) {
    const want = expected.labels.find((x: { label: string }) => x.label === l.label);
    assert.ok(Math.abs(l.probability - want.probability) < 1e-6);
  }
  const e = await post("/v1/explain", { notes: [notes[0]], steps: 16 });
  assert.equal(e.status, 200);
  const explained = (await e.json()).predictions[0].predictions[0].labels.filter(
    (l: { attributions?: unknown }) => l.attributions,
  );
  for (const l of explained)
    assert.deepEqual(
      l.attributions.map((a: { word: string }) => a.word),
      ["patient", "with", "chest", "pain"],
    );
  assert.ok(!logs.join("\n").includes("chest"), "request logs hold no note text");
});

test("Open Inference Protocol (KServe v2): health, model metadata, infer with a BYTES input and FP32 outputs", async () => {
  assert.deepEqual(await (await fetch(`${url}/v2/health/ready`)).json(), { ready: true });
  const meta = await (await fetch(`${url}/v2/models/run`, { headers: auth })).json();
  assert.deepEqual(meta.inputs, [{ name: "text", datatype: "BYTES", shape: [-1] }]);
  assert.deepEqual(meta.outputs, [{ name: "probabilities", datatype: "FP32", shape: [-1, 2] }]);
  const text = "patient with chest pain";
  const r = await post("/v2/models/run/infer", {
    id: "req-1",
    inputs: [{ name: "text", datatype: "BYTES", shape: [2], data: [text, "patient with cough"] }],
  });
  assert.equal(r.status, 200);
  const out = await r.json();
  assert.equal(out.model_name, "run");
  assert.equal(out.id, "req-1");
  assert.deepEqual(out.outputs[0].shape, [2, 2]);
  assert.equal(out.outputs[0].datatype, "FP32");
  const v1 = (await (await post("/v1/predict", { notes: [{ id: 1, text }] })).json()).predictions[0].predictions[0];
  for (const [l, name] of ["428", "486"].entries()) {
    const p = v1.labels.find((x: { label: string }) => x.label === name).probability;
    assert.ok(Math.abs(out.outputs[0].data[l] - p) < 1e-6);
  }
  const bad = await post("/v2/models/run/infer", {
    inputs: [{ name: "text", datatype: "FP32", shape: [1], data: [1] }],
  });
  assert.equal(bad.status, 400);
  assert.match((await bad.json()).error, /inputs\.text\.datatype: expected BYTES/);
  assert.equal((await fetch(`${url}/v2/models/nope`, { headers: auth })).status, 404);
});

test("bad requests: 400 naming the field, 401, 404, 413, 429 — never a crash", async () => {
  const cases: [Promise<Response>, number, RegExp][] = [
    [post("/v1/predict", { notes: [{ id: 1 }] }), 400, /notes\.0\.text/],
    [post("/v1/predict", { notes: [] }), 400, /notes/],
    [post("/v1/predict", "{not json"), 400, /./],
    [post("/v1/predict", { notes: [{ id: 1, text: "   " }] }), 400, /notes\.0\.text: the note is empty/],
    [
      post("/v1/predict", { notes: [{ id: 1, text: "x" }] }, { "content-type": "application/json" }),
      401,
      /unauthorized/,
    ],
    [
      post("/v1/predict", { notes: [{ id: 1, text: "x" }] }, { ...auth, authorization: "Bearer wrong-token!" }),
      401,
      /unauthorized/,
    ],
    [post("/v1/predict", { notes: [{ id: 1, text: "x" }], models: ["nope"] }), 404, /unknown model\(s\): nope/],
    [fetch(`${url}/v2/nothing`, { headers: auth }), 404, /no route GET \/v2\/nothing/],
    [post("/v1/predict", { notes: [{ id: 1, text: "word ".repeat(20_000) }] }), 413, /larger than 65536 bytes/],
  ];
  for (const [p, status, pattern] of cases) {
    const r = await p;
    assert.equal(r.status, status, `${status}: ${await r.clone().text()}`);
    assert.match((await r.json()).error, pattern);
  }
  // The queue takes 40 notes: three requests of 20 at once, one is refused.
  const many = { notes: Array.from({ length: 20 }, (_, i) => ({ id: i, text: "patient with chest pain" })) };
  const statuses = (await Promise.all([0, 1, 2].map(() => post("/v1/predict", many)))).map((r) => r.status).sort();
  assert.deepEqual(statuses, [200, 200, 429]);
  assert.equal((await fetch(`${url}/health`)).status, 200, "still up");
});

test("prognos serve binds to 127.0.0.1 and stops gracefully on SIGTERM (the request in flight finishes)", async () => {
  const child = spawn(process.execPath, ["bin/prognos.js", "serve", "--model", run, "--port", "0", "--threads", "1"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  const address = await new Promise<string>((resolve, reject) => {
    child.stderr.on("data", (d) => {
      stderr += d;
      const m = /serving .* on http:\/\/([\d.]+:\d+)/.exec(stderr);
      if (m) resolve(m[1]!);
    });
    child.once("exit", () => reject(new Error(stderr)));
  });
  assert.match(address, /^127\.0\.0\.1:\d+$/);
  const inFlight = fetch(`http://${address}/v1/explain`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ notes: [{ id: 1, text: "patient with chest pain" }], steps: 64 }),
  });
  await new Promise((r) => setTimeout(r, 50));
  child.kill("SIGTERM");
  assert.equal((await inFlight).status, 200);
  const code = await new Promise((resolve) => child.once("exit", resolve));
  assert.equal(code, 0, stderr);
  assert.match(stderr, /stopping: no new requests/);
});
