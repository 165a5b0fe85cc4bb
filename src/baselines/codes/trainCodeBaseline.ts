import { join } from "node:path";
import { RandomForestClassifier } from "ml-random-forest";
import type { Engine } from "../../engine/Engine.ts";
import { rocAuc } from "../../evaluation/rocAuc.ts";
import { EHR_MODEL_KIND, type EhrModelSpec, writeEhrModelFolder } from "../../models/ehr/ehrModelFolder.ts";
import { CODE_SPECIALS } from "../../tokenizer/CodeVocabulary.ts";
import type { EhrTrainConfig } from "../../training/ehr/EhrTrainConfig.ts";
import type { EhrSplitData, LabelledPatient } from "../../training/ehr/ehrTrainData.ts";
import { PrognosError } from "../../util/errors.ts";
import { replaceFolder } from "../../util/outputFolder.ts";
import { SeededRandom } from "../../util/SeededRandom.ts";
import { LogisticRegressionRunner, type LrState } from "../bow/LogisticRegressionRunner.ts";
import { bagOfCodes, denseBagOfCodes } from "./bagOfCodes.ts";

export interface BaselineEpoch {
  epoch: number;
  loss: number;
  val_auroc: number;
}

/** Scores of a trained lr or rf model for patients (probability of a case). */
export async function scoreCodeBaseline(
  head: "lr" | "rf",
  model: { weights?: Map<string, { data: Float32Array }>; forest?: unknown; features: number },
  patients: readonly LabelledPatient[],
  engine: Engine,
): Promise<Float32Array> {
  if (head === "rf") {
    const forest = RandomForestClassifier.load(model.forest as never);
    const p = forest.predictProbability(
      denseBagOfCodes(
        patients.map((x) => x.codes),
        model.features,
      ),
      1,
    ) as number[];
    return Float32Array.from(p);
  }
  const runner = await LogisticRegressionRunner.create(lrArgs(model.features, 0), engine);
  const params = { weight: model.weights!.get("weight")!.data, bias: model.weights!.get("bias")!.data };
  return runner.predict(
    params,
    patients.map((p) => bagOfCodes(p.codes)),
  );
}

const lrArgs = (features: number, weightDecay: number) => ({
  features,
  numLabels: 1,
  problemType: "multi_label_classification" as const,
  weightDecay,
  classWeights: false,
});

/**
 * The bag-of-codes baselines of the paper (docs/medbert.md#heads): logistic regression (one sigmoid unit on code
 * presence, AdamW at lr 0.03 — the bag-of-words baseline's LogisticRegressionRunner — early stopping on val AUROC)
 * and a random forest (ml-random-forest: `trees` trees, √features per split, seeded bootstrap). Writes best/.
 */
export async function trainCodeBaseline(
  config: EhrTrainConfig,
  data: EhrSplitData,
  engine: Engine,
  onEpoch?: (e: BaselineEpoch) => void,
): Promise<{ valAuroc: number; epochs: BaselineEpoch[] }> {
  const features = data.vocab.size - CODE_SPECIALS.length;
  if (features < 1) throw new PrognosError("the vocabulary has no code", { file: data.cohort.dir });
  const spec: EhrModelSpec =
    config.head === "rf"
      ? { ...specBase(data), head: "rf", features, encoding: "presence", trees: config.trees }
      : { ...specBase(data), head: "lr", features, encoding: "presence" };
  const val = data.splits.val;
  const labels = val.map((p) => p.label);
  const train = data.splits.train;
  if (config.head === "rf") {
    const forest = new RandomForestClassifier({
      nEstimators: config.trees,
      maxFeatures: Math.max(1, Math.round(Math.sqrt(features))) / features,
      replacement: true,
      seed: config.seed,
    });
    forest.train(
      denseBagOfCodes(
        train.map((p) => p.codes),
        features,
      ),
      train.map((p) => p.label),
    );
    const json = forest.toJSON();
    const valAuroc = rocAuc(labels, await scoreCodeBaseline("rf", { forest: json, features }, val, engine));
    const epoch = { epoch: 1, loss: Number.NaN, val_auroc: valAuroc };
    onEpoch?.(epoch);
    replaceFolder(join(config.out, "best"), (tmp) => writeEhrModelFolder(tmp, spec, data.vocab, null, json));
    return { valAuroc, epochs: [epoch] };
  }
  const runner = await LogisticRegressionRunner.create(lrArgs(features, config.weightDecay), engine);
  const state = runner.initialState();
  const rows = train.map((p) => bagOfCodes(p.codes));
  const lr = config.lr ?? 0.03;
  const epochs: BaselineEpoch[] = [];
  let best: { auroc: number; params: LrState["params"] } | null = null;
  let bad = 0;
  for (let epoch = 1; epoch <= config.epochs && bad < config.patience; epoch++) {
    const order = SeededRandom.from(config.seed, "lr-shuffle", epoch).shuffle(train.map((_, i) => i));
    let loss = 0;
    for (let s = 0; s < order.length; s += config.batchSize) {
      const idx = order.slice(s, s + config.batchSize);
      const l = await runner.step(
        state,
        idx.map((i) => rows[i]!),
        idx.map((i) => (train[i]!.label ? [0] : [])),
        lr,
      );
      loss += l * idx.length;
    }
    const auroc = rocAuc(
      labels,
      await runner.predict(
        state.params,
        val.map((p) => bagOfCodes(p.codes)),
      ),
    );
    const e = { epoch, loss: loss / train.length, val_auroc: auroc };
    epochs.push(e);
    onEpoch?.(e);
    if (!best || auroc > best.auroc) {
      best = { auroc, params: { weight: state.params.weight, bias: state.params.bias } };
      bad = 0;
    } else bad++;
  }
  const weights = new Map([
    ["weight", { shape: [features, 1], data: best!.params.weight }],
    ["bias", { shape: [1], data: best!.params.bias }],
  ]);
  replaceFolder(join(config.out, "best"), (tmp) => writeEhrModelFolder(tmp, spec, data.vocab, weights));
  return { valAuroc: best!.auroc, epochs };
}

function specBase(data: EhrSplitData) {
  return {
    kind: EHR_MODEL_KIND as typeof EHR_MODEL_KIND,
    cohort: data.cohort.manifest.cohort.name,
    labels: ["control", "case"] as ["control", "case"],
    pretrained: null,
    freeze: false,
  };
}
