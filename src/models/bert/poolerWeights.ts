import type { Checkpoint } from "../../checkpoint/Checkpoint.ts";

/** BERT's pooler (tanh dense on [CLS]): the weights BertForSequenceClassification's classifier reads through. */
export const POOLER_WEIGHTS = ["pooler.dense.weight", "pooler.dense.bias"] as const;

/** Whether the checkpoint has the pooler's weights (a BertForMaskedLM or BertForPreTraining export may not). */
export function hasPoolerWeights(checkpoint: Checkpoint): boolean {
  return POOLER_WEIGHTS.every((n) => checkpoint.weights.has(n));
}
