import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Checkpoint } from "../checkpoint/Checkpoint.ts";
import type { Engine } from "../engine/Engine.ts";
import { architectureOf } from "../models/bert/BertEncoderModel.ts";
import { hasPoolerWeights, POOLER_WEIGHTS } from "../models/bert/poolerWeights.ts";
import { logitsToScores } from "../models/heads/logitsToScores.ts";
import { defaultThresholds, type ModelHead } from "../models/heads/ModelHead.ts";
import { poolNotes } from "../models/heads/poolLogits.ts";
import { balancedClassWeights, positiveWeights } from "../nn/classWeights.ts";
import { scheduledLr } from "../nn/lrSchedule.ts";
import { PrognosError } from "../util/errors.ts";
import { SeededRandom } from "../util/SeededRandom.ts";
import { writing } from "../util/writeError.ts";
import { type Example, encoderRows } from "./Batch.ts";
import type { TrainGraphArgs } from "./buildTrainStep.ts";
import type { FineTuneData, StepEvent } from "./FineTuneData.ts";
import { classifierInit } from "./headInit.ts";
import { longNotePolicy } from "./longNotePolicy.ts";
import type { RunConfig } from "./RunConfig.ts";
import { loadResumeState, type TrainerCounters } from "./resumeState.ts";
import { StepRunner } from "./StepRunner.ts";
import { saveModelFolder, saveResumeState } from "./saveFolders.ts";
import { splitMicroBatches } from "./splitMicroBatches.ts";
import { stepsInCall } from "./stepLoop.ts";
import { TrainState } from "./TrainState.ts";

/**
 * Fine-tuning (docs/core-method.md §4): deterministic batches (seeded shuffle per epoch, or file order), gradient
 * accumulation up to the batch size, scheduled lr, evaluation on val with early stopping, `best/` and `last/`
 * checkpoints, per-step JSON lines, and resumable state every `saveEvery` steps so a killed run continues to the
 * same weights. `evaluate` scores val predictions (higher is better; the CLI passes macro AUROC).
 */
export class FineTuner {
  constructor(
    private readonly config: RunConfig,
    private readonly checkpoint: Checkpoint,
    private readonly data: FineTuneData,
    private readonly engine: Engine,
    private readonly evaluate: (scores: Float32Array, examples: readonly Example[]) => number,
  ) {
    if (config.pooler && config.pooling === "cls" && !hasPoolerWeights(checkpoint)) {
      throw new PrognosError(
        `${checkpoint.report.file}: no pooler weights (${POOLER_WEIGHTS.join(", ")}), which the classifier ` +
          `reads by default (as BertForSequenceClassification); pass --no-pooler to classify the raw [CLS] state`,
      );
    }
  }

  graphArgs(): TrainGraphArgs {
    const c = this.checkpoint.config;
    const hidden = this.config.dropout ?? (c.extra.hidden_dropout_prob as number | undefined) ?? 0.1;
    const attention = this.config.dropout ?? (c.extra.attention_probs_dropout_prob as number | undefined) ?? 0.1;
    const classifier = this.config.dropout ?? (c.extra.classifier_dropout as number | null | undefined) ?? hidden;
    const longNotes = longNotePolicy(this.config);
    return {
      arch: architectureOf(c),
      problemType: this.data.problemType,
      numLabels: this.data.labels.length,
      pooler: this.config.pooler && this.config.pooling === "cls",
      pooling: this.config.pooling,
      optimizer: this.config.optimizer,
      weightDecay: this.config.weightDecay,
      ...(this.config.classifierLr !== undefined
        ? { classifierLrRatio: this.config.classifierLr / this.config.lr }
        : {}),
      maxGradNorm: this.config.maxGradNorm,
      hiddenDropout: hidden,
      attentionDropout: attention,
      classifierDropout: classifier,
      classWeights: this.config.classWeights,
      ...(longNotes.policy === "windows" ? { windowPool: longNotes.pool } : {}),
    };
  }

  classWeights(): Float32Array | undefined {
    if (!this.config.classWeights) return undefined;
    const n = this.data.labels.length;
    if (this.data.problemType === "multi_label_classification") {
      return positiveWeights(
        this.data.train.map((e) => Array.from({ length: n }, (_, l) => (e.labels.includes(l) ? 1 : 0))),
        n,
      );
    }
    return balancedClassWeights(
      this.data.train.map((e) => e.labels[0]!),
      n,
    );
  }

  /** The head this run trains, as saved in best/ and last/ config.json (docs/model-head.md). */
  head(): ModelHead {
    const titles = this.data.titles;
    return {
      task: this.data.task ?? this.config.task,
      problemType: this.data.problemType,
      labels: this.data.labels.map((name, i) => (titles?.[i] ? { name, title: titles[i] } : { name })),
      pooler: this.config.pooler && this.config.pooling === "cls",
      pooling: this.config.pooling,
      maxLength: this.config.maxLength,
      longNotes: longNotePolicy(this.config),
      thresholds: defaultThresholds(this.data.problemType, this.data.labels.length),
    };
  }

  /** Steps per epoch and in total. */
  plan(): { stepsPerEpoch: number; totalSteps: number } {
    const stepsPerEpoch = Math.ceil(this.data.train.length / this.config.batchSize);
    return { stepsPerEpoch, totalSteps: this.config.maxSteps ?? this.config.epochs * stepsPerEpoch };
  }

  /** Rows of optimizer step `step`: epoch order (seeded shuffle or file order), the last batch may be smaller. */
  batchAt(step: number): Example[] {
    const { stepsPerEpoch } = this.plan();
    const epoch = Math.floor(step / stepsPerEpoch);
    const k = step % stepsPerEpoch;
    const order = this.data.train.map((_, i) => i);
    if (this.config.shuffle) SeededRandom.from(this.config.seed, "shuffle", epoch).shuffle(order);
    const B = this.config.batchSize;
    return order.slice(k * B, (k + 1) * B).map((i) => this.data.train[i]!);
  }

  async run(
    onStep?: (e: StepEvent) => void,
    onEval?: (step: number, metric: number) => void,
    onWarning?: (message: string) => void,
  ): Promise<TrainerCounters> {
    const cfg = this.config;
    if (this.data.train.length === 0) throw new PrognosError(`${cfg.task}: the training split is empty`);
    if (this.data.val.length === 0) throw new PrognosError(`${cfg.task}: the validation split is empty`);
    const args = this.graphArgs();
    const micro = cfg.microBatchSize ?? Math.min(cfg.batchSize, 8);
    const pad = this.checkpoint.config.extra.pad_token_id;
    // With windows a batch of notes may hold more windows than one call takes (micro counts windows).
    const policy = longNotePolicy(cfg);
    const rowsPerBatch = cfg.batchSize * (policy.policy === "windows" ? (policy.maxWindows ?? Infinity) : 1);
    const accumulate = micro < rowsPerBatch;
    const runner = await StepRunner.create(args, this.engine, {
      accumulate,
      stepsPerCall: cfg.stepsPerCall,
      padTokenId: typeof pad === "number" ? pad : 0,
      seed: cfg.seed,
      key: `train:${cfg.out}`,
    });
    // Threads and steps per call change no bits (test/training/determinism.test.ts, stepsPerCall.test.ts).
    const configKey = JSON.stringify({
      ...cfg,
      threads: undefined,
      stepsPerCall: undefined,
      epochs: undefined,
      maxSteps: undefined,
    });
    const stateDir = join(cfg.out, "state");
    writing(cfg.out, () => mkdirSync(cfg.out, { recursive: true }));
    const resumed = await loadResumeState(stateDir, runner.params);
    let state: TrainState;
    let counters: TrainerCounters;
    if (resumed) {
      if (resumed.counters.configKey !== configKey) {
        throw new PrognosError(
          `${join(stateDir, "trainer.json")}: the saved run used other options; resume with the same config (see ${join(cfg.out, "run.json")})`,
        );
      }
      ({ state, counters } = resumed);
      // Steps run after the last save are replayed: drop their log lines so the log stays one line per step.
      const logFile = join(cfg.out, "log.jsonl");
      const kept = existsSync(logFile)
        ? readFileSync(logFile, "utf8")
            .split("\n")
            .filter((l) => l && (JSON.parse(l) as { step: number }).step <= counters.step)
        : [];
      writing(logFile, () => writeFileSync(logFile, kept.map((l) => `${l}\n`).join("")));
    } else {
      const head = classifierInit(this.checkpoint, this.data.labels, {
        reinit: cfg.reinitHead,
        seed: cfg.seed,
        pooling: cfg.pooling,
      });
      state = TrainState.start(runner.params, new Map([...this.checkpoint.weights, ...head.weights]));
      counters = { step: 0, bestMetric: null, bestStep: null, badEvals: 0, configKey };
      writing(cfg.out, () => writeFileSync(join(cfg.out, "log.jsonl"), ""));
    }
    writing(cfg.out, () =>
      writeFileSync(join(cfg.out, "run.json"), `${JSON.stringify({ ...cfg, microBatchSize: micro }, null, 2)}\n`),
    );
    const weights = this.classWeights();
    const { stepsPerEpoch, totalSteps } = this.plan();
    const evalEvery = cfg.evalEvery ?? stepsPerEpoch;
    const info = {
      head: this.head(),
      run: { ...cfg, microBatchSize: micro },
    };
    const logFile = join(cfg.out, "log.jsonl");
    const log = (o: object) => writing(logFile, () => appendFileSync(logFile, `${JSON.stringify(o)}\n`));
    // A model folder (best/ or last/) of `params`; `run` adds to run.json what is known about those weights.
    const save = (dir: string, params: TrainState["params"], run: object) =>
      saveModelFolder(join(cfg.out, dir), this.checkpoint, runner.params, params, {
        ...info,
        run: { ...info.run, ...run },
      });

    while (state.step < totalSteps && counters.badEvals < cfg.patience) {
      const first = state.step;
      // One ONNX Runtime call for these steps (StepRunner.steps splits them where the batch shape changes).
      const count = stepsInCall(first, { ...cfg, accumulate, totalSteps, evalEvery });
      const batches = Array.from({ length: count }, (_, j) => this.batchAt(first + j));
      const lrs = batches.map((_, j) => scheduledLr(cfg.schedule, cfg.lr, first + j, cfg.warmupSteps, totalSteps));
      const before = new TrainState(new Map(state.params), new Map(state.m), new Map(state.v), first);
      const t0 = performance.now();
      const results = accumulate
        ? [await runner.step(state, splitMicroBatches(batches[0]!, micro), lrs[0]!, weights)]
        : await runner.steps(state, batches, lrs, weights);
      const seconds = (performance.now() - t0) / 1000 / count;
      for (let j = 0; j < count; j++) {
        const r = results[j]!;
        const step = first + j;
        if (!Number.isFinite(r.loss) || !Number.isFinite(r.gradNorm)) {
          // The call's earlier steps are replayed from `before` (the same bits) to keep the weights before this one.
          if (j > 0) await runner.steps(before, batches.slice(0, j), lrs.slice(0, j), weights);
          save("last", before.params, {});
          throw new PrognosError(
            `loss became ${r.loss} at step ${step + 1}; stopped and kept the weights from before that step in ${join(cfg.out, "last")} (try a lower --lr or --max-grad-norm)`,
          );
        }
        const tokens = batches[j]!.reduce((n, e) => n + encoderRows(e).reduce((t, row) => t + row.length, 0), 0);
        const event = {
          step: step + 1,
          totalSteps,
          epoch: Math.floor(step / stepsPerEpoch) + 1,
          loss: r.loss,
          lr: lrs[j]!,
          gradNorm: r.gradNorm,
          tokensPerSecond: tokens / seconds,
        };
        log({ ...event, seconds });
        onStep?.(event);
      }
      if (state.step % evalEvery === 0 || state.step === totalSteps) {
        const metric = this.evaluate(await this.predict(runner, state, this.data.val, micro), this.data.val);
        // An undefined metric (NaN: no label with both classes in val) is never the best, and counts against patience,
        // as the bag-of-words baseline does; taken as best it could never be beaten, and `best/` would freeze.
        const defined = Number.isFinite(metric);
        log({ step: state.step, val_metric: defined ? metric : null });
        onEval?.(state.step, metric);
        if (!defined) {
          counters.badEvals += 1;
          onWarning?.(
            `val macro AUROC is undefined at step ${state.step} (no label has both a positive and a negative row in val); ` +
              "this evaluation cannot select the best checkpoint",
          );
        } else if (counters.bestMetric === null || metric > counters.bestMetric) {
          counters.bestMetric = metric;
          counters.bestStep = state.step;
          counters.badEvals = 0;
          save("best", state.params, { step: state.step, val_metric: metric });
        } else counters.badEvals += 1;
      }
      counters.step = state.step;
      if (state.step % cfg.saveEvery === 0 || state.step % evalEvery === 0)
        saveResumeState(stateDir, runner.params, state, counters);
    }
    save("last", state.params, { step: state.step });
    if (counters.bestStep === null) {
      save("best", state.params, { step: state.step, val_metric: null });
      onWarning?.(`no evaluation had a defined val macro AUROC: best/ holds the last weights (step ${state.step})`);
    }
    saveResumeState(stateDir, runner.params, state, counters);
    return counters;
  }

  /**
   * Scores (probabilities) for `examples`, in micro-batches; with windows each note's logits pooled over its
   * windows as evaluation and prediction pool them (poolLogits.ts), so the dev metric is the one they measure.
   */
  async predict(
    runner: StepRunner,
    state: TrainState,
    examples: readonly Example[],
    micro: number,
  ): Promise<Float32Array> {
    const L = this.data.labels.length;
    const head = { longNotes: longNotePolicy(this.config) };
    const out = new Float32Array(examples.length * L);
    let done = 0;
    for (const chunk of splitMicroBatches(examples, micro)) {
      const logits = await runner.predict(state, chunk);
      const pooled = poolNotes(
        logits,
        chunk.map((e) => encoderRows(e).length),
        L,
        head,
      );
      out.set(logitsToScores(pooled, L, this.data.problemType), done * L);
      done += chunk.length;
    }
    return out;
  }
}
