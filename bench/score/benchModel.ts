/**
 * The models bench/score scores with: a random BERT (BERT-base, or the demo's 2 × 128) written as a classifier
 * folder like `prognos train` writes — BERT-base-uncased's vocabulary, the pooler, a binary head in config.json
 * (docs/model-head.md), `classifier.*` weights — so `prognos predict`'s NotePredictor and the PyTorch peer
 * (torch_score.py, which reads the same model.safetensors) compute the same function.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SafetensorsFile } from "../../src/checkpoint/SafetensorsFile.ts";
import type { WeightTensor } from "../../src/checkpoint/WeightTensor.ts";
import { serializeSafetensors } from "../../src/checkpoint/writeSafetensors.ts";
import { headToJson, type ModelHead } from "../../src/models/heads/ModelHead.ts";
import { BERT_BASE_UNCASED_DIR } from "../../src/tokenizer/bundledVocab.ts";
import { initBertFolder } from "../../src/training/initBertFolder.ts";
import { SeededRandom } from "../../src/util/SeededRandom.ts";

export interface BenchModelSpec {
  name: string;
  hidden_size: number;
  num_hidden_layers: number;
  num_attention_heads: number;
  intermediate_size: number;
  max_position_embeddings: number;
  /** Word pieces per note ([CLS]/[SEP] included): notes are truncated to it, as the demo's and CORe's models do. */
  maxLength: number;
}

export const BENCH_MODELS: Record<string, BenchModelSpec> = {
  "bert-base": {
    name: "bert-base",
    hidden_size: 768,
    num_hidden_layers: 12,
    num_attention_heads: 12,
    intermediate_size: 3072,
    max_position_embeddings: 512,
    maxLength: 512,
  },
  demo: {
    name: "demo",
    hidden_size: 128,
    num_hidden_layers: 2,
    num_attention_heads: 4,
    intermediate_size: 512,
    max_position_embeddings: 256,
    maxLength: 256,
  },
};

/** Writes the classifier folder of `spec` into `dir` (seeded weights). */
export async function writeBenchModel(dir: string, spec: BenchModelSpec, seed: number): Promise<void> {
  const { name: _n, maxLength, ...args } = spec;
  initBertFolder(dir, args, BERT_BASE_UNCASED_DIR, seed);
  const file = join(dir, "model.safetensors");
  const f = await SafetensorsFile.open(file);
  const tensors: [string, WeightTensor][] = [];
  for (const [n, t] of f.tensors) {
    if (n.startsWith("cls.")) continue;
    tensors.push([n, { shape: [...t.shape], data: Float32Array.from((await t.read()).data) }]);
  }
  await f.close();
  const H = spec.hidden_size;
  const rng = SeededRandom.from(seed, "bench-classifier");
  tensors.push(
    ["classifier.weight", { shape: [2, H], data: Float32Array.from({ length: 2 * H }, () => rng.normal(0, 0.5)) }],
    ["classifier.bias", { shape: [2], data: new Float32Array(2) }],
  );
  rmSync(file);
  writeFileSync(file, serializeSafetensors(tensors, { metadata: { format: "pt" } }));
  const head: ModelHead = {
    task: "bench",
    problemType: "single_label_classification",
    labels: [{ name: "0" }, { name: "1" }],
    pooler: true,
    pooling: "cls",
    maxLength,
    longNotes: { policy: "truncate" },
    thresholds: [0.5],
  };
  const config = JSON.parse(readFileSync(join(dir, "config.json"), "utf8"));
  config.architectures = ["BertForSequenceClassification"];
  config.num_labels = 2;
  config.prognos_head = headToJson(head);
  writeFileSync(join(dir, "config.json"), `${JSON.stringify(config, null, 2)}\n`);
}
