import { stat } from "node:fs/promises";
import { join } from "node:path";
import { PrognosError } from "../util/errors.ts";
import { isObject, readJsonObject } from "../util/readJsonFile.ts";
import { readUtf8File } from "../util/readUtf8File.ts";
import type { AddedToken } from "./AddedToken.ts";
import { optionalBoolean, specialTokenSetting } from "./jsonSettings.ts";
import { parseVocabTxt } from "./parseVocabTxt.ts";
import { bertTemplate } from "./SpecialTokensTemplate.ts";
import { casedTokenCount, type SpecialTokenNames, type TokenizerSpec } from "./TokenizerSpec.ts";

async function readOptionalJson(path: string, what: string, files: string[]): Promise<Record<string, unknown>> {
  const exists = await stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
  if (!exists) return {};
  files.push(path);
  return readJsonObject(path, what);
}

/**
 * Reads a "slow" BERT folder: vocab.txt plus, when present, tokenizer_config.json (do_lower_case — true when
 * absent, as in Hugging Face —, strip_accents, tokenize_chinese_chars, special tokens, added_tokens_decoder),
 * special_tokens_map.json and added_tokens.json. Settings and special tokens follow what transformers'
 * BertTokenizer does with the same files.
 */
export async function loadVocabTxtFolder(dir: string): Promise<TokenizerSpec> {
  const vocabPath = join(dir, "vocab.txt");
  const files = [vocabPath];
  const warnings: string[] = [];
  const text = await readUtf8File(vocabPath, "vocabulary");
  const { vocab, idToToken, duplicates } = parseVocabTxt(text);
  if (vocab.size === 0) throw new PrognosError("vocabulary is empty", { file: vocabPath });
  if (text.charCodeAt(0) === 0xfeff)
    warnings.push(
      `${vocabPath}: starts with a byte-order mark, which Hugging Face keeps as part of the first token ${JSON.stringify(idToToken[0])}; save the file without it`,
    );
  if (duplicates.length > 0)
    warnings.push(
      `${vocabPath}: ${duplicates.length} token(s) appear twice (first: ${JSON.stringify(duplicates[0].token)} on lines ${duplicates[0].lines.join(" and ")}); the later line's id is used, as in Hugging Face`,
    );

  const configPath = join(dir, "tokenizer_config.json");
  const config = await readOptionalJson(configPath, "tokenizer config", files);
  const mapPath = join(dir, "special_tokens_map.json");
  const map = await readOptionalJson(mapPath, "special tokens map", files);
  const addedPath = join(dir, "added_tokens.json");
  const addedJson = await readOptionalJson(addedPath, "added tokens file", files);

  // tokenizer_config.json wins over special_tokens_map.json, as in transformers' from_pretrained.
  const setting = (key: string, fallback: string | null): string | null =>
    specialTokenSetting(config, key, configPath) ?? specialTokenSetting(map, key, mapPath) ?? fallback;
  const names: SpecialTokenNames = {
    cls: setting("cls_token", "[CLS]")!,
    sep: setting("sep_token", "[SEP]")!,
    unk: setting("unk_token", "[UNK]")!,
    pad: setting("pad_token", "[PAD]"),
    mask: setting("mask_token", "[MASK]"),
  };

  const doLowerCase = optionalBoolean(config, "do_lower_case", configPath);
  const lowercase = doLowerCase ?? true;
  if (doLowerCase === undefined) {
    const { count, cased } = casedTokenCount(vocab);
    if (cased)
      warnings.push(
        `${dir}: no "do_lower_case" in tokenizer_config.json, so text is lower-cased (Hugging Face's default), but vocab.txt looks cased (${count} of ${vocab.size} tokens have upper-case letters, as in cased models such as BioBERT or CORe); if the model is cased, add "do_lower_case": false to tokenizer_config.json`,
      );
  }
  const stripAccents = optionalBoolean(config, "strip_accents", configPath) ?? lowercase;
  // Options only transformers' slow BasicTokenizer honours; BertTokenizerFast (and Prognos) ignore them.
  const neverSplit = config.never_split;
  if (optionalBoolean(config, "do_split_on_punc", configPath) === false)
    warnings.push(
      `${configPath}: "do_split_on_punc": false is ignored: punctuation is split, as in BertTokenizerFast (only the slow BertTokenizer honours it)`,
    );
  if (Array.isArray(neverSplit) && neverSplit.length > 0)
    warnings.push(
      `${configPath}: "never_split" (${neverSplit.length} entries) is ignored, as in BertTokenizerFast (only the slow BertTokenizer honours it)`,
    );
  const handleChineseChars = optionalBoolean(config, "tokenize_chinese_chars", configPath) ?? true;

  const added = new Map<string, AddedToken>();
  let nextId = idToToken.length;
  const add = (token: AddedToken) => {
    added.set(token.content, token);
    idToToken[token.id] = token.content;
    nextId = Math.max(nextId, token.id + 1);
  };
  // Tokens saved with explicit ids (transformers ≥ 4.34) ...
  const decoder = config.added_tokens_decoder;
  if (decoder !== undefined && decoder !== null) {
    if (!isObject(decoder)) throw new PrognosError(`"added_tokens_decoder" must be an object`, { file: configPath });
    for (const [key, value] of Object.entries(decoder)) {
      const id = Number(key);
      if (!Number.isInteger(id) || id < 0 || !isObject(value) || typeof value.content !== "string")
        throw new PrognosError(`"added_tokens_decoder" entry ${JSON.stringify(key)} is not {id: {"content": ...}}`, {
          file: configPath,
        });
      const special = value.special === true;
      add({
        id,
        content: value.content,
        singleWord: value.single_word === true,
        lstrip: value.lstrip === true,
        rstrip: value.rstrip === true,
        normalized: typeof value.normalized === "boolean" ? value.normalized : !special,
        special,
      });
    }
  }
  // ... and the legacy added_tokens.json ({"token": id}).
  for (const [content, id] of Object.entries(addedJson)) {
    if (!Number.isInteger(id) || (id as number) < 0)
      throw new PrognosError(`token ${JSON.stringify(content)} has id ${JSON.stringify(id)}; expected an integer ≥ 0`, {
        file: addedPath,
      });
    if (!added.has(content))
      add({
        id: id as number,
        content,
        singleWord: false,
        lstrip: false,
        rstrip: false,
        normalized: true,
        special: false,
      });
  }

  // Special tokens are never split. Missing [CLS]/[SEP]/[UNK] is fatal; others get new ids, as transformers does.
  const required = new Map([
    [names.unk, "unk_token"],
    [names.sep, "sep_token"],
    [names.cls, "cls_token"],
  ]);
  const extra = config.additional_special_tokens ?? map.additional_special_tokens ?? [];
  if (!Array.isArray(extra)) throw new PrognosError(`"additional_special_tokens" must be a list`, { file: configPath });
  const specials = [
    names.unk,
    names.sep,
    names.pad,
    names.cls,
    names.mask,
    ...extra.map((t) => (isObject(t) ? t.content : t)),
  ];
  for (const content of specials) {
    if (content === null || content === undefined) continue;
    if (typeof content !== "string")
      throw new PrognosError(`special token ${JSON.stringify(content)} is not a string`, { file: configPath });
    const known = added.get(content);
    if (known) {
      add({ ...known, special: true });
      continue;
    }
    let id = vocab.get(content);
    if (id === undefined) {
      const role = required.get(content);
      if (role !== undefined)
        throw new PrognosError(
          `the vocabulary has no ${JSON.stringify(content)} token, which BERT needs as its ${role}${config[role] !== undefined || map[role] !== undefined ? " (so named by the folder's config)" : ""}`,
          { file: vocabPath },
        );
      id = nextId;
      warnings.push(
        `${vocabPath}: no ${content} token in the vocabulary; it gets the new id ${id}, as in Hugging Face`,
      );
    }
    add({ id, content, singleWord: false, lstrip: false, rstrip: false, normalized: false, special: true });
  }

  const idOf = (token: string) => added.get(token)?.id ?? vocab.get(token)!;
  return {
    format: "vocab.txt",
    files,
    vocab,
    idToToken,
    unkToken: names.unk,
    continuingSubwordPrefix: "##",
    maxInputCharsPerWord: 100,
    normalizer: { cleanText: true, handleChineseChars, lowercase, stripAccents },
    addedTokens: [...added.values()],
    template: bertTemplate({ token: names.cls, id: idOf(names.cls) }, { token: names.sep, id: idOf(names.sep) }),
    specialTokens: names,
    warnings,
  };
}
