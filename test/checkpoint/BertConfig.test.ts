import assert from "node:assert/strict";
import { test } from "node:test";
import { BertConfig } from "../../src/checkpoint/BertConfig.ts";
import { isPrognosError } from "../../src/util/errors.ts";

const BIOBERT = {
  _name_or_path: "dmis-lab/biobert-base-cased-v1.1",
  architectures: ["BertForMaskedLM"],
  attention_probs_dropout_prob: 0.1,
  hidden_act: "gelu",
  hidden_dropout_prob: 0.1,
  hidden_size: 768,
  initializer_range: 0.02,
  intermediate_size: 3072,
  layer_norm_eps: 1e-12,
  max_position_embeddings: 512,
  model_type: "bert",
  num_attention_heads: 12,
  num_hidden_layers: 12,
  pad_token_id: 0,
  position_embedding_type: "absolute",
  transformers_version: "4.9.2",
  type_vocab_size: 2,
  use_cache: true,
  vocab_size: 28996,
};

function refuse(json: Record<string, unknown>, pattern: RegExp): void {
  assert.throws(
    () => BertConfig.parse(json, "models/x/config.json"),
    (e: unknown) => isPrognosError(e) && e.message.startsWith("models/x/config.json: ") && pattern.test(e.message),
  );
}

test("a real BioBERT config parses without warnings and keeps its other fields", () => {
  const { config, warnings } = BertConfig.parse(BIOBERT);
  assert.deepEqual(warnings, []);
  assert.equal(config.vocab_size, 28996);
  assert.equal(config.headSize, 64);
  assert.equal(config.hidden_act, "gelu");
  assert.deepEqual(config.extra.architectures, ["BertForMaskedLM"]);
  assert.equal(config.extra.hidden_dropout_prob, 0.1);
});

test("serialization round trip: toJSON → parse gives the same config, keys sorted like save_pretrained", () => {
  const { config } = BertConfig.parse({
    ...BIOBERT,
    id2label: { 0: "died", 1: "survived" },
    label2id: { died: 0, survived: 1 },
  });
  const json = config.toJSON();
  assert.deepEqual(Object.keys(json), Object.keys(json).sort());
  const again = BertConfig.parse(JSON.parse(JSON.stringify(json)));
  assert.deepEqual(again.config.toJSON(), json);
  assert.deepEqual(again.warnings, []);
  assert.equal(again.config.numLabels, 2);
});

test("Google's original bert_config.json (no model_type, no layer_norm_eps) is accepted; eps defaults to 1e-12", () => {
  const { model_type: _m, layer_norm_eps: _e, position_embedding_type: _p, ...google } = BIOBERT;
  const { config, warnings } = BertConfig.parse(google);
  assert.equal(config.layer_norm_eps, 1e-12);
  assert.deepEqual(warnings, []);
});

test("missing structural fields take Hugging Face's defaults, each reported", () => {
  const { config, warnings } = BertConfig.parse(
    { model_type: "bert", hidden_size: 64, num_attention_heads: 4 },
    "c.json",
  );
  assert.equal(config.vocab_size, 30522);
  assert.equal(config.num_hidden_layers, 12);
  assert.ok(warnings.includes("c.json: vocab_size is not set; using Hugging Face's default 30522"));
  assert.ok(warnings.includes('c.json: hidden_act is not set; using Hugging Face\'s default "gelu"'));
  assert.equal(warnings.length, 6);
});

test("unknown fields are kept but reported; harmless known ones are not", () => {
  const { config, warnings } = BertConfig.parse(
    { ...BIOBERT, my_secret_switch: 3, pooler_fc_size: 768, bos_token_id: 0 },
    "c.json",
  );
  assert.deepEqual(warnings, ["c.json: field my_secret_switch is not used by Prognos' BERT encoder (ignored)"]);
  assert.equal(config.extra.my_secret_switch, 3);
});

test("settings that change the computation are refused, naming config.json, the field and the value", () => {
  refuse(
    { ...BIOBERT, position_embedding_type: "relative_key" },
    /position_embedding_type = "relative_key" is not supported \(only "absolute"\)/,
  );
  refuse(
    { ...BIOBERT, hidden_act: "swish" },
    /hidden_act = "swish" is not supported \(supported: gelu, gelu_new, relu\)/,
  );
  refuse({ ...BIOBERT, is_decoder: true }, /is_decoder = true is not supported/);
  refuse({ ...BIOBERT, add_cross_attention: true }, /add_cross_attention = true is not supported/);
  refuse({ ...BIOBERT, chunk_size_feed_forward: 64 }, /chunk_size_feed_forward = 64 is not supported \(must be 0\)/);
  refuse({ ...BIOBERT, model_type: "roberta" }, /model_type = "roberta" is not supported \(only "bert"\)/);
  refuse({ ...BIOBERT, pruned_heads: { "0": [1] } }, /pruned_heads = \{"0":\[1\]\} is not supported/);
  refuse({ ...BIOBERT, embedding_size: 128 }, /embedding_size = 128 is not supported/);
  refuse({ ...BIOBERT, quantization_config: { bits: 4 } }, /quantization_config = \{"bits":4\} is not supported/);
  refuse(
    { ...BIOBERT, hidden_size: 770 },
    /the hidden size \(770\) is not a multiple of the number of attention heads \(12\)/,
  );
  refuse({ ...BIOBERT, hidden_size: 768.5 }, /hidden_size = 768.5 must be a positive integer/);
  refuse({ ...BIOBERT, vocab_size: 0 }, /vocab_size = 0 must be a positive integer/);
  refuse({ ...BIOBERT, num_hidden_layers: "12" }, /num_hidden_layers = "12" must be a positive integer/);
  refuse({ ...BIOBERT, layer_norm_eps: -1 }, /layer_norm_eps = -1 must be a positive number/);
  refuse({ ...BIOBERT, problem_type: "ranking" }, /problem_type = "ranking" is not a known problem_type/);
  refuse({ ...BIOBERT, id2label: { 0: "a" }, num_labels: 3 }, /num_labels = 3 but id2label has 1 labels/);
  assert.throws(() => BertConfig.parse([1, 2], "c.json"), /c\.json: expected a JSON object/);
});

test("settings that are explicitly off are accepted", () => {
  const { warnings } = BertConfig.parse({
    ...BIOBERT,
    is_decoder: false,
    add_cross_attention: false,
    chunk_size_feed_forward: 0,
    pruned_heads: {},
    embedding_size: 768,
  });
  assert.deepEqual(warnings, []);
});

test("BertConfig.create validates like config.json", () => {
  const c = BertConfig.create({ hidden_size: 16, num_attention_heads: 2, vocab_size: 50 });
  assert.equal(c.intermediate_size, 3072);
  assert.throws(() => BertConfig.create({ hidden_size: 10, num_attention_heads: 3 }), /not a multiple/);
});

test("a __proto__ key in config.json stays a plain field", () => {
  const json = JSON.parse(`{"hidden_size": 8, "num_attention_heads": 2, "__proto__": {"polluted": true}}`);
  const { config } = BertConfig.parse(json);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(Object.getPrototypeOf(config.extra), Object.prototype);
});
