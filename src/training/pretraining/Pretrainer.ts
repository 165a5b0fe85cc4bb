import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Checkpoint } from "../../checkpoint/Checkpoint.ts";
import type { Engine } from "../../engine/Engine.ts";
import { architectureOf } from "../../models/bert/BertEncoderModel.ts";
import { scheduledLr } from "../../nn/lrSchedule.ts";
import { PrognosError } from "../../util/errors.ts";
import { SeededRandom } from "../../util/SeededRandom.ts";
import { writing } from "../../util/writeError.ts";
import { loadResumeState } from "../resumeState.ts";
import { saveModelFolder, saveResumeState } from "../saveFolders.ts";
import { stepsInCall } from "../stepLoop.ts";
import { TrainState } from "../TrainState.ts";
import type { PretrainGraphArgs } from "./buildPretrainStep.ts";
import { type MlmVocab, maskTokens } from "./maskTokens.ts";
import { DEFAULT_PRETRAIN_EPOCHS, type PretrainConfig } from "./PretrainConfig.ts";
import type { PretrainExample, PretrainExamples } from "./PretrainExamples.ts";
import { type PretrainLosses, PretrainStepRunner } from "./PretrainStepRunner.ts";
import { lossFields, type PretrainEval, type PretrainStepEvent } from "./pretrainEvents.ts";
import type { PretrainRow } from "./pretrainFeeds.ts";
import { pretrainStartWeights } from "./pretrainStartWeights.ts";
import { StepPlan } from "./StepPlan.ts";

export type { PretrainEval, PretrainStepEvent } from "./pretrainEvents.ts";

/** What a pre-training run trains on: its examples (and validation examples), built from the corpus. */
export interface PretrainData {
  train: PretrainExamples;
  val?: PretrainExamples;
  /** PretrainCorpus.fingerprint: --resume refuses a run on another corpus. */
  fingerprint: string;
  /** Masked-LM's special ids (used when the objective includes masked-LM). */
  vocab: MlmVocab;
  padTokenId: number;
}

/** The loop's counters saved with the weights (state/trainer.json). */
export interface PretrainCounters {
  step: number;
  tokens: number;
  bestLoss: number | null;
  bestStep: number | null;
  badEvals: number;
  configKey: string;
  fingerprint: string;
}

/**
 * Pre-training (docs/core-pretraining.md) with `prognos train`'s run folder: a seeded step plan (StepPlan.ts),
 * masked-LM masks from SeededRandom(seed, "mlm", step), dropout from the runner's seeded masks, the scheduled lr,
 * a validation loss every `evalEvery` steps (best/ keeps the lowest, optional patience), last/, one log line per
 * step, and resumable state every `saveEvery` steps so a killed run continues to bit-identical weights. When a step
 * is one micro-batch, up to `stepsPerCall` steps run in one ONNX Runtime call (never past an evaluation or a save),
 * with the weights of one step per call.
 */
export class Pretrainer {
  private planned: StepPlan | undefined;

  constructor(
    private readonly config: PretrainConfig,
    private readonly checkpoint: Checkpoint,
    private readonly data: PretrainData,
    private readonly engine: Engine,
  ) {}

  graphArgs(): PretrainGraphArgs {
    const c = this.checkpoint.config;
    return {
      arch: architectureOf(c),
      nsp: this.config.objective === "core",
      mlm: this.config.objective === "mlm" || this.config.mlm,
      optimizer: "adamw",
      weightDecay: this.config.weightDecay,
      maxGradNorm: this.config.maxGradNorm,
      hiddenDropout: this.config.dropout ?? (c.extra.hidden_dropout_prob as number | undefined) ?? 0.1,
      attentionDropout: this.config.dropout ?? (c.extra.attention_probs_dropout_prob as number | undefined) ?? 0.1,
    };
  }

  plan(): StepPlan {
    const c = this.config;
    const none = c.epochs === undefined && c.maxSteps === undefined && c.maxTokens === undefined;
    this.planned ??= StepPlan.build(this.data.train, c.batchSize, {
      epochs: none ? DEFAULT_PRETRAIN_EPOCHS : c.epochs,
      maxSteps: c.maxSteps,
      maxTokens: c.maxTokens,
    });
    return this.planned;
  }

  /** Rows of `examples`, masked for masked-LM with draws from `rng` when the objective has it. */
  private rows(examples: readonly PretrainExample[], rng: SeededRandom): PretrainRow[] {
    const mlm = this.graphArgs().mlm;
    return examples.map((e) => {
      if (!mlm) return { inputIds: e.inputIds, tokenTypeIds: e.tokenTypeIds, nspLabel: e.nspLabel };
      const m = maskTokens(e.inputIds, this.data.vocab, this.config.maskRate, rng);
      return {
        inputIds: m.inputIds,
        tokenTypeIds: e.tokenTypeIds,
        nspLabel: e.nspLabel,
        mlmPositions: m.positions,
        mlmTargets: m.targets,
      };
    });
  }

  private micro(): number {
    return this.config.microBatchSize ?? Math.min(this.config.batchSize, 8);
  }

  private split<T>(rows: readonly T[]): T[][] {
    const out: T[][] = [];
    for (let i = 0; i < rows.length; i += this.micro()) out.push(rows.slice(i, i + this.micro()));
    return out;
  }

  /** The validation loss: fixed examples ("val"), fixed masks per micro-batch ("mlm-val", k), no dropout. */
  async validate(runner: PretrainStepRunner, state: TrainState): Promise<PretrainLosses | undefined> {
    const val = this.data.val;
    if (!val || val.count("val") === 0) return undefined;
    const examples = Array.from({ length: val.count("val") }, (_, i) => val.example("val", i));
    const batches = this.split(examples).map((b, k) => this.rows(b, SeededRandom.from(this.config.seed, "mlm-val", k)));
    return runner.evaluate(state, batches);
  }

  async run(
    onStep?: (e: PretrainStepEvent) => void,
    onEval?: (e: PretrainEval) => void,
    onNote?: (message: string) => void,
  ): Promise<PretrainCounters> {
    const cfg = this.config;
    const accumulate = this.micro() < cfg.batchSize;
    const runner = await PretrainStepRunner.create(this.graphArgs(), this.engine, {
      accumulate,
      padTokenId: this.data.padTokenId,
      seed: cfg.seed,
      key: `pretrain:${cfg.out}`,
      stepsPerCall: cfg.stepsPerCall,
    });
    // Threads and steps per call change no bits (test/training/pretrainStepsPerCall.test.ts).
    const configKey = JSON.stringify({
      ...cfg,
      threads: undefined,
      stepsPerCall: undefined,
      epochs: undefined,
      maxSteps: undefined,
      maxTokens: undefined,
    });
    const stateDir = join(cfg.out, "state");
    const logFile = join(cfg.out, "log.jsonl");
    writing(cfg.out, () => mkdirSync(cfg.out, { recursive: true }));
    const resumed = await loadResumeState(stateDir, runner.params);
    let state: TrainState;
    let counters: PretrainCounters;
    if (resumed) {
      const saved = resumed.counters as unknown as PretrainCounters;
      const trainer = join(stateDir, "trainer.json");
      if (saved.configKey !== configKey) {
        throw new PrognosError(
          `${trainer}: the saved run used other options; resume with the same config (see ${join(cfg.out, "run.json")})`,
        );
      }
      if (saved.fingerprint !== this.data.fingerprint) {
        throw new PrognosError(
          `${trainer}: the saved run was trained on other notes (the corpus changed); resume is refused`,
        );
      }
      state = resumed.state;
      counters = saved;
      // Steps run after the last save are replayed: their log lines go, so the log keeps one line per step.
      const kept = existsSync(logFile)
        ? readFileSync(logFile, "utf8")
            .split("\n")
            .filter((l) => l && (JSON.parse(l) as { step: number }).step <= counters.step)
        : [];
      writing(logFile, () => writeFileSync(logFile, kept.map((l) => `${l}\n`).join("")));
    } else {
      const start = pretrainStartWeights(this.checkpoint, runner.params, cfg.seed);
      if (start.initialised.length > 0) {
        onNote?.(`new (the checkpoint has none, initialised as Hugging Face does): ${start.initialised.join(", ")}`);
      }
      state = TrainState.start(runner.params, start.weights);
      counters = {
        step: 0,
        tokens: 0,
        bestLoss: null,
        bestStep: null,
        badEvals: 0,
        configKey,
        fingerprint: this.data.fingerprint,
      };
      writing(logFile, () => writeFileSync(logFile, ""));
    }
    const runInfo = { ...cfg, microBatchSize: this.micro() };
    writing(cfg.out, () => writeFileSync(join(cfg.out, "run.json"), `${JSON.stringify(runInfo, null, 2)}\n`));
    const log = (o: object) => writing(logFile, () => appendFileSync(logFile, `${JSON.stringify(o)}\n`));
    const save = (dir: string, extra: object) =>
      saveModelFolder(join(cfg.out, dir), this.checkpoint, runner.params, state.params, {
        run: { ...runInfo, step: state.step, tokens: counters.tokens, ...extra },
      });
    const plan = this.plan();
    const totalSteps = plan.totalSteps;

    while (state.step < totalSteps && (cfg.patience === undefined || counters.badEvals < cfg.patience)) {
      const first = state.step;
      // One ONNX Runtime call for these steps (PretrainStepRunner.steps).
      const count = stepsInCall(first, { ...cfg, accumulate, totalSteps });
      const steps = Array.from({ length: count }, (_, j) => {
        const { epoch, indices } = plan.batchAt(first + j, this.data.train);
        const examples = indices.map((i) => this.data.train.example(epoch, i));
        const rows = this.rows(examples, SeededRandom.from(cfg.seed, "mlm", first + j));
        return { epoch, rows, lr: scheduledLr(cfg.schedule, cfg.lr, first + j, cfg.warmupSteps, totalSteps) };
      });
      const before = new TrainState(new Map(state.params), new Map(state.m), new Map(state.v), first);
      const t0 = performance.now();
      const run = (from: TrainState, list: typeof steps) =>
        runner.steps(
          from,
          list.map((s) => s.rows),
          list.map((s) => s.lr),
        );
      const results = accumulate
        ? [await runner.step(state, this.split(steps[0]!.rows), steps[0]!.lr)]
        : await run(state, steps);
      const seconds = (performance.now() - t0) / 1000 / count;
      for (let j = 0; j < count; j++) {
        const r = results[j]!;
        const step = first + j;
        if (!Number.isFinite(r.loss) || !Number.isFinite(r.gradNorm)) {
          // The call's earlier steps are replayed from `before` (the same bits) to keep the weights before this one.
          if (j > 0) await run(before, steps.slice(0, j));
          saveModelFolder(join(cfg.out, "last"), this.checkpoint, runner.params, before.params, {
            run: { ...runInfo, step },
          });
          throw new PrognosError(
            `loss became ${r.loss} at step ${step + 1}; stopped and kept the weights from before that step in ${join(cfg.out, "last")} (try a lower --lr or --max-grad-norm)`,
          );
        }
        counters.tokens = plan.tokensAfter(step + 1);
        const event: PretrainStepEvent = {
          step: step + 1,
          totalSteps,
          epoch: steps[j]!.epoch + 1,
          ...lossFields(r),
          lr: steps[j]!.lr,
          gradNorm: r.gradNorm,
          tokens: counters.tokens,
          tokensPerSecond: (counters.tokens - plan.tokensAfter(step)) / seconds,
        };
        log({ ...event, seconds });
        onStep?.(event);
      }
      if (state.step % cfg.evalEvery === 0 || state.step === totalSteps) {
        const v = await this.validate(runner, state);
        if (v) {
          const e = { step: state.step, ...lossFields(v) };
          log({
            step: e.step,
            val_loss: e.loss,
            val_mlm_loss: e.mlmLoss,
            val_nsp_loss: e.nspLoss,
            val_nsp_accuracy: e.nspAccuracy,
          });
          onEval?.(e);
          if (counters.bestLoss === null || e.loss < counters.bestLoss) {
            counters.bestLoss = e.loss;
            counters.bestStep = state.step;
            counters.badEvals = 0;
            save("best", { val_loss: e.loss });
          } else counters.badEvals += 1;
        }
      }
      counters.step = state.step;
      if (state.step % cfg.saveEvery === 0 || state.step % cfg.evalEvery === 0)
        saveResumeState(stateDir, runner.params, state, counters);
    }
    save("last", {});
    if (counters.bestStep === null) {
      save("best", { val_loss: null });
      onNote?.(`no validation documents: best/ holds the last weights (step ${state.step})`);
    }
    saveResumeState(stateDir, runner.params, state, counters);
    return counters;
  }
}
