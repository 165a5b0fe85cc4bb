import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { SafetensorsFile } from "../../src/checkpoint/SafetensorsFile.ts";
import type { WeightTensor } from "../../src/checkpoint/WeightTensor.ts";
import { serializeSafetensors } from "../../src/checkpoint/writeSafetensors.ts";
import { Engine } from "../../src/engine/Engine.ts";
import { headToJson, type ModelHead } from "../../src/models/heads/ModelHead.ts";
import { NotePredictor } from "../../src/serving/NotePredictor.ts";
import { assertClose } from "../helpers/assertClose.ts";

// `prognos train` has no frozen-encoder mode, so the heads "trained on one frozen encoder" are written here: model
// folders holding the same encoder weights byte for byte (the tiny test BERT's, pooler included) beside different
// classifiers and heads, in other folders (identity is by content, never by path).
const MODEL = "test/fixtures/bert/tiny-uncased-gelu";
const root = mkdtempSync(join(tmpdir(), "prognos-shared-encoder-"));
after(() => rmSync(root, { recursive: true, force: true }));

const windows = { policy: "windows", window: 12, stride: 6, pool: "max" } as const;

async function encoderWeights(): Promise<[string, WeightTensor][]> {
  const f = await SafetensorsFile.open(join(MODEL, "model.safetensors"));
  const out: [string, WeightTensor][] = [];
  for (const [n, t] of f.tensors)
    out.push([n, { shape: [...t.shape], data: Float32Array.from((await t.read()).data) }]);
  await f.close();
  return out;
}

/** A model folder: the tiny encoder (optionally changed by `edit`), a classifier of `seed`, `head` in config.json. */
async function modelFolder(
  name: string,
  head: Omit<ModelHead, "task" | "thresholds" | "maxLength" | "longNotes"> & Partial<ModelHead>,
  seed: number,
  edit?: (weights: [string, WeightTensor][]) => void,
): Promise<string> {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const f of ["vocab.txt", "tokenizer_config.json"]) copyFileSync(join(MODEL, f), join(dir, f));
  const L = head.labels.length;
  const full: ModelHead = {
    task: name,
    maxLength: 12,
    longNotes: windows,
    thresholds: head.problemType === "multi_label_classification" ? new Array(L).fill(0.5) : L === 2 ? [0.5] : [],
    ...head,
  };
  const config = JSON.parse(readFileSync(join(MODEL, "config.json"), "utf8"));
  config.architectures = ["BertForSequenceClassification"];
  config.prognos_head = headToJson(full);
  writeFileSync(join(dir, "config.json"), JSON.stringify(config));
  const tensors = await encoderWeights();
  edit?.(tensors);
  const H = 32;
  tensors.push([
    "classifier.weight",
    { shape: [L, H], data: Float32Array.from({ length: L * H }, (_, i) => Math.sin(seed * 7.1 + i * 0.37)) },
  ]);
  tensors.push(["classifier.bias", { shape: [L], data: Float32Array.from({ length: L }, (_, i) => 0.1 * i - seed) }]);
  writeFileSync(join(dir, "model.safetensors"), serializeSafetensors(tensors));
  return dir;
}

const labels = (n: number) => Array.from({ length: n }, (_, i) => ({ name: String(i) }));
const multi = "multi_label_classification" as const;
const single = "single_label_classification" as const;
// Three heads that read the encoder three ways: through the pooler, the raw [CLS] state, the mean over the tokens.
const diagnoses = () =>
  modelFolder("a/diagnoses", { problemType: multi, labels: labels(3), pooler: true, pooling: "cls" }, 1);
const mortality = () =>
  modelFolder("b/mortality", { problemType: single, labels: labels(2), pooler: false, pooling: "mean" }, 2);
const stay = () => modelFolder("c/stay", { problemType: single, labels: labels(4), pooler: false, pooling: "cls" }, 3);

// Notes of several lengths: short ones in one window, long ones in several (max-pooled), in batches of 3.
const notes = [
  "patient with chest pain",
  "patient with cough and fever for three days , no chest pain , history of hypertension and diabetes",
  "cough",
  "fever and cough",
  "chest pain with fever , patient with cough , pain in the chest for two days and fever",
  "patient",
  "history of chest pain",
].map((text, i) => ({ id: String(i), text }));

/** Loads `dirs` on an engine that counts graph runs; scores `notes` in batches of 3. */
async function scoreCounting(dirs: string[]) {
  const runs: string[] = [];
  const engine = Engine.create({ threads: 1, graphCache: null, onRun: (key) => runs.push(key) });
  try {
    const predictor = await NotePredictor.load(dirs, engine);
    const scored = await predictor.score(notes, { batchSize: 3 });
    return { predictor, scored, runs };
  } finally {
    await engine.release();
  }
}

const batches = Math.ceil(notes.length / 3);

test("heads on one identical encoder: one encoder pass per batch serves them all, with each model's own outputs", async () => {
  const dirs = [await diagnoses(), await mortality(), await stay()];
  const shared = await scoreCounting(dirs);
  assert.deepEqual(shared.predictor.encoderPasses, [[0, 1, 2]]);
  assert.equal(shared.runs.length, batches, "one graph run per batch, not one per model");
  assert.ok(shared.runs.every((k) => k.startsWith("bert-multi-head:")));
  assert.ok(
    shared.scored.some((s) => s[0]!.windows > 1),
    "some notes are read in several windows",
  );
  for (const [k, dir] of dirs.entries()) {
    const alone = await scoreCounting([dir]);
    assert.equal(alone.runs.length, batches);
    assert.ok(alone.runs.every((key) => key.startsWith("bert-classifier")));
    for (const [i, s] of shared.scored.entries()) {
      const want = alone.scored[i]![0]!;
      assertClose(s[k]!.probabilities, want.probabilities, 1e-5, `model ${k}, note ${i}`);
      assert.deepEqual([s[k]!.windows, s[k]!.wordPieces, s[k]!.cut], [want.windows, want.wordPieces, want.cut]);
    }
  }
});

test("encoders that differ (one weight, or the max length) get their own passes, and still their own outputs", async () => {
  const a = await diagnoses();
  const nudged = await modelFolder(
    "d/nudged",
    { problemType: multi, labels: labels(3), pooler: true, pooling: "cls" },
    1,
    (w) => {
      const t = w.find(([n]) => n === "encoder.layer.1.output.dense.bias")![1];
      t.data[0] = t.data[0]! + 1e-3;
    },
  );
  const longer = await modelFolder(
    "e/longer",
    { problemType: single, labels: labels(2), pooler: false, pooling: "mean", maxLength: 16 },
    2,
  );
  const b = await mortality();
  const r = await scoreCounting([a, nudged, longer, b]);
  // a and b share (same encoder, same reading); the nudged encoder and the other max length do not.
  assert.deepEqual(r.predictor.encoderPasses, [[0, 3], [1], [2]]);
  assert.equal(r.runs.length, 3 * batches);
  for (const [k, dir] of [a, nudged, longer, b].entries()) {
    const alone = await scoreCounting([dir]);
    for (const [i, s] of r.scored.entries())
      assertClose(s[k]!.probabilities, alone.scored[i]![0]!.probabilities, 1e-5, `model ${k}, note ${i}`);
  }
  // The nudge is small but real: the two diagnosis models do not give the same probabilities.
  assert.ok(r.scored.some((s) => s[0]!.probabilities.some((p, l) => p !== s[1]!.probabilities[l])));
});
