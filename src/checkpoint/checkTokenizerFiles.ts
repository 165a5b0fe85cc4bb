import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { readJsonFile } from "../util/readJsonFile.ts";
import type { FileInfo } from "./CheckpointFiles.ts";

/** Reads what a tokenizer folder says about casing, cheaply (files only; the tokenizer itself lives elsewhere). */
export interface TokenizerCasing {
  /** The vocabulary file looked at (vocab.txt, else tokenizer.json), or undefined when there is none. */
  vocabFile?: string;
  vocabSize: number;
  /** Non-special tokens containing an upper-case letter. */
  casedTokens: number;
  /** do_lower_case as the folder sets it (tokenizer_config.json, else tokenizer.json's normalizer), if it does. */
  doLowerCase?: boolean;
}

const CASED_SHARE = 0.01;

/**
 * Warnings about the tokenizer files of a model folder: none at all, or a cased vocabulary that Hugging Face's
 * BertTokenizer would lower-case (do_lower_case defaults to true; CORe and BioBERT are cased), or the reverse.
 */
export async function checkTokenizerFiles(
  dir: string,
  files: FileInfo[],
): Promise<{ casing: TokenizerCasing; warnings: string[]; tokens?: string[] }> {
  const has = (n: string) => files.some((f) => f.name === n);
  const warnings: string[] = [];
  const casing: TokenizerCasing = { vocabSize: 0, casedTokens: 0 };
  const readJson = (name: string): Record<string, unknown> | undefined => {
    try {
      const v = readJsonFile(join(dir, name));
      return typeof v === "object" && v !== null ? (v as Record<string, unknown>) : undefined;
    } catch (e) {
      warnings.push((e as Error).message); // names the file: "<path>: malformed JSON at line 3, column 5: …"
      return undefined;
    }
  };

  let tokens: string[] | undefined;
  let tokenizerJson: Record<string, unknown> | undefined;
  if (has("tokenizer.json")) tokenizerJson = readJson("tokenizer.json");
  if (has("vocab.txt")) {
    casing.vocabFile = "vocab.txt";
    tokens = (await readFile(join(dir, "vocab.txt"), "utf8")).split(/\r?\n/).filter((t) => t !== "");
  } else if (tokenizerJson) {
    const vocab = (tokenizerJson.model as { vocab?: unknown } | undefined)?.vocab;
    if (vocab && typeof vocab === "object") {
      casing.vocabFile = "tokenizer.json";
      tokens = Object.keys(vocab);
    }
  }
  if (!tokens) {
    warnings.push(`${dir}: no vocab.txt or tokenizer.json: the model cannot tokenize text`);
    return { casing, warnings };
  }
  casing.vocabSize = tokens.length;
  casing.casedTokens = tokens.filter((t) => !/^\[.*\]$/.test(t) && /\p{Lu}/u.test(t)).length;

  const config = has("tokenizer_config.json") ? readJson("tokenizer_config.json") : undefined;
  if (typeof config?.do_lower_case === "boolean") casing.doLowerCase = config.do_lower_case;
  else {
    const lowercase = (tokenizerJson?.normalizer as { lowercase?: unknown } | undefined)?.lowercase;
    if (typeof lowercase === "boolean") casing.doLowerCase = lowercase;
  }

  const cased = casing.casedTokens >= Math.max(1, CASED_SHARE * casing.vocabSize);
  const share = `${casing.casedTokens} of ${casing.vocabSize} tokens have capitals`;
  if (cased && casing.doLowerCase === undefined) {
    warnings.push(
      `${join(dir, casing.vocabFile!)} looks cased (${share}) but no tokenizer_config.json sets do_lower_case: ` +
        `Hugging Face's BertTokenizer then lower-cases the text (default true) and never produces those tokens; ` +
        `add {"do_lower_case": false} if the model is cased`,
    );
  } else if (cased && casing.doLowerCase === true) {
    warnings.push(`${join(dir, casing.vocabFile!)} looks cased (${share}) but do_lower_case is true`);
  } else if (!cased && casing.doLowerCase === false && casing.vocabSize > 0) {
    warnings.push(
      `${join(dir, casing.vocabFile!)} looks uncased but do_lower_case is false: capitalised words become [UNK]`,
    );
  }
  return { casing, warnings, tokens };
}
