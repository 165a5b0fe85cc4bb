import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Engine } from "../../engine/Engine.ts";
import { rocAuc } from "../../evaluation/rocAuc.ts";
import type { MedBertArchitecture, MedBertConfig } from "../../models/medbert/MedBertConfig.ts";
import { writeMedBertFolder } from "../../models/medbert/MedBertFolder.ts";
import { initMedBertWeights, medbertEncoderShapes, medbertHeadShapes } from "../../models/medbert/medbertWeights.ts";
import { scheduledLr } from "../../nn/lrSchedule.ts";
import { PrognosError } from "../../util/errors.ts";
import { SeededRandom } from "../../util/SeededRandom.ts";
import { writing } from "../../util/writeError.ts";
import { loadResumeState, type TrainerCounters } from "../resumeState.ts";
import type { StepGraphs } from "../StepGraphs.ts";
import { StepRunner } from "../StepRunner.ts";
import { saveResumeState } from "../saveFolders.ts";
import { TrainState } from "../TrainState.ts";
import {
  buildMedBertPretrainAccumulate,
  buildMedBertPretrainEval,
  buildMedBertPretrainStep,
  type MedBertPretrainGraphArgs,
} from "./buildMedBertPretrainStep.ts";
import { maskCodes } from "./maskCodes.ts";
import type { PretrainConfig } from "./PretrainConfig.ts";
import { pretrainConfigKey } from "./PretrainConfig.ts";
import { type CodedPatient, type MaskedPatient, type PretrainData, pretrainFeeds } from "./pretrainData.ts";

/** One evaluation on the val split (docs/medbert.md#pretraining, "the log"). */
export interface PretrainEval {
  step: number;
  val_mlm_loss: number;
  /** Masked codes predicted exactly (the target has the highest logit). */
  val_mlm_accuracy: number;
  /** The accuracy of always guessing the most frequent code of the train data: what learning must beat. */
  val_mlm_majority_accuracy: number;
  val_masked: number;
  val_plos_loss: number;
  /** null when val has only one class of the stay label. */
  val_plos_auroc: number | null;
}

export interface PretrainStep {
  step: number;
  totalSteps: number;
  loss: number;
  mlm_loss: number;
  plos_loss: number;
  mlm_accuracy: number;
  lr: number;
  grad_norm: number;
}

/**
 * Med-BERT pre-training (docs/medbert.md#pretraining): seeded batches (a shuffle per epoch), seeded masks
 * (SeededRandom(seed, "mask", step)), dropout masks from StepRunner, AdamW with a linear schedule, evaluation on
 * val (fixed masks), one JSON line per step and per evaluation in log.jsonl, resumable state every `saveEvery`
 * steps (a killed run resumed with --resume ends at the same weights, bit for bit), and the Med-BERT folder.
 */
export class MedBertPretrainer {
  readonly arch: MedBertArchitecture;
  readonly graphArgs: MedBertPretrainGraphArgs;

  constructor(
    private readonly config: PretrainConfig,
    private readonly data: PretrainData,
    private readonly engine: Engine,
  ) {
    this.arch = {
      vocabSize: data.vocab.size,
      hiddenSize: config.hiddenSize,
      numLayers: config.layers,
      numHeads: config.heads,
      intermediateSize: config.intermediateSize,
      hiddenAct: "gelu",
      layerNormEps: 1e-12,
      maxPositions: config.maxPositions,
      maxVisits: config.maxPositions,
    };
    this.graphArgs = {
      arch: this.arch,
      optimizer: "adamw",
      weightDecay: config.weightDecay,
      maxGradNorm: config.maxGradNorm,
      hiddenDropout: config.dropout,
      attentionDropout: config.dropout,
    };
  }

  plan(): { stepsPerEpoch: number; totalSteps: number; warmupSteps: number } {
    const stepsPerEpoch = Math.ceil(this.data.train.length / this.config.batchSize);
    const totalSteps = this.config.maxSteps ?? this.config.epochs * stepsPerEpoch;
    return { stepsPerEpoch, totalSteps, warmupSteps: this.config.warmupSteps ?? Math.ceil(totalSteps * 0.1) };
  }

  private mask(p: CodedPatient, rng: SeededRandom): MaskedPatient {
    const m = maskCodes(p.codes, rng, {
      mode: this.config.mask,
      rate: this.config.maskRate,
      vocabSize: this.arch.vocabSize,
      firstCodeId: this.data.vocab.firstCodeId,
    });
    return { ...m, visits: p.visits, plos: p.plos };
  }

  private stepGraphs(): StepGraphs<MaskedPatient> {
    const a = this.graphArgs;
    return {
      optimizer: "adamw",
      buildTrain: () => buildMedBertPretrainStep(a),
      buildAccumulate: () => buildMedBertPretrainAccumulate(a),
      buildApply: () => {
        throw new Error("pre-training runs without gradient accumulation");
      },
      buildPredict: () => buildMedBertPretrainEval(a),
      feeds: (batch) => pretrainFeeds(this.arch, batch),
    };
  }

  /** Rows of step `step`: the epoch's seeded order, the last batch may be smaller. */
  batchAt(step: number): CodedPatient[] {
    const { stepsPerEpoch } = this.plan();
    const order = this.data.train.map((_, i) => i);
    SeededRandom.from(this.config.seed, "shuffle", Math.floor(step / stepsPerEpoch)).shuffle(order);
    const k = step % stepsPerEpoch;
    const B = this.config.batchSize;
    return order.slice(k * B, (k + 1) * B).map((i) => this.data.train[i]!);
  }

  async run(
    onStep?: (e: PretrainStep) => void,
    onEval?: (e: PretrainEval) => void,
  ): Promise<{ counters: TrainerCounters; evals: PretrainEval[] }> {
    const cfg = this.config;
    const runner = await StepRunner.fromGraphs(this.stepGraphs(), this.engine, {
      accumulate: false,
      seed: cfg.seed,
      key: `medbert-pretrain:${cfg.out}`,
    });
    const configKey = pretrainConfigKey(cfg);
    const stateDir = join(cfg.out, "state");
    const logFile = join(cfg.out, "log.jsonl");
    writing(cfg.out, () => mkdirSync(cfg.out, { recursive: true }));
    const resumed = await loadResumeState(stateDir, runner.params);
    let state: TrainState;
    let counters: TrainerCounters;
    if (resumed) {
      if (resumed.counters.configKey !== configKey)
        throw new PrognosError(
          `${join(stateDir, "trainer.json")}: the saved run used other options or data; resume with the same options (see ${join(cfg.out, "run.json")})`,
        );
      ({ state, counters } = resumed);
      const kept = existsSync(logFile)
        ? readFileSync(logFile, "utf8")
            .split("\n")
            .filter((l) => l && (JSON.parse(l) as { step: number }).step <= counters.step)
        : [];
      writing(logFile, () => writeFileSync(logFile, kept.map((l) => `${l}\n`).join("")));
    } else {
      const init = initMedBertWeights(
        new Map([...medbertEncoderShapes(this.arch), ...medbertHeadShapes(this.arch)]),
        cfg.seed,
      );
      state = TrainState.start(runner.params, init);
      counters = { step: 0, bestMetric: null, bestStep: null, badEvals: 0, configKey };
      writing(logFile, () => writeFileSync(logFile, ""));
    }
    writing(cfg.out, () => writeFileSync(join(cfg.out, "run.json"), `${JSON.stringify(cfg, null, 2)}\n`));
    const log = (o: object) => writing(logFile, () => appendFileSync(logFile, `${JSON.stringify(o)}\n`));
    const { stepsPerEpoch, totalSteps, warmupSteps } = this.plan();
    const evalEvery = cfg.evalEvery ?? stepsPerEpoch;
    const evals: PretrainEval[] = [];
    while (state.step < totalSteps) {
      const step = state.step;
      const rng = SeededRandom.from(cfg.seed, "mask", step);
      const batch = this.batchAt(step).map((p) => this.mask(p, rng));
      const lr = scheduledLr("linear", cfg.lr, step, warmupSteps, totalSteps);
      const t0 = performance.now();
      const r = await runner.step(state, [batch], lr);
      if (!Number.isFinite(r.loss) || !Number.isFinite(r.gradNorm))
        throw new PrognosError(`the pre-training loss became ${r.loss} at step ${step + 1}; try a lower --lr`);
      const masked = batch.reduce((n, p) => n + p.positions.length, 0);
      const event: PretrainStep = {
        step: step + 1,
        totalSteps,
        loss: r.loss,
        mlm_loss: Number(r.outputs.mlm_loss!.data[0]),
        plos_loss: Number(r.outputs.plos_loss!.data[0]),
        mlm_accuracy: Number(r.outputs.mlm_correct!.data[0]) / masked,
        lr,
        grad_norm: r.gradNorm,
      };
      log({ ...event, seconds: (performance.now() - t0) / 1000 });
      onStep?.(event);
      if ((state.step % evalEvery === 0 || state.step === totalSteps) && this.data.val.length > 0) {
        const e = await this.evaluate(runner, state);
        log(e);
        evals.push(e);
        onEval?.(e);
      }
      counters.step = state.step;
      if (state.step % cfg.saveEvery === 0 || state.step % evalEvery === 0)
        saveResumeState(stateDir, runner.params, state, counters);
    }
    saveResumeState(stateDir, runner.params, state, counters);
    this.saveModel(state, evals.at(-1) ?? null);
    return { counters, evals };
  }

  /** Masked-code accuracy (fixed masks: SeededRandom(seed, "val-mask", i)) and the stay label on val. */
  async evaluate(runner: StepRunner<MaskedPatient>, state: TrainState): Promise<PretrainEval> {
    const val = this.data.val.map((p, i) => this.mask(p, SeededRandom.from(this.config.seed, "val-mask", i)));
    const top = this.data.vocab.firstCodeId; // vocab.json orders codes by count: the first is the most frequent
    let loss = 0;
    let correct = 0;
    let masked = 0;
    let majority = 0;
    let plosLoss = 0;
    const scores: number[] = [];
    for (let i = 0; i < val.length; i += this.config.batchSize) {
      const batch = val.slice(i, i + this.config.batchSize);
      const n = batch.reduce((k, p) => k + p.positions.length, 0);
      const out = await runner.predictOutputs(state, batch);
      loss += Number(out.mlm_loss!.data[0]) * n;
      correct += Number(out.mlm_correct!.data[0]);
      masked += n;
      majority += batch.reduce((k, p) => k + p.targets.filter((t) => t === top).length, 0);
      plosLoss += Number(out.plos_loss!.data[0]) * batch.length;
      scores.push(...Array.from(out.plos_logits!.data as Float32Array));
    }
    const labels = this.data.val.map((p) => p.plos);
    const bothClasses = labels.includes(0) && labels.includes(1);
    return {
      step: state.step,
      val_mlm_loss: loss / masked,
      val_mlm_accuracy: correct / masked,
      val_mlm_majority_accuracy: majority / masked,
      val_masked: masked,
      val_plos_loss: plosLoss / val.length,
      val_plos_auroc: bothClasses ? rocAuc(labels, scores) : null,
    };
  }

  /** config.json (with the pre-training record), model.safetensors and vocab.json into --out, each replaced whole. */
  private saveModel(state: TrainState, last: PretrainEval | null): void {
    const { totalSteps, warmupSteps } = this.plan();
    const config: MedBertConfig = {
      arch: this.arch,
      hiddenDropout: this.config.dropout,
      attentionDropout: this.config.dropout,
      extra: {
        architectures: ["MedBertForPreTraining"],
        initializer_range: 0.02,
        prognos_pretraining: {
          data: this.data.sources,
          steps: totalSteps,
          warmupSteps,
          mask: this.config.mask,
          maskRate: this.config.mask === "rate" ? this.config.maskRate : null,
          patients: { train: this.data.train.length, val: this.data.val.length, noKnownCode: this.data.noKnownCode },
          lastEvaluation: last,
        },
      },
    };
    const weights = new Map([...state.params].map(([n, data]) => [n, { shape: this.shapeOf(n), data }]));
    const tmp = join(this.config.out, "model.tmp");
    writing(tmp, () => {
      rmSync(tmp, { recursive: true, force: true });
      mkdirSync(tmp);
    });
    writeMedBertFolder(tmp, config, weights, this.data.vocab);
    writing(this.config.out, () => {
      for (const f of ["config.json", "model.safetensors", "vocab.json"])
        renameSync(join(tmp, f), join(this.config.out, f));
      rmSync(tmp, { recursive: true, force: true });
    });
  }

  private shapeOf(name: string): number[] {
    const s = medbertEncoderShapes(this.arch).get(name) ?? medbertHeadShapes(this.arch).get(name);
    if (!s) throw new Error(`no shape for ${name}`);
    return s;
  }
}
