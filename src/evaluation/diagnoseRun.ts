import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Engine } from "../engine/Engine.ts";
import { PrognosError } from "../util/errors.ts";
import { type EvalSplit, scoreRunSplit } from "./evaluateRun.ts";
import { checkPredictions } from "./PredictionSet.ts";
import { predictionSpread } from "./predictionSpread.ts";

/** One check of `prognos doctor`: what was looked at, what was found, and whether it is a problem. */
export interface Finding {
  check: "loss" | "learning rate" | "dev metric" | "spread";
  status: "ok" | "flag";
  message: string;
  value: number | null;
}

export interface Diagnosis {
  run: string;
  split: EvalSplit;
  /** No finding flagged. */
  healthy: boolean;
  findings: Finding[];
  warnings: string[];
}

interface LogLine {
  step?: number;
  loss?: number;
  lr?: number;
  val_metric?: number | null;
}

function readLog(run: string): LogLine[] {
  const file = join(run, "log.jsonl");
  if (!existsSync(file)) throw new PrognosError(`${run}: not a run folder (no log.jsonl)`);
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l, i) => {
      try {
        return JSON.parse(l) as LogLine;
      } catch (e) {
        throw new PrognosError(`line ${i + 1}: not JSON (${(e as Error).message})`, { file });
      }
    });
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * Checks that a run learned (docs/learning-checks.md): the training loss fell, the learning rate reached its peak,
 * the dev metric was defined and above chance, and the best checkpoint's predictions on a split move with the input
 * (not collapsed). Scores the split in memory; writes nothing.
 */
export async function diagnoseRun(
  run: string,
  options: { split?: EvalSplit; threads?: number; engine?: Engine } = {},
): Promise<Diagnosis> {
  const split = options.split ?? "val";
  const log = readLog(run);
  const findings: Finding[] = [];
  const steps = log.filter((l) => typeof l.loss === "number");
  if (steps.length < 2) {
    findings.push({ check: "loss", status: "flag", message: `${steps.length} training step(s) logged`, value: null });
  } else {
    const k = Math.max(1, Math.min(10, Math.floor(steps.length / 5)));
    const first = mean(steps.slice(0, k).map((l) => l.loss!));
    const last = mean(steps.slice(-k).map((l) => l.loss!));
    findings.push({
      check: "loss",
      status: last < first ? "ok" : "flag",
      message: `training loss ${first.toFixed(4)} → ${last.toFixed(4)} (mean of the first and last ${k} of ${steps.length} steps)${last < first ? "" : ": it did not fall"}`,
      value: last / first,
    });
    const peak = Math.max(...steps.map((l) => l.lr ?? 0));
    const runConfig = JSON.parse(readFileSync(join(run, "run.json"), "utf8")) as { lr?: number; classifierLr?: number };
    const target = runConfig.lr ?? peak;
    const reached = target > 0 ? peak / target : 1;
    findings.push({
      check: "learning rate",
      status: reached >= 0.5 ? "ok" : "flag",
      message:
        `the learning rate peaked at ${peak.toPrecision(3)} of --lr ${target}` +
        // The classifier's rate follows the same schedule (docs/training.md, "Classifier learning rate").
        (runConfig.classifierLr !== undefined && target > 0
          ? ` (the classifier's at ${((peak * runConfig.classifierLr) / target).toPrecision(3)} of --classifier-lr ${runConfig.classifierLr})`
          : "") +
        (reached >= 0.5 ? "" : ": the warm-up is longer than the run, so the model barely moved"),
      value: reached,
    });
  }
  const evals = log.filter((l) => "val_metric" in l);
  const defined = evals.filter((l) => typeof l.val_metric === "number") as { step: number; val_metric: number }[];
  if (defined.length === 0) {
    findings.push({
      check: "dev metric",
      status: "flag",
      message: `no evaluation had a defined val macro AUROC (${evals.length} evaluations)`,
      value: null,
    });
  } else {
    const best = defined.reduce((a, b) => (b.val_metric > a.val_metric ? b : a));
    findings.push({
      check: "dev metric",
      status: best.val_metric > 0.5 ? "ok" : "flag",
      message: `best val macro AUROC ${best.val_metric.toFixed(4)} at step ${best.step} (${defined.length} evaluations)${best.val_metric > 0.5 ? "" : ": no better than chance"}`,
      value: best.val_metric,
    });
  }
  const scored = await scoreRunSplit(run, split, { threads: options.threads, engine: options.engine });
  const spread = predictionSpread(checkPredictions(scored.set));
  findings.push({
    check: "spread",
    status: spread.collapsed ? "flag" : "ok",
    message:
      `${split} predictions spread ${spread.value.toPrecision(3)} (${spread.definition}); range ` +
      `${spread.range[0].toFixed(5)}–${spread.range[1].toFixed(5)}${spread.collapsed ? ": COLLAPSED, the outputs barely move with the input" : ""}`,
    value: spread.value,
  });
  return {
    run,
    split,
    healthy: findings.every((f) => f.status === "ok"),
    findings,
    warnings: scored.warnings,
  };
}
