import assert from "node:assert/strict";
import { test } from "node:test";
import type { ModelHead } from "../../src/models/heads/ModelHead.ts";
import { labelTitles } from "../../src/serving/labelTitles.ts";
import type { ScoredNote } from "../../src/serving/NotePredictor.ts";
import { modelPrediction, rankLabels } from "../../src/serving/notePredictions.ts";
import { PredictionJson } from "../../src/serving/PredictionJson.ts";

let seed = 12345;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};

const heads: ModelHead[] = [
  {
    task: "DIA_GROUPS_3_DIGITS_adm",
    problemType: "multi_label_classification",
    // ICD-9 groups titled from the bundled tables, a head's own titles (quotes, accents), names to escape.
    labels: [
      { name: "401.9" },
      { name: "428" },
      { name: 'say "x"', title: 'a "quoted" title, é ✓' },
      ...Array.from({ length: 60 }, (_, i) => ({ name: `L${i}\n` })),
    ],
    pooler: true,
    pooling: "cls",
    maxLength: 512,
    longNotes: { policy: "truncate" },
    thresholds: Array.from({ length: 63 }, (_, i) => (i % 3 === 0 ? 0.3 : 0.5)),
  },
  {
    task: "MP_IN_adm",
    problemType: "single_label_classification",
    labels: [{ name: "0" }, { name: "1" }],
    pooler: true,
    pooling: "cls",
    maxLength: 512,
    longNotes: { policy: "truncate" },
    thresholds: [0.3],
  },
  {
    task: "LOS_WEEKS_adm",
    problemType: "single_label_classification",
    labels: [{ name: "0" }, { name: "1" }, { name: "2" }, { name: "3" }],
    pooler: false,
    pooling: "mean",
    maxLength: 512,
    longNotes: { policy: "windows", window: 512, stride: 256, pool: "max" },
    thresholds: [],
  },
];

/** Probabilities on a coarse grid, so that ties and values equal to a threshold occur. */
function scored(head: ModelHead): ScoredNote {
  const L = head.labels.length;
  const raw = Float32Array.from({ length: L }, () => Math.round(random() * 10) / 10);
  if (head.problemType === "single_label_classification") {
    const sum = raw.reduce((a, b) => a + b, 0) || 1;
    raw.forEach((v, l) => {
      raw[l] = v / sum;
    });
  }
  return {
    probabilities: raw,
    wordPieces: Math.floor(random() * 900),
    windows: 1 + Math.floor(random() * 3),
    cut: random() < 0.5,
  };
}

test("PredictionJson writes exactly JSON.stringify(modelPrediction(…)) for every kind of head, titles included", () => {
  for (const head of heads) {
    const writer = new PredictionJson('runs/"mp"/best', head);
    for (let n = 0; n < 50; n++) {
      const s = scored(head);
      for (const top of [0, 1, 3, 10, 100])
        assert.equal(
          writer.write(s, top),
          JSON.stringify(modelPrediction('runs/"mp"/best', head, s, top, labelTitles(head))),
        );
    }
  }
  const dia = JSON.parse(new PredictionJson("m", heads[0]!).write(scored(heads[0]!), 100));
  assert.equal(
    dia.labels.find((l: { label: string }) => l.label === "401.9").title,
    "Unspecified essential hypertension",
  );
});

test("rankLabels: the top labels and every predicted one, in the order of a stable sort by falling probability", () => {
  for (const head of heads) {
    for (let n = 0; n < 100; n++) {
      const s = scored(head);
      const p = s.probabilities;
      for (const top of [0, 2, 10]) {
        // The reference: every label sorted (stable), the first `top` ranks and every predicted label kept.
        const sorted = Array.from({ length: p.length }, (_, l) => l).sort((a, b) => p[b]! - p[a]!);
        const r = rankLabels(head, p, top);
        const multi = head.problemType === "multi_label_classification";
        const want = multi ? sorted.filter((l, rank) => rank < top || r.isPredicted(l)) : sorted;
        assert.deepEqual(r.shown, want);
        assert.deepEqual(r.predicted, sorted.filter(r.isPredicted));
        if (multi)
          assert.deepEqual(
            r.predicted,
            sorted.filter((l) => p[l]! >= head.thresholds[l]!),
          );
      }
    }
  }
});
