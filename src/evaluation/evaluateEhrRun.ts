import { existsSync } from "node:fs";
import { join } from "node:path";
import { scoreCodeBaseline } from "../baselines/codes/trainCodeBaseline.ts";
import { Engine } from "../engine/Engine.ts";
import { Graph } from "../graph/Graph.ts";
import { toOnnx } from "../graph/onnxWriter.ts";
import * as T from "../graph/tensorOps.ts";
import { ehrHeadFeeds } from "../models/ehr/ehrHeadFeeds.ts";
import { declareEhrHeadInputs, ehrHeadLogits } from "../models/ehr/ehrHeadGraph.ts";
import { type EhrModelFiles, readEhrModelFolder } from "../models/ehr/ehrModelFolder.ts";
import { WeightsParamSource } from "../nn/WeightsParamSource.ts";
import type { Split } from "../tasks/splits/Split.ts";
import type { EhrTrainConfig } from "../training/ehr/EhrTrainConfig.ts";
import { type LabelledPatient, loadEhrSplits } from "../training/ehr/ehrTrainData.ts";
import { checkOutput } from "../util/checkOutput.ts";
import { PrognosError } from "../util/errors.ts";
import { readJsonObject } from "../util/readJsonFile.ts";
import { EVALUATION_FILES, type EvaluationOutput, writeEvaluation } from "./writeEvaluation.ts";

const modelKeys = new WeakMap<EhrModelFiles, number>();
let nextModelKey = 0;
/** One engine session per model read (its weights are baked into the graph): never another model's under one folder. */
function modelKey(model: EhrModelFiles): string {
  if (!modelKeys.has(model)) modelKeys.set(model, nextModelKey++);
  return `${model.dir}#${modelKeys.get(model)}`;
}

/** Probabilities of a case for `patients` from a model folder written by `ehr train`. */
export async function scoreEhrModel(
  model: EhrModelFiles,
  patients: readonly LabelledPatient[],
  engine: Engine,
): Promise<Float32Array> {
  const spec = model.spec;
  if (spec.head === "lr" || spec.head === "rf")
    return scoreCodeBaseline(
      spec.head,
      { weights: model.weights, forest: model.forest, features: spec.features },
      patients,
      engine,
    );
  if (!("args" in spec)) throw new PrognosError("head.json has no head arguments", { file: model.dir });
  const args = spec.args;
  const session = await engine.session(`ehr-model:${modelKey(model)}`, () => {
    const g = new Graph("ehr_head");
    g.output(
      T.sigmoid(ehrHeadLogits(g, new WeightsParamSource(model.weights), args, declareEhrHeadInputs(g, args))),
      "scores",
    );
    return toOnnx(g);
  });
  const limits = {
    vocabSize: model.vocab.size,
    maxPositions: args.input === "medbert" ? args.arch.maxPositions : Number.MAX_SAFE_INTEGER,
    maxVisits: args.maxVisits,
  };
  const out = new Float32Array(patients.length);
  for (let i = 0; i < patients.length; i += 64) {
    const batch = patients.slice(i, i + 64);
    const { feeds } = ehrHeadFeeds(limits, args.maxVisits, {
      codes: batch.map((p) => p.codes),
      visits: batch.map((p) => p.visits),
    });
    out.set((await session.run(feeds)).scores!.data as Float32Array, i);
  }
  return out;
}

/**
 * `prognos ehr evaluate RUN --split S`: the run's best (or last) model on a split of its cohort, written as every
 * evaluation is (metrics.json, predictions.csv, report.html in RUN/eval-<split>/; writeEvaluation). A split without
 * a case or a control has an undefined AUROC: reported as null with a warning, never as 0.
 */
export async function evaluateEhrRun(
  run: string,
  split: Split,
  options: {
    checkpoint?: "best" | "last";
    bootstrap?: number;
    seed?: number;
    overwrite?: boolean;
    threads?: number;
  } = {},
): Promise<EvaluationOutput & { warnings: string[] }> {
  const runFile = join(run, "run.json");
  if (!existsSync(runFile)) throw new PrognosError("not an `ehr train` run folder (no run.json)", { file: run });
  const config = readJsonObject(runFile, "run.json") as unknown as EhrTrainConfig;
  if (typeof config.cohort !== "string" || typeof config.head !== "string")
    throw new PrognosError('run.json must name the "cohort" and the "head" (written by `prognos ehr train`)', {
      file: runFile,
    });
  const which = options.checkpoint ?? "best";
  const outDir = join(run, `eval-${split}`);
  checkOutput({
    path: outDir,
    kind: "folder",
    flag: "evaluation folder",
    holds: EVALUATION_FILES,
    what: "an evaluation",
    overwrite: options.overwrite,
  });
  const model = await readEhrModelFolder(join(run, which));
  const data = await loadEhrSplits(config.cohort, { vocab: model.vocab });
  const patients = data.splits[split];
  if (patients.length === 0)
    throw new PrognosError(`the ${split} split of the cohort is empty`, { file: config.cohort });
  const engine = Engine.create({ threads: options.threads });
  try {
    const scores = await scoreEhrModel(model, patients, engine);
    const cases = patients.filter((p) => p.label === 1).length;
    const warnings =
      cases === 0 || cases === patients.length
        ? [
            `the ${split} split has ${cases} cases and ${patients.length - cases} controls: its AUROC is undefined (null in metrics.json)`,
          ]
        : [];
    const set = {
      problemType: "binary" as const,
      labelNames: ["control", "case"],
      yTrue: Int32Array.from(patients, (p) => p.label),
      scores,
      ids: patients.map((p) => p.id),
    };
    const written = await writeEvaluation(outDir, set, {
      header: {
        task: data.cohort.manifest.cohort.name,
        split,
        model: { kind: `ehr-${config.head}`, path: model.dir, checkpoint: which },
        rows: patients.length,
        input: {
          cases,
          controls: patients.length - cases,
          unknown_code_rate: data.unknown.rate,
          pretrained: model.spec.pretrained,
        },
      },
      reportConfig: { run: config, checkpoint: which, split },
      title: `Prognos — ${data.cohort.manifest.cohort.name}, ${config.head} (${split})`,
      bootstrap: options.bootstrap ?? 1000,
      seed: options.seed ?? 0,
    });
    return { ...written, warnings };
  } finally {
    await engine.release();
  }
}
