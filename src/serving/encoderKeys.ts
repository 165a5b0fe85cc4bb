import { createHash } from "node:crypto";
import type { Checkpoint } from "../checkpoint/Checkpoint.ts";
import { architectureOf } from "../models/bert/BertEncoderModel.ts";
import type { ModelHead } from "../models/heads/ModelHead.ts";
import type { BertTokenizer } from "../tokenizer/BertTokenizer.ts";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/**
 * What decides how a note becomes token-id windows, by content: the tokenizer (vocabulary, normalizer, special and
 * added tokens), the head's max length and long-note policy. Models with equal keys can share one tokenization of
 * a note (docs/predict.md).
 */
export function readingKey(tokenizer: BertTokenizer, head: ModelHead): string {
  const s = tokenizer.spec;
  return sha256(
    JSON.stringify({
      vocab: [...s.vocab],
      idToToken: s.idToToken,
      unk: s.unkToken,
      prefix: s.continuingSubwordPrefix,
      maxChars: s.maxInputCharsPerWord,
      normalizer: s.normalizer,
      added: s.addedTokens,
      template: s.template,
      special: s.specialTokens,
      maxLength: head.maxLength,
      longNotes: head.longNotes,
    }),
  );
}

/**
 * What decides an encoder's output for the same windows, by content and never by path: the architecture and pad
 * token of config.json, and a SHA-256 over every encoder weight (name, shape and float32 bytes; the pooler's
 * included). Models with equal reading keys and equal encoder keys — such as heads trained on one frozen encoder —
 * can share one encoder pass. Hashes the weights once (about 1 s per 400 MB).
 */
export function encoderKey(checkpoint: Checkpoint): string {
  const h = createHash("sha256");
  const pad = checkpoint.config.extra.pad_token_id;
  h.update(JSON.stringify({ architecture: architectureOf(checkpoint.config), pad: pad ?? null }));
  const weights = checkpoint.weights;
  for (const name of [...weights.keys()].sort()) {
    const w = weights.get(name)!;
    h.update(`\0${name}\0${w.shape.join(",")}\0`);
    h.update(new Uint8Array(w.data.buffer, w.data.byteOffset, w.data.byteLength));
  }
  return h.digest("hex");
}
