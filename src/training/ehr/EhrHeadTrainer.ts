import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { WeightTensor } from "../../checkpoint/WeightTensor.ts";
import type { Engine } from "../../engine/Engine.ts";
import { rocAuc } from "../../evaluation/rocAuc.ts";
import {
  type EhrHeadArgs,
  ENCODER_PARAM_PREFIX,
  ehrHeadShapes,
  type NeuralHead,
} from "../../models/ehr/ehrHeadGraph.ts";
import {
  EHR_MODEL_KIND,
  type EhrModelSpec,
  initEhrHeadWeights,
  writeEhrModelFolder,
} from "../../models/ehr/ehrModelFolder.ts";
import { medbertConfigJson } from "../../models/medbert/MedBertConfig.ts";
import { scheduledLr } from "../../nn/lrSchedule.ts";
import { PrognosError } from "../../util/errors.ts";
import { replaceFolder } from "../../util/outputFolder.ts";
import { SeededRandom } from "../../util/SeededRandom.ts";
import { writing } from "../../util/writeError.ts";
import { loadResumeState, type TrainerCounters } from "../resumeState.ts";
import { StepRunner } from "../StepRunner.ts";
import { saveResumeState } from "../saveFolders.ts";
import { TrainState } from "../TrainState.ts";
import { type EhrTrainConfig, effectiveLr } from "./EhrTrainConfig.ts";
import { EncoderOutputCache } from "./EncoderOutputCache.ts";
import { type EhrStepArgs, ehrHeadStepGraphs } from "./ehrHeadSteps.ts";
import type { EhrSplitData, LabelledPatient } from "./ehrTrainData.ts";

export interface EhrEpoch {
  step: number;
  epoch: number;
  loss: number;
  val_auroc: number;
}

/** The run.json key --resume compares. */
export function ehrConfigKey(c: EhrTrainConfig): string {
  const { threads: _t, ...rest } = c;
  return JSON.stringify(Object.fromEntries(Object.entries(rest).sort(([a], [b]) => (a < b ? -1 : 1))));
}

/**
 * Trains a neural EHR head (docs/medbert.md#heads): seeded batches (a shuffle per epoch), AdamW at a constant
 * learning rate, BCE on one logit, val AUROC after every epoch with early stopping (`patience`), best/ and last/
 * model folders, log.jsonl, and resumable state after each epoch (bit-identical --resume).
 */
export class EhrHeadTrainer {
  readonly args: EhrStepArgs;

  /**
   * `options.cache`: with `--freeze`, the frozen encoder's outputs (EncoderOutputCache; `ehr curves` shares one
   * across its points); left out, the trainer encodes its train and val patients once itself; `false`: no cache,
   * the encoder runs inside every step (the reference the cache is tested against).
   */
  constructor(
    private readonly config: EhrTrainConfig,
    private readonly data: EhrSplitData,
    private readonly engine: Engine,
    private readonly options: { cache?: EncoderOutputCache | false } = {},
  ) {
    const model = data.pretrained;
    const head: EhrHeadArgs = model
      ? {
          head: config.head as NeuralHead,
          maxVisits: data.maxVisits,
          rnnSize: config.rnnSize,
          input: "medbert",
          arch: model.config.arch,
        }
      : {
          head: config.head as NeuralHead,
          maxVisits: data.maxVisits,
          rnnSize: config.rnnSize,
          input: "embeddings",
          vocabSize: data.vocab.size,
          embeddingSize: config.embeddingSize,
        };
    this.args = {
      head,
      frozen: model && config.freeze ? this.encoderWeights() : undefined,
      weightDecay: config.weightDecay,
      maxGradNorm: config.maxGradNorm,
      headDropout: config.dropout,
      encoderDropout: model?.config.hiddenDropout ?? 0,
      limits: {
        vocabSize: data.vocab.size,
        maxPositions: model?.config.arch.maxPositions ?? Math.max(1, data.longest),
        maxVisits: Math.max(data.maxVisits, model?.config.arch.maxVisits ?? 0),
      },
    };
  }

  private encoderWeights(): Map<string, WeightTensor> {
    return new Map([...this.data.pretrained!.encoder].map(([n, w]) => [`${ENCODER_PARAM_PREFIX}${n}`, w]));
  }

  spec(): EhrModelSpec {
    const model = this.data.pretrained;
    return {
      kind: EHR_MODEL_KIND,
      cohort: this.data.cohort.manifest.cohort.name,
      labels: ["control", "case"],
      pretrained: model?.dir ?? null,
      freeze: this.config.freeze,
      head: this.config.head as NeuralHead,
      args: this.args.head,
      ...(model ? { medbertConfig: medbertConfigJson(model.config) } : {}),
    };
  }

  plan(): { stepsPerEpoch: number; totalSteps: number } {
    const stepsPerEpoch = Math.ceil(this.data.splits.train.length / this.config.batchSize);
    return { stepsPerEpoch, totalSteps: stepsPerEpoch * this.config.epochs };
  }

  batchAt(step: number): LabelledPatient[] {
    const { stepsPerEpoch } = this.plan();
    const train = this.data.splits.train;
    const order = train.map((_, i) => i);
    SeededRandom.from(this.config.seed, "shuffle", Math.floor(step / stepsPerEpoch)).shuffle(order);
    const k = step % stepsPerEpoch;
    return order.slice(k * this.config.batchSize, (k + 1) * this.config.batchSize).map((i) => train[i]!);
  }

  /** Probabilities for `patients` with the parameters in `state`. */
  async scores(runner: StepRunner<LabelledPatient>, state: TrainState, patients: readonly LabelledPatient[]) {
    const out = new Float32Array(patients.length);
    for (let i = 0; i < patients.length; i += 64) {
      const logits = (await runner.predictOutputs(state, patients.slice(i, i + 64))).logits!.data as Float32Array;
      out.set(
        Float32Array.from(logits, (z) => 1 / (1 + Math.exp(-z))),
        i,
      );
    }
    return out;
  }

  private save(dir: string, params: ReadonlyMap<string, Float32Array>, runner: StepRunner<LabelledPatient>): void {
    const weights = new Map<string, WeightTensor>(this.args.frozen ?? []);
    for (const p of runner.params) weights.set(p.name, { shape: p.shape, data: params.get(p.name)! });
    replaceFolder(dir, (tmp) => writeEhrModelFolder(tmp, this.spec(), this.data.vocab, weights));
  }

  async run(onStep?: (step: number, total: number, loss: number) => void, onEpoch?: (e: EhrEpoch) => void) {
    const cfg = this.config;
    if (this.args.frozen && this.options.cache !== false)
      this.args.cache =
        this.options.cache ??
        (await EncoderOutputCache.build(
          this.data.pretrained!,
          [...this.data.splits.train, ...this.data.splits.val],
          this.engine,
        ));
    const runner = await StepRunner.fromGraphs(ehrHeadStepGraphs(this.args), this.engine, {
      accumulate: false,
      seed: cfg.seed,
      // the graphs differ by head, input and frozen encoder (baked in); the rest is fed
      key: `ehr-train:${cfg.out}:${JSON.stringify(this.args.head)}:${cfg.pretrained ?? ""}:${cfg.freeze}:${this.args.cache ? "cached" : ""}`,
    });
    const configKey = ehrConfigKey(cfg);
    const stateDir = join(cfg.out, "state");
    const logFile = join(cfg.out, "log.jsonl");
    writing(cfg.out, () => mkdirSync(cfg.out, { recursive: true }));
    const resumed = await loadResumeState(stateDir, runner.params);
    let state: TrainState;
    let counters: TrainerCounters;
    if (resumed) {
      if (resumed.counters.configKey !== configKey)
        throw new PrognosError(
          `${join(stateDir, "trainer.json")}: the saved run used other options; resume with the same options`,
        );
      ({ state, counters } = resumed);
      const kept = existsSync(logFile)
        ? readFileSync(logFile, "utf8")
            .split("\n")
            .filter((l) => l && (JSON.parse(l) as { step: number }).step <= counters.step)
        : [];
      writing(logFile, () => writeFileSync(logFile, kept.map((l) => `${l}\n`).join("")));
    } else {
      const init = initEhrHeadWeights(ehrHeadShapes(this.args.head), cfg.seed);
      if (this.data.pretrained) for (const [n, w] of this.encoderWeights()) init.set(n, w);
      state = TrainState.start(runner.params, init);
      counters = { step: 0, bestMetric: null, bestStep: null, badEvals: 0, configKey };
      writing(logFile, () => writeFileSync(logFile, ""));
    }
    const log = (o: object) => writing(logFile, () => appendFileSync(logFile, `${JSON.stringify(o)}\n`));
    const { stepsPerEpoch, totalSteps } = this.plan();
    const lr = effectiveLr(cfg);
    let lossSum = 0;
    while (state.step < totalSteps && counters.badEvals < cfg.patience) {
      const step = state.step;
      const r = await runner.step(state, [this.batchAt(step)], scheduledLr("constant", lr, step, 0, totalSteps));
      if (!Number.isFinite(r.loss))
        throw new PrognosError(`the training loss became ${r.loss} at step ${step + 1}; try a lower --lr`);
      lossSum += r.loss;
      log({ step: state.step, loss: r.loss, grad_norm: r.gradNorm });
      onStep?.(state.step, totalSteps, r.loss);
      if (state.step % stepsPerEpoch !== 0 && state.step !== totalSteps) continue;
      const val = this.data.splits.val;
      const auroc = rocAuc(
        val.map((p) => p.label),
        await this.scores(runner, state, val),
      );
      const epoch: EhrEpoch = {
        step: state.step,
        epoch: Math.ceil(state.step / stepsPerEpoch),
        loss: lossSum / stepsPerEpoch,
        val_auroc: auroc,
      };
      lossSum = 0;
      log(epoch);
      onEpoch?.(epoch);
      if (counters.bestMetric === null || auroc > counters.bestMetric) {
        counters.bestMetric = auroc;
        counters.bestStep = state.step;
        counters.badEvals = 0;
        this.save(join(cfg.out, "best"), state.params, runner);
      } else counters.badEvals += 1;
      counters.step = state.step;
      saveResumeState(stateDir, runner.params, state, counters);
    }
    this.save(join(cfg.out, "last"), state.params, runner);
    return counters;
  }
}
