import type { PretrainLosses } from "./PretrainStepRunner.ts";

/** What a pre-training run reports after each step (log.jsonl, the progress bar). */
export interface PretrainStepEvent {
  step: number;
  totalSteps: number;
  epoch: number;
  loss: number;
  mlmLoss?: number;
  nspLoss?: number;
  nspAccuracy?: number;
  lr: number;
  gradNorm: number;
  tokens: number;
  tokensPerSecond: number;
}

export interface PretrainEval {
  step: number;
  loss: number;
  mlmLoss?: number;
  nspLoss?: number;
  nspAccuracy?: number;
}

/** Losses as log fields (snake case, as log.jsonl writes them), the next-sentence accuracy from the counts. */
export function lossFields(r: PretrainLosses) {
  return {
    loss: r.loss,
    mlmLoss: r.mlmLoss,
    nspLoss: r.nspLoss,
    nspAccuracy: r.nspCorrect === undefined ? undefined : r.nspCorrect / r.rows,
  };
}
