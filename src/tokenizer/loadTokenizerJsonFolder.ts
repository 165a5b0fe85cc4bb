import { stat } from "node:fs/promises";
import { join } from "node:path";
import { PrognosError } from "../util/errors.ts";
import { isObject, readJsonObject } from "../util/readJsonFile.ts";
import type { AddedToken } from "./AddedToken.ts";
import type { BertNormalizerOptions } from "./BertNormalizer.ts";
import { optionalBoolean, specialTokenSetting } from "./jsonSettings.ts";
import { readPostProcessorTemplate } from "./readPostProcessorTemplate.ts";
import { casedTokenCount, type SpecialTokenNames, type TokenizerSpec } from "./TokenizerSpec.ts";

/**
 * Reads a "fast" folder: tokenizer.json (a WordPiece model, a BertNormalizer or none, BertPreTokenizer,
 * BertProcessing / TemplateProcessing / no post-processor, added tokens) and, when present,
 * tokenizer_config.json for the special-token names. When tokenizer_config.json sets do_lower_case,
 * strip_accents or tokenize_chinese_chars differently from tokenizer.json's normalizer, the config wins, as in
 * transformers' BertTokenizerFast (with a warning).
 */
export async function loadTokenizerJsonFolder(dir: string): Promise<TokenizerSpec> {
  const path = join(dir, "tokenizer.json");
  const files = [path];
  const warnings: string[] = [];
  const json = readJsonObject(path, "tokenizer.json");
  const fail = (message: string): never => {
    throw new PrognosError(`malformed tokenizer.json: ${message}`, { file: path });
  };
  const unsupported = (message: string): never => {
    throw new PrognosError(`unsupported tokenizer.json: ${message}`, { file: path });
  };

  const model = json.model;
  if (!isObject(model)) fail(`no "model" object`);
  const m = model as Record<string, unknown>;
  if (m.type !== "WordPiece")
    unsupported(`model.type is ${JSON.stringify(m.type)}; Prognos reads WordPiece (BERT-family) tokenizers only`);
  if (!isObject(m.vocab)) fail(`model.vocab must be an object of token → id`);
  const vocab = new Map<string, number>();
  const idToToken: string[] = [];
  for (const [token, id] of Object.entries(m.vocab as Record<string, unknown>)) {
    if (!Number.isInteger(id) || (id as number) < 0)
      fail(`model.vocab[${JSON.stringify(token)}] is ${JSON.stringify(id)}, expected an integer ≥ 0`);
    vocab.set(token, id as number);
    idToToken[id as number] = token;
  }
  if (vocab.size === 0) fail("model.vocab is empty");
  const unkToken = stringOr(m.unk_token, "[UNK]", "model.unk_token", fail);
  const prefix = stringOr(m.continuing_subword_prefix, "##", "model.continuing_subword_prefix", fail);
  const maxChars = m.max_input_chars_per_word ?? 100;
  if (!Number.isInteger(maxChars) || (maxChars as number) < 0)
    fail(`model.max_input_chars_per_word is ${JSON.stringify(maxChars)}, expected an integer ≥ 0`);
  if (!vocab.has(unkToken))
    throw new PrognosError(`the vocabulary has no ${JSON.stringify(unkToken)} token (model.unk_token)`, { file: path });

  let normalizer: BertNormalizerOptions | null = null;
  let lowercaseSet = true;
  const n = json.normalizer;
  if (n !== null && n !== undefined) {
    if (!isObject(n) || n.type !== "BertNormalizer")
      unsupported(`normalizer ${JSON.stringify(isObject(n) ? n.type : n)}; Prognos supports BertNormalizer or none`);
    const nb = n as Record<string, unknown>;
    const lowercase = optionalBoolean(nb, "lowercase", path);
    lowercaseSet = lowercase !== undefined;
    normalizer = {
      cleanText: optionalBoolean(nb, "clean_text", path) ?? true,
      handleChineseChars: optionalBoolean(nb, "handle_chinese_chars", path) ?? true,
      lowercase: lowercase ?? true,
      stripAccents: optionalBoolean(nb, "strip_accents", path) ?? lowercase ?? true,
    };
  }
  const pre = json.pre_tokenizer;
  if (!isObject(pre) || pre.type !== "BertPreTokenizer")
    unsupported(
      `pre_tokenizer ${JSON.stringify(isObject(pre) ? pre.type : pre)}; Prognos supports BertPreTokenizer only`,
    );

  const addedTokens: AddedToken[] = [];
  const addedList = json.added_tokens ?? [];
  if (!Array.isArray(addedList)) fail(`"added_tokens" must be a list`);
  for (const [i, t] of (addedList as unknown[]).entries()) {
    if (!isObject(t) || !Number.isInteger(t.id) || (t.id as number) < 0 || typeof t.content !== "string")
      fail(`added_tokens[${i}] must have an integer "id" and a string "content"`);
    const a = t as Record<string, unknown>;
    const special = a.special === true;
    addedTokens.push({
      id: a.id as number,
      content: a.content as string,
      singleWord: a.single_word === true,
      lstrip: a.lstrip === true,
      rstrip: a.rstrip === true,
      normalized: typeof a.normalized === "boolean" ? a.normalized : !special,
      special,
    });
    idToToken[a.id as number] = a.content as string;
  }

  const template = readPostProcessorTemplate(json.post_processor, fail, unsupported);
  const templateSpecials = template.single.filter((p) => p.kind === "special");

  const configPath = join(dir, "tokenizer_config.json");
  let config: Record<string, unknown> = {};
  if (
    await stat(configPath).then(
      (s) => s.isFile(),
      () => false,
    )
  ) {
    files.push(configPath);
    config = readJsonObject(configPath, "tokenizer config");
  }
  const setting = (key: string, fallback: string | null) => specialTokenSetting(config, key, configPath) ?? fallback;
  const names: SpecialTokenNames = {
    cls: setting("cls_token", templateSpecials[0]?.token ?? "[CLS]")!,
    sep: setting("sep_token", templateSpecials.at(-1)?.token ?? "[SEP]")!,
    unk: setting("unk_token", unkToken)!,
    pad: setting("pad_token", "[PAD]"),
    mask: setting("mask_token", "[MASK]"),
  };
  for (const [role, token] of [
    ["cls_token", names.cls],
    ["sep_token", names.sep],
    ["unk_token", names.unk],
  ] as const) {
    if (!vocab.has(token) && !addedTokens.some((t) => t.content === token))
      throw new PrognosError(`the vocabulary has no ${JSON.stringify(token)} token, which BERT needs as its ${role}`, {
        file: path,
      });
  }
  for (const piece of [...template.single, ...template.pair]) {
    if (piece.kind === "special")
      for (const id of piece.ids)
        if (idToToken[id] === undefined)
          fail(`post_processor adds ${piece.token} with id ${id}, which is not in the vocabulary`);
  }

  if (normalizer) applyConfigOverrides(normalizer, config, configPath, lowercaseSet, vocab, warnings, dir);
  return {
    format: "tokenizer.json",
    files,
    vocab,
    idToToken,
    unkToken,
    continuingSubwordPrefix: prefix,
    maxInputCharsPerWord: maxChars as number,
    normalizer,
    addedTokens,
    template,
    specialTokens: names,
    warnings,
  };
}

/** transformers' BertTokenizerFast rebuilds the normalizer when tokenizer_config.json says otherwise. */
function applyConfigOverrides(
  normalizer: BertNormalizerOptions,
  config: Record<string, unknown>,
  configPath: string,
  lowercaseSet: boolean,
  vocab: Map<string, number>,
  warnings: string[],
  dir: string,
): void {
  const doLowerCase = optionalBoolean(config, "do_lower_case", configPath);
  const strip = optionalBoolean(config, "strip_accents", configPath);
  const cjk = optionalBoolean(config, "tokenize_chinese_chars", configPath);
  const overridden: string[] = [];
  if (doLowerCase !== undefined && doLowerCase !== normalizer.lowercase) {
    normalizer.lowercase = doLowerCase;
    normalizer.stripAccents = strip ?? doLowerCase;
    overridden.push(`do_lower_case=${doLowerCase}`);
  }
  if (strip !== undefined && strip !== normalizer.stripAccents) {
    normalizer.stripAccents = strip;
    overridden.push(`strip_accents=${strip}`);
  }
  if (cjk !== undefined && cjk !== normalizer.handleChineseChars) {
    normalizer.handleChineseChars = cjk;
    overridden.push(`tokenize_chinese_chars=${cjk}`);
  }
  if (overridden.length > 0)
    warnings.push(
      `${configPath}: ${overridden.join(", ")} disagrees with tokenizer.json's normalizer; the config wins, as in Hugging Face's BertTokenizerFast`,
    );
  if (doLowerCase === undefined && !normalizer.lowercase)
    warnings.push(
      `${dir}: tokenizer.json does not lower-case but no tokenizer_config.json sets "do_lower_case"; Prognos follows tokenizer.json, while transformers' BertTokenizerFast would default do_lower_case to true and lower-case; add "do_lower_case": false to tokenizer_config.json to make this unambiguous`,
    );
  if (doLowerCase === undefined && !lowercaseSet && normalizer.lowercase) {
    const { count, cased } = casedTokenCount(vocab);
    if (cased)
      warnings.push(
        `${dir}: neither tokenizer.json nor tokenizer_config.json sets lower-casing, so text is lower-cased (Hugging Face's default), but the vocabulary looks cased (${count} of ${vocab.size} tokens have upper-case letters); if the model is cased, add "do_lower_case": false to tokenizer_config.json`,
      );
  }
}

function stringOr(v: unknown, fallback: string, what: string, fail: (m: string) => never): string {
  if (v === undefined || v === null) return fallback;
  if (typeof v !== "string") fail(`${what} must be a string, got ${JSON.stringify(v)}`);
  return v as string;
}
