import { join } from "node:path";
import { bowPredictionSet } from "../baselines/bow/bowPredictionSet.ts";
import { trainBowBaseline } from "../baselines/bow/trainBowBaseline.ts";
import { BOW_FILES } from "../baselines/bow/writeBowOutputs.ts";
import type { Engine } from "../engine/Engine.ts";
import type { TaskDataset } from "../tasks/dataset/TaskDataset.ts";
import type { DemoConfig } from "./DemoConfig.ts";
import type { DemoReporter } from "./DemoReporter.ts";
import type { DemoModelResult } from "./fineTuneDemoTask.ts";

/**
 * The bag-of-words baseline on one task (TF-IDF + logistic regression with the library's defaults; the demo's seed
 * and bootstrap resamples), written to `<out>/runs/<task>-bow/` as `prognos baseline bow` writes it: model files,
 * and eval-val/, eval-test/ (metrics.json, predictions.csv, report.html) as `prognos evaluate` writes them. Its test metrics come from the same
 * evaluation call as the transformer's (evaluatePredictions, same resamples and seed, same rows), so the two
 * intervals are comparable.
 */
export async function bowDemoTask(
  cfg: DemoConfig,
  dataset: TaskDataset,
  engine: Engine,
  reporter: DemoReporter,
): Promise<DemoModelResult> {
  const t0 = Date.now();
  const dir = join(cfg.out, "runs", `${dataset.name}-bow`);
  let bar: ReturnType<DemoReporter["bar"]> | null = null;
  let lastEpoch = "";
  const result = await trainBowBaseline(dataset, {
    engine,
    out: dir,
    seed: cfg.seed,
    bootstrap: cfg.bootstrap,
    ...(cfg.bow.epochs ? { epochs: cfg.bow.epochs } : {}),
    onProgress: (p) => {
      if (p.phase === "train") {
        if (!bar) bar = reporter.bar(`bag-of-words (≤ ${p.epochs} epochs)`, p.epochs * p.steps, "steps");
        bar.update((p.epoch - 1) * p.steps + p.step, `epoch ${p.epoch}, loss ${p.loss.toFixed(4)}${lastEpoch}`);
      } else if (p.phase === "epoch") {
        lastEpoch = `, val AUROC ${p.valMacroAuroc?.toFixed(4) ?? "n/a"}`;
      }
    },
  });
  (bar as ReturnType<DemoReporter["bar"]> | null)?.stop();
  reporter.note(
    `bag-of-words: ${result.vectorizer.size} terms, ${result.history.length} epochs (best ${result.bestEpoch}, early stopping on val)`,
  );
  const test = dataset.splits.test;
  const set = { ...bowPredictionSet(dataset, test, result.scores.test), ids: test.map((e) => e.id) };
  const best = result.history.find((h) => h.epoch === result.bestEpoch);
  return {
    dir,
    metrics: result.metrics.test,
    set,
    files: {
      metrics: join(dir, BOW_FILES.evalTest, "metrics.json"),
      predictions: join(dir, BOW_FILES.evalTest, "predictions.csv"),
      report: join(dir, BOW_FILES.evalTest, "report.html"),
    },
    valMacroAuroc: best?.valMacroAuroc ?? null,
    detail: { epochs: result.history.length, bestEpoch: result.bestEpoch, terms: result.vectorizer.size },
    seconds: (Date.now() - t0) / 1000,
  };
}
