import type { ActivationName } from "../layers/activations.ts";

/** The shape of a BERT encoder, as the model code needs it (mapped from a checkpoint's config.json). */
export interface BertArchitecture {
  vocabSize: number;
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  intermediateSize: number;
  hiddenAct: ActivationName;
  maxPositions: number;
  typeVocabSize: number;
  layerNormEps: number;
}

/** Fails fast, like HF, with the values in the message. */
export function checkArchitecture(a: BertArchitecture): void {
  if (a.hiddenSize % a.numHeads !== 0) {
    throw new Error(`hidden size (${a.hiddenSize}) is not a multiple of the number of attention heads (${a.numHeads})`);
  }
}
