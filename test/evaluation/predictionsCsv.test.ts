import assert from "node:assert/strict";
import { test } from "node:test";
import { evaluatePredictions } from "../../src/evaluation/evaluatePredictions.ts";
import { readPredictionsCsv, writePredictionsCsv } from "../../src/evaluation/predictionsCsv.ts";
import { isPrognosError } from "../../src/util/errors.ts";

test("multi-label predictions.csv: header, comma-joined true labels, quoted fields, exact scores, round trip", () => {
  const scores = Float32Array.from([0.1, 0.7, 0.3333333, 0.9, 1e-7, 0.5]);
  const set = {
    problemType: "multi-label" as const,
    labelNames: ["428", "V45", "E87"],
    yTrue: [
      [1, 1, 0],
      [0, 0, 0],
    ],
    scores,
    ids: ["100001", 'odd "id", here'],
  };
  const text = writePredictionsCsv(set);
  const lines = text.split("\n");
  assert.equal(lines[0], "id,true_labels,score_428,score_V45,score_E87");
  assert.ok(lines[1]!.startsWith('100001,"428,V45",0.10000000149011612,'), lines[1]);
  assert.ok(lines[2]!.startsWith('"odd ""id"", here",,'), lines[2]);
  assert.equal(lines[3], "");
  const back = readPredictionsCsv(text);
  assert.equal(back.problemType, "multi-label");
  assert.deepEqual(back.labelNames, ["428", "V45", "E87"]);
  assert.deepEqual(back.ids, ["100001", 'odd "id", here']);
  assert.deepEqual(Array.from(back.yTrue as Uint8Array), [1, 1, 0, 0, 0, 0]);
  assert.deepEqual(
    Array.from(back.scores as Float64Array),
    Array.from(scores),
    "every float32 score read back exactly",
  );
});

test("binary and multi-class files round trip and give the same metrics", () => {
  const yBin = [0, 1, 1, 0, 0, 1, 0];
  const pBin = yBin.map((_, i) => (i * 0.31) % 1);
  const binary = {
    problemType: "binary" as const,
    labelNames: ["survived", "died"],
    yTrue: yBin,
    scores: pBin.flatMap((p) => [1 - p, p]),
    ids: yBin.map((_, i) => i + 1),
  };
  const yMc = [0, 1, 2, 3, 1, 2];
  const multi = {
    problemType: "multi-class" as const,
    labelNames: ["0", "1", "2", "3"],
    yTrue: yMc,
    scores: yMc.flatMap((y) => [0, 1, 2, 3].map((c) => (c === y ? 0.4 : c === (y + 1) % 4 ? 0.3 : 0.15))),
    ids: yMc.map((_, i) => `a${i}`),
  };
  for (const set of [binary, multi]) {
    const text = writePredictionsCsv(set);
    assert.ok(text.startsWith(`id,true_class,${set.labelNames.map((l) => `score_${l}`).join(",")}\n`));
    const back = readPredictionsCsv(text);
    assert.equal(back.problemType, set.problemType);
    const before = evaluatePredictions({ ...set, bootstrap: { resamples: 50 } });
    const after = evaluatePredictions({ ...back, bootstrap: { resamples: 50 } });
    assert.deepEqual(after, before);
  }
});

test("a single-score binary file needs the class names to read back", () => {
  const set = {
    problemType: "binary" as const,
    labelNames: ["alive", "dead"],
    yTrue: [0, 1],
    scores: [0.2, 0.8],
    ids: [1, 2],
  };
  const text = writePredictionsCsv(set);
  assert.equal(text, "id,true_class,score_dead\n1,0,0.2\n2,1,0.8\n");
  assert.throws(() => readPredictionsCsv(text), /pass labelNames/);
  const back = readPredictionsCsv(text, { labelNames: ["alive", "dead"] });
  assert.deepEqual(Array.from(back.scores as Float64Array), [0.2, 0.8]);
});

test("bad predictions files are refused with the file and line at fault", () => {
  const refuse = (text: string, pattern: RegExp) =>
    assert.throws(
      () => readPredictionsCsv(text, { file: "runs/x/predictions.csv" }),
      (e: unknown) => isPrognosError(e) && e.message.startsWith("runs/x/predictions.csv: ") && pattern.test(e.message),
    );
  refuse("", /empty file/);
  refuse("id,label,score_a\n", /expected columns id,true_labels\|true_class/);
  refuse("id,true_labels,a\n", /column 'a' is not score_<label>/);
  refuse("id,true_labels,score_a,score_b\n1,a,0.1,0.2\n2,c,0.3,0.4\n", /line 3: true label 'c' has no score column/);
  refuse("id,true_labels,score_a,score_b\n1,a,0.1\n", /line 2: 3 fields, the header has 4/);
  refuse("id,true_class,score_a,score_b,score_c\n1,3,0.1,0.2,0.7\n", /line 2: true_class is '3', expected 0..2/);
  refuse("id,true_class,score_a,score_b,score_c\n1,2,0.1,x,0.7\n", /line 2: score_b is 'x', not a number/);
  refuse('id,true_class,score_a,score_b\n"1,0,0.1,0.9\n', /line 2: a quoted field is never closed/);
  assert.throws(
    () => writePredictionsCsv({ problemType: "multi-label", labelNames: ["a,b"], yTrue: [1], scores: [0.5], ids: [1] }),
    /cannot be joined by commas/,
  );
  assert.throws(
    () =>
      writePredictionsCsv({ problemType: "binary", labelNames: ["a", "b"], yTrue: [1], scores: [0.5], ids: [1, 2] }),
    /2 ids for 1 samples/,
  );
});
