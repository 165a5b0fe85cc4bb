// Hugging Face tokenizer folders for the tests, written to a temporary directory: the committed vocab.txt
// folders as they are, and the tokenizer.json that transformers' BertConverter (convert_slow_tokenizer.py)
// makes from them — the "fast" flavour a Hub folder ships.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface BertJsonOptions {
  lowercase: boolean;
  /** null: follow lowercase. */
  stripAccents?: boolean | null;
  handleChineseChars?: boolean;
  /** Omit "lowercase" from the normalizer (tokenizers then defaults it to true). */
  omitLowercase?: boolean;
}

/** tokenizer.json as BertConverter writes it for a vocab.txt and BERT's default special tokens. */
export function bertTokenizerJson(vocab: string[], options: BertJsonOptions): Record<string, unknown> {
  const ids: Record<string, number> = {};
  vocab.forEach((t, i) => {
    ids[t] = i;
  });
  const special = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    .filter((t) => t in ids)
    .sort((a, b) => ids[a] - ids[b]);
  const normalizer: Record<string, unknown> = {
    type: "BertNormalizer",
    clean_text: true,
    handle_chinese_chars: options.handleChineseChars ?? true,
    strip_accents: options.stripAccents ?? null,
    lowercase: options.lowercase,
  };
  if (options.omitLowercase) delete normalizer.lowercase;
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: special.map((content) => ({
      id: ids[content],
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer,
    pre_tokenizer: { type: "BertPreTokenizer" },
    post_processor: {
      type: "TemplateProcessing",
      single: [
        { SpecialToken: { id: "[CLS]", type_id: 0 } },
        { Sequence: { id: "A", type_id: 0 } },
        { SpecialToken: { id: "[SEP]", type_id: 0 } },
      ],
      pair: [
        { SpecialToken: { id: "[CLS]", type_id: 0 } },
        { Sequence: { id: "A", type_id: 0 } },
        { SpecialToken: { id: "[SEP]", type_id: 0 } },
        { Sequence: { id: "B", type_id: 1 } },
        { SpecialToken: { id: "[SEP]", type_id: 1 } },
      ],
      special_tokens: {
        "[CLS]": { id: "[CLS]", ids: [ids["[CLS]"]], tokens: ["[CLS]"] },
        "[SEP]": { id: "[SEP]", ids: [ids["[SEP]"]], tokens: ["[SEP]"] },
      },
    },
    decoder: { type: "WordPiece", prefix: "##", cleanup: true },
    model: {
      type: "WordPiece",
      unk_token: "[UNK]",
      continuing_subword_prefix: "##",
      max_input_chars_per_word: 100,
      vocab: ids,
    },
  };
}

export function readVocab(dir: string): string[] {
  const lines = readFileSync(join(dir, "vocab.txt"), "utf8").split("\n");
  lines.pop();
  return lines;
}

/** A scratch directory removed by `cleanup()`. */
export function scratch(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "prognos-tokenizer-"));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes `files` (name → text or JSON value) into a new folder under `root`. */
export function writeFolder(root: string, name: string, files: Record<string, string | object>): string {
  const dir = join(root, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [file, content] of Object.entries(files))
    writeFileSync(join(dir, file), typeof content === "string" ? content : JSON.stringify(content));
  return dir;
}
