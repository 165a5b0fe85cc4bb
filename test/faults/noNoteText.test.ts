// No patient text where it does not belong (docs/faults.md): the whole pipeline — synth → tasks build → train
// (tiny) → evaluate → predict → serve, good requests and bad ones — and the errors bad input gives, with
// everything Prognos writes besides its outputs captured: standard output and error of every command (progress,
// phases, summaries, error messages), the run's log files, the server's request log. None may hold a 6-word
// window of any note, nor the canary sentence planted in the notes sent to predict and serve.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { parseCsv } from "../../src/util/CsvRecordParser.ts";

const ROOT = join(import.meta.dirname, "../..");
const root = mkdtempSync(join(tmpdir(), "prognos-no-text-"));
after(() => rmSync(root, { recursive: true, force: true }));

const CANARY = "The quixotic heron canary seven seven three one was found near the bedside lamp";
const WINDOW = 6;

/** Lower-case words, punctuation at their ends dropped: "Pain," and "pain" are the same word. */
const words = (text: string) =>
  text
    .toLowerCase()
    .split(/\s+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ""))
    .filter((w) => w !== "");
function windows(text: string): Set<string> {
  const w = words(text);
  const out = new Set<string>();
  for (let i = 0; i + WINDOW <= w.length; i++) out.add(w.slice(i, i + WINDOW).join(" "));
  return out;
}

/** Everything captured, by where it came from. */
const captured: Array<[where: string, text: string]> = [];
/** Runs a command, capturing its standard error and (unless it is the command's output) standard output. */
function prognos(what: string, args: readonly string[], expectStatus = 0, stdoutIsOutput = false) {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [join(ROOT, "bin/prognos.js"), ...args], { cwd: ROOT, encoding: "utf8" });
  process.stderr.write(`# ${what}: ${Date.now() - t0} ms\n`);
  captured.push([`${what}: stderr`, r.stderr]);
  if (!stdoutIsOutput) captured.push([`${what}: stdout`, r.stdout]);
  assert.equal(r.status, expectStatus, `${what}: ${r.stderr}`);
  return r;
}

/** Log-like files of a folder (not the outputs: weights, tokenizer, predictions, reports). */
function captureLogs(what: string, dir: string): void {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) captureLogs(what, p);
    else if (/\.(log|jsonl)$/.test(name) || name === "run.json")
      captured.push([`${what}: ${p}`, readFileSync(p, "utf8")]);
  }
}

test("synth → tasks build → train → evaluate → predict → serve, and bad input: no note text outside the outputs", {
  timeout: 300_000,
}, async () => {
  const hospital = join(root, "hospital");
  prognos("synth", ["synth", "mimic3", "--admissions", "300", "--other-notes", "0", "--seed", "4", "--out", hospital]);
  const tasks = join(root, "tasks");
  prognos("tasks build", [
    "tasks",
    "build",
    "--source",
    "mimic3",
    "--dir",
    hospital,
    "--out",
    tasks,
    "--tasks",
    "MP_IN_adm",
  ]);
  const task = join(tasks, "MP_IN_adm");
  const run = join(root, "run");
  prognos("train", [
    "train",
    "--model",
    "test/fixtures/bert/tiny-uncased-gelu",
    "--task",
    task,
    "--out",
    run,
    "--epochs",
    "1",
    "--batch-size",
    "16",
    "--max-length",
    "64",
    "--threads",
    "1",
  ]);
  prognos("evaluate", ["evaluate", run, "--split", "test", "--bootstrap", "20", "--threads", "1"]);
  captureLogs("run folder", run);

  // Notes to score: the test split's notes, plus one carrying the canary.
  const test = parseCsv(readFileSync(join(task, "test.csv"), "utf8"));
  const notes = test.slice(1, 13).map((r) => ({ id: r.fields[0]!, text: r.fields[1]! }));
  notes.push({ id: "canary", text: `${CANARY}. ${notes[0]!.text}` });
  const input = join(root, "notes.jsonl");
  writeFileSync(input, `${notes.map((n) => JSON.stringify(n)).join("\n")}\n`);
  prognos("predict", ["predict", "--model", run, "--input", input, "--out", join(root, "p.jsonl"), "--threads", "1"]);
  prognos("predict --text", ["predict", "--model", run, "--text", CANARY, "--threads", "1"], 0, true);

  // Errors on bad input: a CSV without its header line (the first note where the header should be), a file that
  // is not UTF-8, a task file with a ragged row, a hospital whose NOTEEVENTS has a ragged row.
  const noHeader = join(root, "no-header.csv");
  writeFileSync(noHeader, notes.map((n) => `${n.id},"${n.text.replaceAll('"', '""')}"`).join("\n"));
  prognos("predict, no header", ["predict", "--model", run, "--input", noHeader, "--threads", "1"], 1);
  const latin1 = join(root, "latin1.jsonl");
  writeFileSync(latin1, Buffer.concat([Buffer.from(JSON.stringify(notes[12]).slice(0, 60)), Buffer.from([0xe9])]));
  prognos("predict, not UTF-8", ["predict", "--model", run, "--input", latin1], 1);
  const ragged = join(root, "ragged-task");
  cpSync(task, ragged, { recursive: true });
  writeFileSync(join(ragged, "val.csv"), `${readFileSync(join(ragged, "val.csv"), "utf8")}"x","${CANARY}"\n`);
  prognos(
    "train, ragged task",
    ["train", "--model", "test/fixtures/bert/tiny-uncased-gelu", "--task", ragged, "--out", join(root, "r2")],
    1,
  );
  const badHospital = join(root, "bad-hospital");
  cpSync(hospital, badHospital, { recursive: true });
  writeFileSync(
    join(badHospital, "NOTEEVENTS.csv"),
    `${readFileSync(join(badHospital, "NOTEEVENTS.csv"), "utf8")}1,2,"${CANARY}"\n`,
  );
  prognos(
    "tasks build, ragged notes",
    ["tasks", "build", "--source", "mimic3", "--dir", badHospital, "--out", join(root, "t2")],
    1,
  );

  // The server: good and bad requests; its standard error holds the request log.
  const server = spawn(
    process.execPath,
    [join(ROOT, "bin/prognos.js"), "serve", "--model", run, "--port", "0"].concat([
      "--token",
      "t0ken-for-tests",
      "--threads",
      "1",
      "--max-body",
      "20000",
    ]),
    { cwd: ROOT },
  );
  let serverErr = "";
  server.stderr.on("data", (d) => {
    serverErr += d;
  });
  let serverOut = "";
  server.stdout.on("data", (d) => {
    serverOut += d;
  });
  const deadline = Date.now() + 60_000;
  while (!/on http:\/\/[\d.]+:\d+/.test(serverErr) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 50));
  const address = /on http:\/\/([\d.]+:\d+)/.exec(serverErr)?.[1];
  assert.ok(address, `the server did not start: ${serverErr}`);
  const url = `http://${address}`;
  const auth = { authorization: "Bearer t0ken-for-tests", "content-type": "application/json" };
  const post = (path: string, body: string, headers: Record<string, string> = auth) =>
    fetch(`${url}${path}`, { method: "POST", headers, body }).then(async (r) => [r.status, await r.text()] as const);
  const requests: Array<readonly [number, string]> = [
    await post("/v1/predict", JSON.stringify({ notes: notes.slice(0, 4) })),
    await post("/v1/explain", JSON.stringify({ notes: [notes[12]], method: "grad-x-input", steps: 2 })),
    await post("/v1/predict", JSON.stringify({ notes: [{ id: 1, text: CANARY }] }), {
      "content-type": "application/json",
    }),
    await post("/v1/predict", `{"notes": [{"id": 1, "text": "${CANARY}"}`),
    await post("/v1/predict", JSON.stringify({ notes: [{ id: 1, text: CANARY }], models: ["nope"] })),
    await post("/v1/predict", JSON.stringify({ notes: [{ id: 1, text: `${CANARY} `.repeat(400) }] })),
    await post("/v1/predict", JSON.stringify({ notes: [{ id: 1, txt: CANARY }] })),
    await post(
      "/v2/models/run/infer",
      JSON.stringify({ inputs: [{ name: "text", datatype: "FP32", shape: [1], data: [CANARY] }] }),
    ),
  ];
  assert.deepEqual(
    requests.map(([s]) => s),
    [200, 200, 401, 400, 404, 413, 400, 400],
  );
  for (const [status, body] of requests.slice(2)) captured.push([`server: ${status} answer`, body]);
  server.kill("SIGTERM");
  await new Promise((r) => server.once("exit", r));
  captured.push(["serve: stderr (request log)", serverErr], ["serve: stdout", serverOut]);
  assert.ok(serverErr.split("\n").filter((l) => /POST \/v1\/predict/.test(l)).length >= 5, serverErr);

  // The notes: every admission note of the hospital and the notes sent; less any 6 words that are also in the
  // ICD titles (a diagnosis named in a note is the same words as the label's title in a summary).
  const forbidden = new Set<string>();
  for (const r of parseCsv(readFileSync(join(hospital, "NOTEEVENTS.csv"), "utf8")).slice(1))
    for (const w of windows(r.fields.at(-1)!)) forbidden.add(w);
  for (const n of notes) for (const w of windows(n.text)) forbidden.add(w);
  for (const f of ["D_ICD_DIAGNOSES.csv", "D_ICD_PROCEDURES.csv"])
    for (const w of windows(readFileSync(join(hospital, f), "utf8").replaceAll(",", " "))) forbidden.delete(w);
  assert.ok(forbidden.size > 1000, `${forbidden.size} windows`);
  assert.ok(existsSync(join(run, "log.jsonl")), "the run's log was scanned");

  const leaks: string[] = [];
  for (const [where, text] of captured) {
    if (text.includes("quixotic heron")) leaks.push(`${where}: the canary`);
    for (const w of windows(text)) if (forbidden.has(w)) leaks.push(`${where}: "${w}"`);
  }
  assert.deepEqual(leaks.slice(0, 10), [], `${leaks.length} windows of note text outside the outputs`);
  assert.ok(captured.length > 20, `${captured.length} captured streams`);
});
