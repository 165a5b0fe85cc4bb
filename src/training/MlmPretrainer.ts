import type { Checkpoint } from "../checkpoint/Checkpoint.ts";
import type { Engine } from "../engine/Engine.ts";
import { architectureOf } from "../models/bert/BertEncoderModel.ts";
import type { TrainableParam } from "../nn/InputParamSource.ts";
import { scheduledLr } from "../nn/lrSchedule.ts";
import { PrognosError } from "../util/errors.ts";
import { SeededRandom } from "../util/SeededRandom.ts";
import { type MlmVocab, maskTokens } from "./pretraining/maskTokens.ts";
import { PretrainStepRunner } from "./pretraining/PretrainStepRunner.ts";
import { pretrainStartWeights } from "./pretraining/pretrainStartWeights.ts";
import { TrainState } from "./TrainState.ts";

export interface MlmArgs {
  steps: number;
  batchSize: number;
  lr: number;
  warmupSteps: number;
  weightDecay: number;
  seed: number;
  /** Share of (non-special) tokens chosen for prediction; BERT's 15%. */
  maskRate: number;
  dropout: number;
}

/**
 * Masked-LM pre-training in memory, for the demo (no run folder; `prognos pretrain mlm` is the command with one):
 * each step draws `batchSize` sequences with replacement and BERT's masks from SeededRandom(seed, "mlm", step),
 * then runs one step of the shared pre-training graph (training/pretraining/: encoder + tied MLM head + AdamW,
 * clipping at 1, linear schedule). Returns the trained state.
 */
export async function pretrainMlm(
  checkpoint: Checkpoint,
  sequences: readonly (readonly number[])[],
  vocab: MlmVocab & { padId: number },
  args: MlmArgs,
  engine: Engine,
  onStep?: (step: number, loss: number) => void,
): Promise<{ state: TrainState; params: readonly TrainableParam[]; losses: number[] }> {
  if (sequences.length === 0) throw new PrognosError("masked-LM pre-training needs at least one sequence");
  const runner = await PretrainStepRunner.create(
    {
      arch: architectureOf(checkpoint.config),
      nsp: false,
      mlm: true,
      optimizer: "adamw",
      weightDecay: args.weightDecay,
      maxGradNorm: 1,
      hiddenDropout: args.dropout,
      attentionDropout: args.dropout,
    },
    engine,
    { accumulate: false, padTokenId: vocab.padId, seed: args.seed, key: `mlm:${checkpoint.dir}` },
  );
  const state = TrainState.start(runner.params, pretrainStartWeights(checkpoint, runner.params, args.seed).weights);
  const losses: number[] = [];
  for (let step = 0; step < args.steps; step++) {
    const rng = SeededRandom.from(args.seed, "mlm", step);
    const rows = Array.from({ length: args.batchSize }, () => {
      const ids = sequences[rng.int(0, sequences.length)]!;
      const m = maskTokens([...ids], vocab, args.maskRate, rng);
      return { inputIds: m.inputIds, tokenTypeIds: ids.map(() => 0), mlmPositions: m.positions, mlmTargets: m.targets };
    });
    const lr = scheduledLr("linear", args.lr, step, args.warmupSteps, args.steps);
    const r = await runner.step(state, [rows], lr);
    if (!Number.isFinite(r.loss)) throw new PrognosError(`masked-LM loss became ${r.loss} at step ${step + 1}`);
    losses.push(r.loss);
    onStep?.(step + 1, r.loss);
  }
  return { state, params: runner.params, losses };
}
