import assert from "node:assert/strict";
import { test } from "node:test";
import { BertConfig } from "../../src/checkpoint/BertConfig.ts";
import { bertWeightShapes } from "../../src/checkpoint/bertWeightShapes.ts";
import { planBertWeights } from "../../src/checkpoint/planBertWeights.ts";

const config = BertConfig.create({
  vocab_size: 10,
  hidden_size: 4,
  num_hidden_layers: 1,
  num_attention_heads: 2,
  intermediate_size: 6,
  max_position_embeddings: 5,
  type_vocab_size: 2,
});
const canonical = bertWeightShapes(config);
const shapes = (names: Map<string, number[]>) => new Map([...names].map(([k, s]) => [k, { shape: s }]));

test("BertModel names for a config: 5 embedding + 16 per layer + 2 pooler, HF's order and shapes", () => {
  const names = [...canonical.keys()];
  assert.equal(names.length, 5 + 16 + 2);
  assert.deepEqual(names.slice(0, 6), [
    "embeddings.word_embeddings.weight",
    "embeddings.position_embeddings.weight",
    "embeddings.token_type_embeddings.weight",
    "embeddings.LayerNorm.weight",
    "embeddings.LayerNorm.bias",
    "encoder.layer.0.attention.self.query.weight",
  ]);
  assert.deepEqual(canonical.get("encoder.layer.0.intermediate.dense.weight"), [6, 4]);
  assert.deepEqual(canonical.get("encoder.layer.0.output.dense.weight"), [4, 6]);
  assert.deepEqual(names.slice(-2), ["pooler.dense.weight", "pooler.dense.bias"]);
});

test("BertModel names load as they are", () => {
  const plan = planBertWeights(shapes(canonical), config, "f");
  assert.deepEqual([...plan.encoder.keys()], [...canonical.keys()]);
  assert.deepEqual([plan.missing, plan.unexpected, plan.renamed, plan.heads.size], [[], [], [], 0]);
});

test("BertForSequenceClassification: bert. prefix stripped, classifier kept as a head and listed as unused", () => {
  const file = new Map([...canonical].map(([k, s]) => [`bert.${k}`, s]));
  file.set("classifier.weight", [3, 4]);
  file.set("classifier.bias", [3]);
  file.set("bert.embeddings.position_ids", [1, 5]);
  const plan = planBertWeights(shapes(file), config, "f");
  assert.equal(plan.encoder.get("pooler.dense.weight"), "bert.pooler.dense.weight");
  assert.deepEqual(plan.unexpected, ["classifier.weight", "classifier.bias"]);
  assert.deepEqual(
    [...plan.heads],
    [
      ["classifier.weight", "classifier.weight"],
      ["classifier.bias", "classifier.bias"],
    ],
  );
  assert.deepEqual(plan.missing, []);
});

test("legacy gamma/beta names are renamed like HF; a prefixed checkpoint's stray names are unused", () => {
  const file = new Map<string, number[]>();
  for (const [k, s] of canonical)
    file.set(
      `bert.${k.replace(/LayerNorm\.weight$/, "LayerNorm.gamma").replace(/LayerNorm\.bias$/, "LayerNorm.beta")}`,
      s,
    );
  file.delete("bert.pooler.dense.weight");
  file.delete("bert.pooler.dense.bias");
  file.set("cls.predictions.bias", [10]);
  file.set("cls.predictions.transform.LayerNorm.gamma", [4]);
  file.set("embeddings.word_embeddings.weight", [10, 4]); // no prefix in a prefixed checkpoint: unused, like HF
  const plan = planBertWeights(shapes(file), config, "f");
  assert.equal(plan.encoder.get("embeddings.LayerNorm.weight"), "bert.embeddings.LayerNorm.gamma");
  assert.equal(plan.renamed.length, 7);
  assert.deepEqual(plan.missing, ["pooler.dense.weight", "pooler.dense.bias"]);
  assert.deepEqual(plan.unexpected, [
    "cls.predictions.bias",
    "cls.predictions.transform.LayerNorm.weight",
    "embeddings.word_embeddings.weight",
  ]);
  assert.deepEqual([...plan.heads.keys()], ["cls.predictions.bias", "cls.predictions.transform.LayerNorm.weight"]);
});

test("a weight of the wrong shape fails with its name, the expected and the actual shape", () => {
  const file = new Map(canonical);
  file.set("encoder.layer.0.attention.self.key.weight", [4, 5]);
  assert.throws(
    () => planBertWeights(shapes(file), config, "m/model.safetensors"),
    /^PrognosError: m\/model\.safetensors: weight "encoder\.layer\.0\.attention\.self\.key\.weight" has shape \[4, 5\] but the config needs \[4, 4\]/,
  );
  const prefixed = new Map([...canonical].map(([k, s]) => [`bert.${k}`, s]));
  prefixed.set("bert.embeddings.word_embeddings.weight", [11, 4]);
  assert.throws(
    () => planBertWeights(shapes(prefixed), config, "f"),
    /weight "bert\.embeddings\.word_embeddings\.weight" \(embeddings\.word_embeddings\.weight\) has shape \[11, 4\] but the config needs \[10, 4\]/,
  );
  const head = new Map(canonical);
  head.set("cls.predictions.decoder.weight", [9, 4]);
  assert.throws(
    () => planBertWeights(shapes(head), config, "f"),
    /weight "cls\.predictions\.decoder\.weight" has shape \[9, 4\] but the config needs \[10, 4\]/,
  );
});

test("the classifier's label count comes from id2label when the config has one", () => {
  const labelled = BertConfig.create({
    vocab_size: 10,
    hidden_size: 4,
    num_hidden_layers: 1,
    num_attention_heads: 2,
    intermediate_size: 6,
    max_position_embeddings: 5,
    id2label: { 0: "a", 1: "b", 2: "c" },
  });
  const file = new Map(canonical);
  file.set("classifier.weight", [2, 4]);
  assert.throws(
    () => planBertWeights(shapes(file), labelled, "f"),
    /weight "classifier\.weight" has shape \[2, 4\] but the config needs \[3, 4\]/,
  );
  assert.equal(
    planBertWeights(shapes(file), config, "f").heads.size,
    1,
    "without labels in the config, the file decides",
  );
});

test("two names mapping to one weight are refused", () => {
  const file = new Map(canonical);
  file.set("embeddings.LayerNorm.gamma", [4]);
  assert.throws(
    () => planBertWeights(shapes(file), config, "f"),
    /tensors "embeddings\.LayerNorm\.weight" and "embeddings\.LayerNorm\.gamma" both map to weight "embeddings\.LayerNorm\.weight"/,
  );
});
