import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { SafetensorsFile } from "../../src/checkpoint/SafetensorsFile.ts";
import type { WeightTensor } from "../../src/checkpoint/WeightTensor.ts";
import { serializeSafetensors } from "../../src/checkpoint/writeSafetensors.ts";
import { readPredictionsCsv } from "../../src/evaluation/predictionsCsv.ts";
import { parseCsv } from "../../src/util/CsvRecordParser.ts";
import { multiLabelTask } from "../helpers/tinyTasks.ts";

const MODEL = "test/fixtures/bert/tiny-uncased-gelu";
const root = mkdtempSync(join(tmpdir(), "prognos-predict-"));
after(() => rmSync(root, { recursive: true, force: true }));
const prognos = (...args: string[]) => spawnSync(process.execPath, ["bin/prognos.js", ...args], { encoding: "utf8" });

interface Prediction {
  model: string;
  task: string;
  predicted: string[];
  risk: number | null;
  labels: {
    label: string;
    title: string | null;
    probability: number;
    threshold: number | null;
    predicted: boolean;
    attributions?: { word: string; start: number; end: number; score: number }[];
    explanation?: { method: string; logit: number; baseline_logit: number; sum: number };
  }[];
  word_pieces: number;
  cut: boolean;
}
const jsonl = (s: string) =>
  s
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { id: string; predictions: Prediction[] });

let trained: string | undefined;
function run(): string {
  if (trained) return trained;
  const out = join(root, "run");
  const t = prognos(
    ...["train", "--model", MODEL, "--task", multiLabelTask(join(root, "task")), "--out", out, "--epochs", "3"],
    ...["--lr", "3e-3", "--warmup-steps", "0", "--batch-size", "5", "--threads", "1"],
  );
  assert.equal(t.status, 0, t.stderr);
  trained = out;
  return out;
}

test("predict --input: the same probabilities as evaluate, in input order, with thresholds and what is predicted", () => {
  const r = run();
  const e = prognos("evaluate", r, "--split", "test", "--bootstrap", "0", "--threads", "1");
  assert.equal(e.status, 0, e.stderr);
  const expected = readPredictionsCsv(readFileSync(join(r, "eval-test", "predictions.csv"), "utf8"));
  const test = join(root, "task", "test.csv");
  // batch size 3: several length-sorted batches, the output still in input order
  const p = prognos("predict", "--model", r, "--input", test, "--batch-size", "3", "--threads", "1", "--top", "5");
  assert.equal(p.status, 0, p.stderr);
  const rows = jsonl(p.stdout);
  const ids = parseCsv(readFileSync(test, "utf8"))
    .slice(1)
    .map((row) => row.fields[0]);
  assert.deepEqual(
    rows.map((x) => x.id),
    ids,
  );
  const labels = expected.labelNames;
  const score = (i: number, l: number) => Number((expected.scores as ArrayLike<number>)[i * labels.length + l]);
  rows.forEach((row, i) => {
    const m = row.predictions[0]!;
    assert.equal(m.task, "task");
    const byLabel = Object.fromEntries(m.labels.map((l) => [l.label, l]));
    labels.forEach((label, l) => {
      const want = score(i, l);
      assert.ok(Math.abs(byLabel[label]!.probability - want) < 1e-6, `${row.id} ${label}`);
      assert.equal(byLabel[label]!.threshold, 0.5);
      assert.equal(byLabel[label]!.predicted, want >= 0.5);
    });
    assert.deepEqual(m.predicted.sort(), labels.filter((_, l) => score(i, l) >= 0.5).sort());
  });
  assert.ok(!p.stderr.includes("patient with"), "no note text on stderr");
});

test("predict: --text and --file, CSV output, JSON lines file via --out", () => {
  const r = run();
  const a = prognos("predict", "--model", r, "--text", "patient with chest pain", "--threads", "1");
  assert.equal(a.status, 0, a.stderr);
  const note = join(root, "note.txt");
  writeFileSync(note, "patient with chest pain");
  const out = join(root, "p.csv");
  const b = prognos("predict", "--model", r, "--file", note, "--format", "csv", "--out", out, "--threads", "1");
  assert.equal(b.status, 0, b.stderr);
  const csv = parseCsv(readFileSync(out, "utf8")).map((x) => x.fields);
  assert.deepEqual(csv[0], ["id", "model", "task", "label", "title", "probability", "threshold", "predicted"]);
  const fromText = jsonl(a.stdout)[0]!.predictions[0]!;
  for (const row of csv.slice(1)) {
    const l = fromText.labels.find((x) => x.label === row[3])!;
    assert.ok(Math.abs(Number(row[5]) - l.probability) < 1e-7);
  }
  assert.equal(
    prognos("predict", "--model", r, "--file", note, "--out", out, "--threads", "1").status,
    1,
    "no overwrite",
  );
});

/** A folder shaped like a published CORe head: a plain Hugging Face folder (no prognos_head). */
async function coreShaped(name: string, id2label: Record<string, string>, problemType?: string): Promise<string> {
  const dir = join(root, name);
  mkdirSync(dir);
  for (const f of ["vocab.txt", "tokenizer_config.json"]) copyFileSync(join(MODEL, f), join(dir, f));
  const config = JSON.parse(readFileSync(join(MODEL, "config.json"), "utf8"));
  config.architectures = ["BertForSequenceClassification"];
  config.id2label = id2label;
  config.label2id = Object.fromEntries(Object.entries(id2label).map(([k, v]) => [v, Number(k)]));
  if (problemType) config.problem_type = problemType;
  writeFileSync(join(dir, "config.json"), JSON.stringify(config));
  const f = await SafetensorsFile.open(join(MODEL, "model.safetensors"));
  const tensors: [string, WeightTensor][] = [];
  for (const [n, t] of f.tensors)
    tensors.push([n, { shape: [...t.shape], data: Float32Array.from((await t.read()).data) }]);
  await f.close();
  const L = Object.keys(id2label).length;
  tensors.push([
    "classifier.weight",
    { shape: [L, 32], data: Float32Array.from({ length: L * 32 }, (_, i) => Math.sin(i)) },
  ]);
  tensors.push(["classifier.bias", { shape: [L], data: new Float32Array(L) }]);
  writeFileSync(join(dir, "model.safetensors"), serializeSafetensors(tensors));
  return dir;
}

test("folders shaped like the published CORe heads: diagnoses (sigmoid, ICD-9 names) and mortality (softmax, 1 = risk)", async () => {
  const dia = await coreShaped("core-dia", { "0": "401.9", "1": "428.0", "2": "038.9" }, "multi_label_classification");
  const mp = await coreShaped("core-mp", { "0": "0", "1": "1" });
  const r = prognos("predict", "--model", dia, mp, "--text", "patient with fever and cough", "--threads", "1");
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /core-dia\/config\.json has no prognos_head \(a plain Hugging Face folder\)/);
  assert.match(r.stderr, /core-mp\/config\.json has no prognos_head.*single_label_classification.*no problem_type/);
  // Both folders hold the same encoder (the tiny BERT's weights): one encoder pass serves the two heads.
  assert.match(r.stderr, /one encoder pass serves \S*core-dia, \S*core-mp \(identical encoders\)/);
  const [d, m] = jsonl(r.stdout)[0]!.predictions;
  assert.equal(d!.labels.find((l) => l.label === "401.9")!.title, "Unspecified essential hypertension");
  assert.equal(d!.risk, null);
  assert.equal(m!.labels.length, 2);
  assert.ok(Math.abs(m!.labels[0]!.probability + m!.labels[1]!.probability - 1) < 1e-6, "softmax");
  assert.equal(m!.risk, m!.labels.find((l) => l.label === "1")!.probability);
  assert.equal(m!.labels.find((l) => l.label === "1")!.threshold, 0.5);
});

test("predict: bad input is one clear error, never a crash, never the note's text", () => {
  const r = run();
  const cases: [string[], RegExp][] = [
    [["--text", "   "], /1 empty note\(s\) \(ids text\): nothing to predict from/],
    [["--text", "x", "--file", "y"], /exactly one of --text, --file or --input/],
    [["--input", join(root, "notes.txt")], /expected a \.jsonl, \.csv, \.parquet or FHIR \.json file/],
  ];
  const latin1 = join(root, "latin1.txt");
  writeFileSync(latin1, Buffer.from("fi\xe8vre", "latin1"));
  cases.push([["--file", latin1], /latin1\.txt: note file is not valid UTF-8 \(line 1/]);
  const dup = join(root, "dup.jsonl");
  writeFileSync(dup, '{"id": 1, "text": "a"}\n{"id": "1", "text": "b"}\n');
  cases.push([["--input", dup], /dup\.jsonl: note 2: id '1' appears twice/]);
  const bad = join(root, "bad.jsonl");
  writeFileSync(bad, '{"id": 1, "text": "chest pain"}\n{"id": 2}\n');
  cases.push([["--input", bad], /bad\.jsonl: line 2: "text" must be a string/]);
  for (const [args, pattern] of cases) {
    const p = prognos("predict", "--model", r, ...args, "--threads", "1");
    assert.equal(p.status, 1, `${args.join(" ")}: ${p.stderr}`);
    const lines = p.stderr.trim().split("\n");
    assert.equal(lines.length, 1, p.stderr);
    assert.match(lines[0]!, pattern);
    assert.ok(!p.stderr.includes("chest pain") && !p.stderr.includes("Error:"), p.stderr);
  }
  const noModel = prognos("predict", "--model", join(root, "nowhere"), "--text", "x");
  assert.equal(noModel.status, 1);
  assert.match(noModel.stderr, /nowhere: not a model folder \(no config\.json\) nor a run folder/);
});

test("predict --explain: word attributions with offsets for each predicted label, summing to the logit's move", () => {
  const r = run();
  const text = "patient with chest pain";
  const p = prognos("predict", "--model", r, "--text", text, "--explain", "--steps", "32", "--threads", "1");
  assert.equal(p.status, 0, p.stderr);
  const m = jsonl(p.stdout)[0]!.predictions[0]!;
  const explained = m.labels.filter((l) => l.attributions);
  assert.deepEqual(
    explained.map((l) => l.label),
    m.labels.filter((l) => l.predicted).map((l) => l.label),
  );
  assert.ok(explained.length > 0);
  for (const l of explained) {
    assert.deepEqual(
      l.attributions!.map((a) => [a.word, text.slice(a.start, a.end)]),
      ["patient", "with", "chest", "pain"].map((w) => [w, w]),
    );
    const e = l.explanation!;
    assert.equal(e.method, "ig");
    assert.ok(Math.abs(e.sum - (e.logit - e.baseline_logit)) <= 0.05 * Math.abs(e.logit - e.baseline_logit) + 1e-6);
  }
  const csv = prognos("predict", "--model", r, "--text", text, "--explain", "--format", "csv");
  assert.equal(csv.status, 1);
  assert.match(csv.stderr, /--explain: attributions come in JSON lines/);
});
