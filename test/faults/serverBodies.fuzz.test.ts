// Fuzzed JSON bodies for the server (docs/faults.md): mutated bytes of valid requests to /v1/predict, /v1/explain
// and the KServe v2 infer route (test/faults/mutate.ts, fixed seeds). Every answer is 200 or a 4xx with a one-line
// JSON error, never a 500, a dropped connection or a hang (a per-request timeout); the server answers /health
// after all of them; its request log holds no note text.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { startServer } from "../../src/serving/startServer.ts";
import { multiLabelTask } from "../helpers/tinyTasks.ts";
import { fuzzCount, mutations } from "./mutate.ts";

const root = mkdtempSync(join(tmpdir(), "prognos-fuzz-serve-"));
const logs: string[] = [];
let server: Awaited<ReturnType<typeof startServer>>;
let url = "";
const TOKEN = "fuzz-token";
const headers = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };

before(async () => {
  const run = join(root, "run");
  const t = spawnSync(
    process.execPath,
    ["bin/prognos.js", "train", "--model", "test/fixtures/bert/tiny-uncased-gelu", "--out", run].concat(
      ["--task", multiLabelTask(join(root, "task")), "--epochs", "1", "--lr", "3e-3", "--warmup-steps", "0"],
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
    maxQueuedNotes: 64,
    threads: 1,
    log: (l) => logs.push(l),
  });
  url = `http://127.0.0.1:${server.port}`;
});
after(async () => {
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

const NOTE_A = "Admitted with crushing substernal chest pain and diaphoresis after climbing stairs";
const NOTE_B = "Three days of fever, productive cough and rigors; chest film shows a right lower lobe infiltrate";
const BODIES: Array<[path: string, body: unknown, cases: number]> = [
  [
    "/v1/predict",
    {
      notes: [
        { id: "a", text: NOTE_A },
        { id: 2, text: NOTE_B },
      ],
      models: ["run"],
    },
    240,
  ],
  ["/v1/explain", { notes: [{ id: "a", text: NOTE_A }], method: "grad-x-input", steps: 2 }, 60],
  [
    "/v2/models/run/infer",
    { id: "r1", inputs: [{ name: "text", datatype: "BYTES", shape: [2], data: [NOTE_A, NOTE_B] }] },
    120,
  ],
];

for (const [path, body, cases] of BODIES) {
  test(`POST ${path} with mutated JSON bodies: 200 or a 4xx with a one-line error, never a 500`, {
    timeout: 300_000,
  }, async (t) => {
    const statuses = new Map<number, number>();
    let k = 0;
    for (const bytes of mutations(Buffer.from(JSON.stringify(body)), path, fuzzCount(cases))) {
      const what = `case ${k++}: ${Buffer.from(bytes).toString("utf8").slice(0, 120)}`;
      const r = await fetch(`${url}${path}`, {
        method: "POST",
        headers,
        body: Buffer.from(bytes),
        signal: AbortSignal.timeout(30_000),
      });
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      const text = await r.text();
      assert.ok(r.status === 200 || (r.status >= 400 && r.status < 500), `${what}: status ${r.status}: ${text}`);
      const answer = JSON.parse(text);
      if (r.status !== 200) {
        assert.equal(typeof answer.error, "string", `${what}: ${text}`);
        assert.ok(!answer.error.includes("\n"), `${what}: a message of several lines: ${answer.error}`);
      }
    }
    t.diagnostic(`statuses: ${JSON.stringify(Object.fromEntries(statuses))}`);
    assert.ok((statuses.get(200) ?? 0) < k, "every mutated body was accepted: the mutations test nothing");
    assert.equal((await fetch(`${url}/health`)).status, 200);
  });
}

test("the request log: one line per request, never the notes' text", () => {
  assert.ok(logs.length > 100, `${logs.length} log lines`);
  for (const line of logs) {
    assert.ok(!line.includes("\n"), line);
    for (const note of [NOTE_A, NOTE_B])
      for (const w of note.match(/.{16}/g) ?? []) assert.ok(!line.includes(w), `note text in the log: ${line}`);
  }
});
