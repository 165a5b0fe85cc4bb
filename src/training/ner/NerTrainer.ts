import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Checkpoint } from "../../checkpoint/Checkpoint.ts";
import type { WeightTensor } from "../../checkpoint/WeightTensor.ts";
import type { Engine } from "../../engine/Engine.ts";
import { entityScores } from "../../evaluation/entityScores.ts";
import { architectureOf } from "../../models/bert/BertEncoderModel.ts";
import { scheduledLr } from "../../nn/lrSchedule.ts";
import type { TaggedSentences } from "../../sources/i2b2/taggedSentences.ts";
import type { BertTokenizer } from "../../tokenizer/BertTokenizer.ts";
import { PrognosError } from "../../util/errors.ts";
import { SeededRandom } from "../../util/SeededRandom.ts";
import { writing } from "../../util/writeError.ts";
import { classifierInit } from "../headInit.ts";
import { loadResumeState, type TrainerCounters } from "../resumeState.ts";
import { StepRunner } from "../StepRunner.ts";
import { saveResumeState } from "../saveFolders.ts";
import { TrainState } from "../TrainState.ts";
import { type NerTrainConfig, nerConfigKey } from "./NerTrainConfig.ts";
import { saveNerModelFolder } from "./nerModelFolder.ts";
import { type NerGraphArgs, nerStepGraphs } from "./nerStepGraphs.ts";
import { type NerWindow, sentenceWindows, WordPieces } from "./nerWindows.ts";
import { tagSentenceWindows } from "./tagWindows.ts";

/** Plain chunks of `size` windows (one ONNX Runtime call each). */
const chunks = <T>(xs: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(xs.length / size) }, (_, i) => xs.slice(i * size, (i + 1) * size));

export interface NerEpoch {
  step: number;
  epoch: number;
  loss: number;
  val_f1: number;
}

/**
 * Fine-tunes a BERT folder for BIO token classification (docs/ner.md#train) with the engine `prognos train` uses
 * (StepRunner: one ONNX Runtime call per step or accumulated micro-batches, seeded dropout masks, AdamW, clipping,
 * linear or constant schedule): seeded window order per epoch, val entity micro F1 after every epoch with early
 * stopping, best/ and last/ model folders, log.jsonl, resumable state after each epoch (bit-identical --resume).
 */
export class NerTrainer {
  readonly args: NerGraphArgs;
  private readonly train: NerWindow[];
  private readonly valWindows: NerWindow[];

  constructor(
    private readonly config: NerTrainConfig,
    private readonly checkpoint: Checkpoint,
    tokenizer: BertTokenizer,
    private readonly labels: readonly string[],
    data: { train: TaggedSentences; val: TaggedSentences },
    private readonly engine: Engine,
  ) {
    const c = checkpoint.config;
    const hidden = config.dropout ?? (c.extra.hidden_dropout_prob as number | undefined) ?? 0.1;
    this.args = {
      arch: architectureOf(c),
      numLabels: labels.length,
      weightDecay: config.weightDecay,
      maxGradNorm: config.maxGradNorm,
      hiddenDropout: hidden,
      attentionDropout: config.dropout ?? (c.extra.attention_probs_dropout_prob as number | undefined) ?? 0.1,
      classifierDropout: config.dropout ?? (c.extra.classifier_dropout as number | null | undefined) ?? hidden,
    };
    if (config.maxLength > c.max_position_embeddings)
      throw new PrognosError(`--max-length ${config.maxLength}: the model has ${c.max_position_embeddings} positions`);
    const pieces = new WordPieces(tokenizer);
    const index = (t: string) => {
      const i = labels.indexOf(t);
      if (i < 0) throw new Error(`unknown tag ${t}`);
      return i;
    };
    this.train = data.train.words.flatMap((w, s) =>
      sentenceWindows(pieces, w, config.maxLength, s, data.train.tags[s]!.map(index)),
    );
    this.val = data.val;
    this.valWindows = data.val.words.flatMap((w, s) => sentenceWindows(pieces, w, config.maxLength, s));
    if (this.train.length === 0) throw new PrognosError(`${config.data}: the training split has no sentences`);
    if (this.valWindows.length === 0) throw new PrognosError(`${config.data}: the validation split has no sentences`);
  }

  private readonly val: TaggedSentences;

  plan(): { stepsPerEpoch: number; totalSteps: number } {
    const stepsPerEpoch = Math.ceil(this.train.length / this.config.batchSize);
    return { stepsPerEpoch, totalSteps: stepsPerEpoch * this.config.epochs };
  }

  batchAt(step: number): NerWindow[] {
    const { stepsPerEpoch } = this.plan();
    const order = this.train.map((_, i) => i);
    SeededRandom.from(this.config.seed, "shuffle", Math.floor(step / stepsPerEpoch)).shuffle(order);
    const k = step % stepsPerEpoch;
    const B = this.config.batchSize;
    return order.slice(k * B, (k + 1) * B).map((i) => this.train[i]!);
  }

  private save(dir: string, runner: StepRunner<NerWindow>, state: TrainState, run: Record<string, unknown>) {
    const weights = new Map<string, WeightTensor>();
    for (const p of runner.params) weights.set(p.name, { shape: p.shape, data: state.params.get(p.name)! });
    saveNerModelFolder(dir, this.checkpoint, weights, { labels: this.labels, maxLength: this.config.maxLength }, run);
  }

  /** Val micro F1 (entity level, exact match) with the parameters in `state`. */
  async valF1(runner: StepRunner<NerWindow>, state: TrainState): Promise<number> {
    const tags = await tagSentenceWindows(this.val.words, this.valWindows, this.labels, 32, async (part) => {
      return (await runner.predictOutputs(state, part)).logits!.data as Float32Array;
    });
    return entityScores(this.val.tags, tags).micro.f1;
  }

  async run(onStep?: (step: number, total: number, loss: number) => void, onEpoch?: (e: NerEpoch) => void) {
    const cfg = this.config;
    const micro = cfg.microBatchSize ?? Math.min(cfg.batchSize, 16);
    const pad = this.checkpoint.config.extra.pad_token_id;
    const runner = await StepRunner.fromGraphs(
      nerStepGraphs(this.args, typeof pad === "number" ? pad : 0),
      this.engine,
      {
        accumulate: micro < cfg.batchSize,
        seed: cfg.seed,
        key: `ner-train:${cfg.out}`,
      },
    );
    const configKey = nerConfigKey(cfg);
    const stateDir = join(cfg.out, "state");
    const logFile = join(cfg.out, "log.jsonl");
    writing(cfg.out, () => mkdirSync(cfg.out, { recursive: true }));
    const resumed = await loadResumeState(stateDir, runner.params);
    let state: TrainState;
    let counters: TrainerCounters;
    if (resumed) {
      if (resumed.counters.configKey !== configKey)
        throw new PrognosError(
          `${join(stateDir, "trainer.json")}: the saved run used other options; resume with the same options (see ${join(cfg.out, "run.json")})`,
        );
      ({ state, counters } = resumed);
      const kept = existsSync(logFile)
        ? readFileSync(logFile, "utf8")
            .split("\n")
            .filter((l) => l && (JSON.parse(l) as { step: number }).step <= counters.step)
        : [];
      writing(logFile, () => writeFileSync(logFile, kept.map((l) => `${l}\n`).join("")));
    } else {
      const same =
        JSON.stringify(Object.values((this.checkpoint.config.extra.id2label as object) ?? {})) ===
        JSON.stringify(this.labels);
      const head = classifierInit(this.checkpoint, this.labels, { reinit: !same, seed: cfg.seed });
      state = TrainState.start(runner.params, new Map([...this.checkpoint.weights, ...head.weights]));
      counters = { step: 0, bestMetric: null, bestStep: null, badEvals: 0, configKey };
      writing(logFile, () => writeFileSync(logFile, ""));
    }
    writing(cfg.out, () =>
      writeFileSync(join(cfg.out, "run.json"), `${JSON.stringify({ ...cfg, microBatchSize: micro }, null, 2)}\n`),
    );
    const log = (o: object) => writing(logFile, () => appendFileSync(logFile, `${JSON.stringify(o)}\n`));
    const { stepsPerEpoch, totalSteps } = this.plan();
    let lossSum = 0;
    while (state.step < totalSteps && counters.badEvals < cfg.patience) {
      const step = state.step;
      const lr = scheduledLr(cfg.schedule, cfg.lr, step, cfg.warmupSteps, totalSteps);
      const r = await runner.step(state, chunks(this.batchAt(step), micro), lr);
      if (!Number.isFinite(r.loss) || !Number.isFinite(r.gradNorm))
        throw new PrognosError(`the training loss became ${r.loss} at step ${step + 1}; try a lower --lr`);
      lossSum += r.loss;
      log({ step: state.step, loss: r.loss, lr, grad_norm: r.gradNorm });
      onStep?.(state.step, totalSteps, r.loss);
      if (state.step % stepsPerEpoch !== 0 && state.step !== totalSteps) continue;
      const f1 = await this.valF1(runner, state);
      const done = state.step - Math.floor((state.step - 1) / stepsPerEpoch) * stepsPerEpoch;
      const epoch: NerEpoch = {
        step: state.step,
        epoch: Math.ceil(state.step / stepsPerEpoch),
        loss: lossSum / done,
        val_f1: f1,
      };
      lossSum = 0;
      log(epoch);
      onEpoch?.(epoch);
      if (counters.bestMetric === null || f1 > counters.bestMetric) {
        counters.bestMetric = f1;
        counters.bestStep = state.step;
        counters.badEvals = 0;
        this.save(join(cfg.out, "best"), runner, state, { ...cfg, step: state.step, val_micro_f1: f1 });
      } else counters.badEvals += 1;
      counters.step = state.step;
      saveResumeState(stateDir, runner.params, state, counters);
    }
    this.save(join(cfg.out, "last"), runner, state, { ...cfg, step: state.step });
    return counters;
  }
}
