import type { BertArchitecture } from "../src/models/bert/BertArchitecture.ts";

/** BERT-base's shape (12 × 768, 12 heads, 3,072, 512 positions, BERT-base-uncased's vocabulary): the benches' model. */
export const BERT_BASE: BertArchitecture = {
  vocabSize: 30522,
  hiddenSize: 768,
  numLayers: 12,
  numHeads: 12,
  intermediateSize: 3072,
  hiddenAct: "gelu",
  maxPositions: 512,
  typeVocabSize: 2,
  layerNormEps: 1e-12,
};
