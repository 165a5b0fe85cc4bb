import { copyFileSync, existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Checkpoint } from "../checkpoint/Checkpoint.ts";
import type { WeightTensor } from "../checkpoint/WeightTensor.ts";
import { serializeSafetensors } from "../checkpoint/writeSafetensors.ts";
import { HEAD_KEY, headToJson, type ModelHead } from "../models/heads/ModelHead.ts";
import type { TrainableParam } from "../nn/InputParamSource.ts";
import { QUANTIZATION_KEY } from "../quantization/quantizationInfo.ts";
import { replaceFolder } from "../util/outputFolder.ts";

export const TOKENIZER_FILES = [
  "vocab.txt",
  "tokenizer.json",
  "tokenizer_config.json",
  "special_tokens_map.json",
  "added_tokens.json",
];

function tensors(
  params: readonly TrainableParam[],
  values: ReadonlyMap<string, Float32Array>,
  prefix: (n: string) => string,
) {
  return params.map((p): [string, WeightTensor] => [prefix(p.name), { shape: p.shape, data: values.get(p.name)! }]);
}

/**
 * A Hugging Face `BertForSequenceClassification` folder (or, when no head is given, `BertForPreTraining` /
 * `BertForMaskedLM`, docs/core-pretraining.md): config.json (the
 * source config plus id2label, label2id, problem_type and the head as `prognos_head`, models/heads/ModelHead.ts),
 * model.safetensors (`bert.`-prefixed encoder, `classifier.*`), the tokenizer files, run.json. A head without the
 * pooler saves no pooler weights: the source's were never trained and nothing reads them.
 */
export function saveModelFolder(
  dir: string,
  source: Checkpoint,
  params: readonly TrainableParam[],
  values: ReadonlyMap<string, Float32Array>,
  info: { head?: ModelHead; run: Record<string, unknown> },
): void {
  replaceFolder(dir, (tmp) => {
    const config: Record<string, unknown> = { ...source.config.toJSON() };
    // Trained weights are float32: a model trained from a quantized folder is not quantized (docs/quantization.md).
    delete config[QUANTIZATION_KEY];
    const head = info.head;
    if (head) {
      const labels = head.labels.map((l) => l.name);
      config.architectures = ["BertForSequenceClassification"];
      config.id2label = Object.fromEntries(labels.map((l, i) => [String(i), l]));
      config.label2id = Object.fromEntries(labels.map((l, i) => [l, i]));
      config.problem_type = head.problemType;
      config[HEAD_KEY] = headToJson(head);
    } else {
      // Pre-training: BertForPreTraining when the next-sentence head was trained (prognos pretrain core), else
      // BertForMaskedLM. The decoder tied to the word embeddings is not written, as Hugging Face's safetensors save.
      const nsp = params.some((p) => p.name.startsWith("cls.seq_relationship."));
      config.architectures = [nsp ? "BertForPreTraining" : "BertForMaskedLM"];
      for (const k of ["id2label", "label2id", "problem_type", HEAD_KEY]) delete config[k];
    }
    writeFileSync(join(tmp, "config.json"), `${JSON.stringify(config, null, 2)}\n`);
    const named = tensors(params, values, (n) =>
      n.startsWith("classifier.") || n.startsWith("cls.") ? n : `bert.${n}`,
    );
    // Encoder weights the run did not train (e.g. the pooler during masked-LM pre-training) are kept as they were.
    const trained = new Set(params.map((p) => p.name));
    for (const [n, w] of source.weights) {
      if (trained.has(n) || (head?.pooler === false && n.startsWith("pooler."))) continue;
      named.push([`bert.${n}`, w]);
    }
    writeFileSync(join(tmp, "model.safetensors"), serializeSafetensors(named, { metadata: { format: "pt" } }));
    for (const f of TOKENIZER_FILES)
      if (existsSync(join(source.dir, f))) copyFileSync(join(source.dir, f), join(tmp, f));
    writeFileSync(join(tmp, "run.json"), `${JSON.stringify(info.run, null, 2)}\n`);
  });
}

/** The resumable state: parameters and AdamW moments (safetensors, exact float32) plus the loop's counters. */
export function saveResumeState(
  dir: string,
  params: readonly TrainableParam[],
  state: {
    params: ReadonlyMap<string, Float32Array>;
    m: ReadonlyMap<string, Float32Array>;
    v: ReadonlyMap<string, Float32Array>;
  },
  counters: object,
): void {
  replaceFolder(dir, (tmp) => {
    writeFileSync(join(tmp, "params.safetensors"), serializeSafetensors(tensors(params, state.params, (n) => n)));
    writeFileSync(join(tmp, "m.safetensors"), serializeSafetensors(tensors(params, state.m, (n) => n)));
    writeFileSync(join(tmp, "v.safetensors"), serializeSafetensors(tensors(params, state.v, (n) => n)));
    writeFileSync(join(tmp, "trainer.json"), `${JSON.stringify(counters, null, 2)}\n`);
  });
}
