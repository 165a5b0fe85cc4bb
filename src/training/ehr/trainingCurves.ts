import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { trainCodeBaseline } from "../../baselines/codes/trainCodeBaseline.ts";
import type { Engine } from "../../engine/Engine.ts";
import { scoreEhrModel } from "../../evaluation/evaluateEhrRun.ts";
import { rocAuc } from "../../evaluation/rocAuc.ts";
import { readEhrModelFolder } from "../../models/ehr/ehrModelFolder.ts";
import { PrognosError } from "../../util/errors.ts";
import { SeededRandom } from "../../util/SeededRandom.ts";
import { writing } from "../../util/writeError.ts";
import { EhrHeadTrainer } from "./EhrHeadTrainer.ts";
import { type EhrHead, type EhrTrainConfig, ehrTrainConfig } from "./EhrTrainConfig.ts";
import { EncoderOutputCache } from "./EncoderOutputCache.ts";
import type { EhrSplitData, LabelledPatient } from "./ehrTrainData.ts";

/** One trained model of the experiment: a head, with or without the pre-trained encoder, a size, a repeat. */
export interface CurvePoint {
  head: EhrHead;
  pretrained: boolean;
  size: number;
  repeat: number;
  test_auroc: number | null;
  val_auroc: number | null;
  seconds: number;
  /** Why the point has no AUROC (a bootstrap sample without both classes after 100 draws). */
  skipped?: string;
}

/** Options of `ehr curves` (docs/medbert.md#curves); the model options are `ehr train`'s. */
export type CurvesConfig = Omit<EhrTrainConfig, "head" | "out" | "pretrained"> & {
  out: string;
  heads: EhrHead[];
  /** Training-set sizes; "full" = the whole train split. */
  sizes: (number | "full")[];
  /** Bootstrap samples per size up to 2,000 patients (fewer above: repeatsFor). */
  repeats: number;
  pretrained?: string;
};

/** The paper's 10 samples up to 2,000 patients; above, fewer so each size costs about the same: R·2000/n, at least 1. */
export function repeatsFor(size: number, repeats: number): number {
  return size <= 2000 ? repeats : Math.max(1, Math.round((repeats * 2000) / size));
}

/**
 * A bootstrap sample of `size` training patients (drawn with replacement, SeededRandom(seed, "curve", key)), redrawn
 * until it holds a case and a control (at most 100 draws; null after that).
 */
export function bootstrapSample(
  train: readonly LabelledPatient[],
  size: number,
  seed: number,
  key: string,
): LabelledPatient[] | null {
  const rng = SeededRandom.from(seed, "curve", key);
  for (let attempt = 0; attempt < 100; attempt++) {
    const sample = Array.from({ length: size }, () => train[rng.int(0, train.length)]!);
    const cases = sample.filter((p) => p.label === 1).length;
    if (cases > 0 && cases < size) return sample;
  }
  return null;
}

const keyOf = (p: Pick<CurvePoint, "head" | "pretrained" | "size" | "repeat">) =>
  `${p.head}|${p.pretrained ? "pretrained" : "none"}|${p.size}|${p.repeat}`;

/**
 * The training-size experiment (docs/medbert.md#curves): for each head, with and without the pre-trained encoder,
 * each size and repeat, a model trained on a bootstrap sample of the train split (early stopping on the full val
 * split) and scored on the full test split. Every point is appended to results.jsonl as it is done, so a killed run
 * continues where it stopped (points already there are skipped).
 */
export async function runTrainingCurves(
  config: CurvesConfig,
  data: { own: EhrSplitData; pretrained: EhrSplitData | null },
  newEngine: () => Engine,
  onPoint?: (p: CurvePoint, done: number, total: number) => void,
): Promise<CurvePoint[]> {
  const results = join(config.out, "results.jsonl");
  writing(config.out, () => mkdirSync(config.out, { recursive: true }));
  const done = new Map<string, CurvePoint>();
  if (existsSync(results))
    for (const line of readFileSync(results, "utf8").split("\n").filter(Boolean)) {
      const p = JSON.parse(line) as CurvePoint;
      done.set(keyOf(p), p);
    }
  const plan: Omit<CurvePoint, "test_auroc" | "val_auroc" | "seconds">[] = [];
  for (const head of config.heads) {
    const variants = head === "lr" || head === "rf" || !data.pretrained ? [false] : [false, true];
    for (const pretrained of variants) {
      const train = (pretrained ? data.pretrained! : data.own).splits.train;
      for (const s of config.sizes) {
        const size = s === "full" ? train.length : s;
        if (size > train.length) continue;
        for (let repeat = 0; repeat < repeatsFor(size, config.repeats); repeat++)
          plan.push({ head, pretrained, size, repeat });
      }
    }
  }
  if (plan.length === 0)
    throw new PrognosError(`--sizes: every size exceeds the ${data.own.splits.train.length} training patients`);
  // A frozen encoder reads every patient the same way at every point: encode the pre-trained variant's train and
  // val patients once (docs/medbert.md#curves), on an engine of its own released once the cache is filled.
  let cache: EncoderOutputCache | undefined;
  const frozenPoints = plan.some((p) => p.pretrained && p.head !== "lr" && p.head !== "rf" && !done.has(keyOf(p)));
  if (config.freeze && data.pretrained?.pretrained && frozenPoints) {
    const engine = newEngine();
    try {
      const { train, val } = data.pretrained.splits;
      cache = await EncoderOutputCache.build(data.pretrained.pretrained, [...train, ...val], engine);
    } finally {
      await engine.release();
    }
  }
  const points: CurvePoint[] = [];
  let count = 0;
  for (const p of plan) {
    count++;
    const previous = done.get(keyOf(p));
    if (previous) {
      points.push(previous);
      onPoint?.(previous, count, plan.length);
      continue;
    }
    const t0 = performance.now();
    const base = p.pretrained ? data.pretrained! : data.own;
    const sample = bootstrapSample(base.splits.train, p.size, config.seed, keyOf(p));
    let point: CurvePoint;
    if (!sample) {
      point = {
        ...p,
        test_auroc: null,
        val_auroc: null,
        seconds: 0,
        skipped: "no bootstrap sample with both classes in 100 draws",
      };
    } else {
      const work = join(config.out, "work");
      rmSync(work, { recursive: true, force: true });
      const run = ehrTrainConfig({
        ...config,
        cohort: base.cohort.dir,
        head: p.head,
        out: work,
        pretrained: p.pretrained ? config.pretrained : undefined,
        freeze: p.pretrained ? config.freeze : false,
        seed: config.seed + p.repeat,
      });
      const sampled: EhrSplitData = { ...base, splits: { ...base.splits, train: sample } };
      // A fresh engine per model: its sessions (weights baked in) are released with it.
      const engine = newEngine();
      let val: number | null;
      let scores: Float32Array;
      const test = base.splits.test;
      try {
        if (p.head === "lr" || p.head === "rf") val = (await trainCodeBaseline(run, sampled, engine)).valAuroc;
        else
          val = (await new EhrHeadTrainer(run, sampled, engine, { cache: p.pretrained ? cache : undefined }).run())
            .bestMetric;
        scores = await scoreEhrModel(await readEhrModelFolder(join(work, "best")), test, engine);
      } finally {
        await engine.release();
      }
      const labels = test.map((x) => x.label);
      const both = labels.includes(0) && labels.includes(1);
      point = {
        ...p,
        test_auroc: both ? rocAuc(labels, scores) : null,
        val_auroc: val,
        seconds: (performance.now() - t0) / 1000,
      };
      rmSync(work, { recursive: true, force: true });
    }
    writing(results, () => appendFileSync(results, `${JSON.stringify(point)}\n`));
    points.push(point);
    onPoint?.(point, count, plan.length);
  }
  return points;
}

/** One row of the table: a head and variant at a size, over its repeats. */
export interface CurveSummary {
  head: EhrHead;
  pretrained: boolean;
  size: number;
  repeats: number;
  mean: number | null;
  sd: number | null;
  min: number | null;
  max: number | null;
}

/** Mean, standard deviation (n − 1), min and max of the test AUROCs per head, variant and size. */
export function summarizeCurves(points: readonly CurvePoint[]): CurveSummary[] {
  const groups = new Map<string, CurvePoint[]>();
  for (const p of points) {
    const k = `${p.head}|${p.pretrained}|${p.size}`;
    groups.set(k, [...(groups.get(k) ?? []), p]);
  }
  return [...groups.values()].map((g) => {
    const v = g.map((p) => p.test_auroc).filter((x): x is number => x !== null);
    const mean = v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
    const sd =
      v.length > 1 && mean !== null ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1)) : null;
    return {
      head: g[0]!.head,
      pretrained: g[0]!.pretrained,
      size: g[0]!.size,
      repeats: v.length,
      mean,
      sd,
      min: v.length ? Math.min(...v) : null,
      max: v.length ? Math.max(...v) : null,
    };
  });
}

/** The config a resumed run must match (written as curves.json's `config`). */
export function curvesKey(c: CurvesConfig): string {
  const { threads: _t, ...rest } = c;
  return JSON.stringify(rest);
}

export function writeCurvesConfig(c: CurvesConfig): void {
  const path = join(c.out, "config.json");
  if (existsSync(path) && readFileSync(path, "utf8").trim() !== curvesKey(c))
    throw new PrognosError(
      `${path}: the results in this folder were made with other options; use another --out or --overwrite`,
    );
  writing(path, () => writeFileSync(path, `${curvesKey(c)}\n`));
}
