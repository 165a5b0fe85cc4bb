import type { BertConfig } from "./BertConfig.ts";

/**
 * The weights of Hugging Face's BertModel for a config, by their canonical names, in BertModel's state-dict
 * order, with the shape each must have (Linear weights are [out, in] as torch stores them).
 */
export function bertWeightShapes(config: BertConfig): Map<string, number[]> {
  const h = config.hidden_size;
  const ff = config.intermediate_size;
  const m = new Map<string, number[]>();
  const linear = (name: string, out: number, inp: number) => {
    m.set(`${name}.weight`, [out, inp]);
    m.set(`${name}.bias`, [out]);
  };
  const layerNorm = (name: string) => {
    m.set(`${name}.weight`, [h]);
    m.set(`${name}.bias`, [h]);
  };
  m.set("embeddings.word_embeddings.weight", [config.vocab_size, h]);
  m.set("embeddings.position_embeddings.weight", [config.max_position_embeddings, h]);
  m.set("embeddings.token_type_embeddings.weight", [config.type_vocab_size, h]);
  layerNorm("embeddings.LayerNorm");
  for (let i = 0; i < config.num_hidden_layers; i++) {
    const l = `encoder.layer.${i}`;
    linear(`${l}.attention.self.query`, h, h);
    linear(`${l}.attention.self.key`, h, h);
    linear(`${l}.attention.self.value`, h, h);
    linear(`${l}.attention.output.dense`, h, h);
    layerNorm(`${l}.attention.output.LayerNorm`);
    linear(`${l}.intermediate.dense`, ff, h);
    linear(`${l}.output.dense`, h, ff);
    layerNorm(`${l}.output.LayerNorm`);
  }
  linear("pooler.dense", h, h);
  return m;
}

/**
 * The head weights of BertForSequenceClassification (`classifier.*`) and BertForPreTraining / BertForMaskedLM
 * (`cls.*`) with their shapes. `numLabels` is the classifier's output count.
 */
export function bertHeadShapes(config: BertConfig, numLabels: number): Map<string, number[]> {
  const h = config.hidden_size;
  const v = config.vocab_size;
  return new Map<string, number[]>([
    ["classifier.weight", [numLabels, h]],
    ["classifier.bias", [numLabels]],
    // The label queries of a label-attention head (docs/training.md, "Pooling").
    ["classifier.attention.weight", [numLabels, h]],
    ["cls.predictions.transform.dense.weight", [h, h]],
    ["cls.predictions.transform.dense.bias", [h]],
    ["cls.predictions.transform.LayerNorm.weight", [h]],
    ["cls.predictions.transform.LayerNorm.bias", [h]],
    ["cls.predictions.decoder.weight", [v, h]],
    ["cls.predictions.decoder.bias", [v]],
    ["cls.predictions.bias", [v]],
    ["cls.seq_relationship.weight", [2, h]],
    ["cls.seq_relationship.bias", [2]],
  ]);
}
