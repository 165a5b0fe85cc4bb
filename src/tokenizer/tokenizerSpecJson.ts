import type { TokenizerSpec } from "./TokenizerSpec.ts";

/** A TokenizerSpec as JSON: the vocabulary as [token, id] pairs, id → token with null for ids without a token. */
export type TokenizerSpecJson = Omit<TokenizerSpec, "vocab" | "idToToken" | "files" | "warnings"> & {
  vocab: [string, number][];
  idToToken: (string | null)[];
};

/**
 * What a BertTokenizer needs, as JSON: the page's in-browser mode ships it, so that the page tokenizes with the same
 * code and data as the server (docs/serving.md). The files it came from and its warnings stay behind.
 */
export function tokenizerSpecToJson(spec: TokenizerSpec): TokenizerSpecJson {
  const { vocab, idToToken, files: _files, warnings: _warnings, ...rest } = spec;
  return { ...rest, vocab: [...vocab], idToToken: Array.from(idToToken, (t) => t ?? null) };
}

/** The TokenizerSpec back from its JSON (`new BertTokenizer(spec)` takes it). */
export function tokenizerSpecFromJson(json: TokenizerSpecJson): TokenizerSpec {
  const idToToken: string[] = [];
  json.idToToken.forEach((t, id) => {
    if (t !== null) idToToken[id] = t;
  });
  idToToken.length = json.idToToken.length;
  return { ...json, vocab: new Map(json.vocab), idToToken, files: [], warnings: [] };
}
