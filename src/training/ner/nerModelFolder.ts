import { copyFileSync, existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Checkpoint, loadCheckpoint } from "../../checkpoint/Checkpoint.ts";
import type { WeightTensor } from "../../checkpoint/WeightTensor.ts";
import { serializeSafetensors } from "../../checkpoint/writeSafetensors.ts";
import { PrognosError } from "../../util/errors.ts";
import { replaceFolder } from "../../util/outputFolder.ts";
import { TOKENIZER_FILES } from "../saveFolders.ts";

/** config.json key of what Prognos records about a token-classification head. */
export const NER_KEY = "prognos_ner";

export interface NerHeadInfo {
  labels: readonly string[];
  /** The longest encoder row used in training (prediction windows the same way). */
  maxLength: number;
}

/**
 * Writes a Hugging Face `BertForTokenClassification` folder: config.json (the source's plus architectures,
 * id2label/label2id and `prognos_ner`), model.safetensors (`bert.`-prefixed encoder without the pooler, which token
 * classification does not use, and `classifier.*`), the tokenizer files and run.json.
 */
export function saveNerModelFolder(
  dir: string,
  source: Checkpoint,
  weights: ReadonlyMap<string, WeightTensor>,
  head: NerHeadInfo,
  run: Record<string, unknown>,
): void {
  replaceFolder(dir, (tmp) => {
    const config: Record<string, unknown> = { ...source.config.toJSON() };
    config.architectures = ["BertForTokenClassification"];
    config.id2label = Object.fromEntries(head.labels.map((l, i) => [String(i), l]));
    config.label2id = Object.fromEntries(head.labels.map((l, i) => [l, i]));
    config[NER_KEY] = { labels: head.labels, maxLength: head.maxLength, words: "whitespace" };
    for (const k of ["problem_type", "prognos_head"]) delete config[k];
    writeFileSync(join(tmp, "config.json"), `${JSON.stringify(config, null, 2)}\n`);
    const named = [...weights]
      .filter(([n]) => !n.startsWith("pooler."))
      .map(([n, w]): [string, WeightTensor] => [n.startsWith("classifier.") ? n : `bert.${n}`, w]);
    writeFileSync(join(tmp, "model.safetensors"), serializeSafetensors(named, { metadata: { format: "pt" } }));
    for (const f of TOKENIZER_FILES)
      if (existsSync(join(source.dir, f))) copyFileSync(join(source.dir, f), join(tmp, f));
    writeFileSync(join(tmp, "run.json"), `${JSON.stringify(run, null, 2)}\n`);
  });
}

/**
 * Loads a token-classification model: a BERT folder with `classifier.weight` [labels, hidden] and BIO labels in
 * config.json's id2label (any Hugging Face BertForTokenClassification folder, or one `ner train` wrote). A folder
 * without them is refused with a clear error (a sequence classifier, an encoder-only checkpoint).
 */
export async function loadNerModel(dir: string): Promise<{ checkpoint: Checkpoint; head: NerHeadInfo }> {
  const checkpoint = await loadCheckpoint(dir);
  const extra = checkpoint.config.extra;
  const w = checkpoint.headWeights.get("classifier.weight");
  const id2label = extra.id2label as Record<string, string> | undefined;
  const labels = id2label
    ? Object.keys(id2label)
        .sort((a, b) => Number(a) - Number(b))
        .map((k) => id2label[k]!)
    : [];
  const arch = (extra.architectures as string[] | undefined) ?? [];
  const bio = labels.length > 0 && labels.every((l) => l === "O" || /^[BI]-./.test(l));
  if (!w || !bio || w.shape[0] !== labels.length || arch.some((a) => a.endsWith("ForSequenceClassification")))
    throw new PrognosError(
      `${dir}: not a token-classification model (needs classifier.weight with one row per BIO label in config.json id2label, as BertForTokenClassification); train one with \`prognos ner train\``,
    );
  const saved = extra[NER_KEY] as { maxLength?: number } | undefined;
  const maxLength = Math.min(saved?.maxLength ?? 512, checkpoint.config.max_position_embeddings);
  return { checkpoint, head: { labels, maxLength } };
}
