/** Test helpers: small seeded toy tasks (in memory, or written as a task folder) with known signal. */

import type { TaskDataset, TaskExample } from "../../src/tasks/dataset/index.ts";
import type { ProblemType } from "../../src/tasks/ProblemType.ts";
import type { Split } from "../../src/tasks/splits/Split.ts";
import { SeededRandom } from "../../src/util/SeededRandom.ts";

export type ToyKind = "multi-label" | "binary" | "multi-class";

export interface ToyOptions {
  kind: ToyKind;
  seed?: number;
  rows?: Record<Split, number>;
  /** Probability that a row's signal word is present when its label is on (1 = separable). */
  signal?: number;
  /** Probability that a signal word appears although its label is off. */
  noise?: number;
}

const FILLER = Array.from({ length: 60 }, (_, i) => `filler${i}`);

/** Label names and the word that signals each. */
const LABELS: Record<ToyKind, string[]> = {
  "multi-label": ["401", "428", "V45"],
  binary: ["0", "1"],
  "multi-class": ["0", "1", "2", "3"],
};

function row(rng: SeededRandom, kind: ToyKind, id: number, signal: number, noise: number): TaskExample {
  const L = LABELS[kind].length;
  let labels: number[];
  if (kind === "multi-label") labels = [0, 1, 2].filter(() => rng.chance(0.35));
  else if (kind === "binary") labels = [rng.chance(0.3) ? 1 : 0];
  else labels = [rng.int(0, L)];
  const words = Array.from({ length: 6 + rng.int(0, 7) }, () => FILLER[rng.int(0, FILLER.length)]!);
  for (let l = 0; l < L; l++) {
    if (kind === "binary" && l === 0) continue;
    const on = labels.includes(l);
    if (rng.chance(on ? signal : noise)) words.splice(rng.int(0, words.length + 1), 0, `signal${l}`);
  }
  return { id: String(id), text: words.join(" "), labels };
}

export function toyDataset(o: ToyOptions): TaskDataset {
  const rng = SeededRandom.from(o.seed ?? 1, "toy", o.kind);
  const rows = o.rows ?? { train: 600, val: 200, test: 300 };
  const labels = LABELS[o.kind];
  let id = 1000;
  const splits = {} as Record<Split, TaskExample[]>;
  const labelCounts = {} as Record<Split, number[]>;
  for (const split of ["train", "val", "test"] as const) {
    splits[split] = Array.from({ length: rows[split] }, () => row(rng, o.kind, id++, o.signal ?? 1, o.noise ?? 0));
    labelCounts[split] = labels.map((_, l) => splits[split].filter((e) => e.labels.includes(l)).length);
  }
  const problemType: ProblemType =
    o.kind === "multi-label" ? "multi_label_classification" : "single_label_classification";
  return {
    name: `toy-${o.kind}`,
    layout: "plain",
    folder: "(memory)",
    files: { train: "train.csv", val: "val.csv", test: "test.csv" },
    problemType,
    labelType: o.kind,
    labelColumn: o.kind === "multi-label" ? "short_codes" : o.kind === "binary" ? "hospital_expire_flag" : "los_label",
    labels,
    splits,
    labelCounts,
    skipped: [],
    warnings: [],
  };
}

/** The split's rows as a task file would hold them: [id, text, label column value]. */
export function toyRows(d: TaskDataset, split: Split): Array<[string, string, string]> {
  return d.splits[split].map((e) => [
    e.id,
    e.text,
    d.problemType === "multi_label_classification"
      ? e.labels.map((l) => d.labels[l]).join(",")
      : d.labels[e.labels[0]!]!,
  ]);
}
