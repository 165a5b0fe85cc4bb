import { createHash } from "node:crypto";
import type { CatalogueModel, ModelCatalogue, Vocabulary } from "./catalogueSchema.ts";

/** What the catalogue can tell from a folder's vocabulary (docs/catalogue.md#fingerprints). */
export interface VocabularyIdentification {
  size: number;
  /** SHA-256 of the token list, one token a line with LF endings (vocab.txt's form). */
  sha256: string;
  cased: boolean;
  /** The catalogue vocabularies it matches, and how: by hash, or by size, casing and sample tokens. */
  vocabularies: Array<{
    key: string;
    name: string;
    matchedBy: "sha256" | "size, casing and sample tokens" | "size and casing";
  }>;
  /** Catalogue vocabularies of the same size ruled out by their hash. */
  ruledOut: string[];
  /** Catalogue models that use a matching vocabulary. */
  models: Array<{ key: string; name: string; hubId: string | null }>;
  /** One sentence: what the vocabulary says, and what it cannot say. */
  verdict: string;
}

/** The hash the catalogue stores for a vocabulary: SHA-256 of "token\n" for each token in id order. */
export function vocabularySha256(tokens: readonly string[]): string {
  const h = createHash("sha256");
  for (const t of tokens) h.update(`${t}\n`);
  return h.digest("hex");
}

/** Tokens other than [..] specials with a capital letter; cased when ≥ 1% have one (as checkTokenizerFiles). */
export function looksCased(tokens: readonly string[]): boolean {
  const n = tokens.filter((t) => !/^\[.*\]$/.test(t) && /\p{Lu}/u.test(t)).length;
  return n >= Math.max(1, 0.01 * tokens.length);
}

const list = (names: string[]) =>
  names.length <= 2 ? names.join(" and ") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;

/**
 * Matches a token list against the catalogue's vocabularies: by hash where the catalogue has one, else by size,
 * casing and sample tokens. Never guesses between models that share a vocabulary: it names them all and says so.
 */
export function identifyVocabulary(tokens: readonly string[], catalogue: ModelCatalogue): VocabularyIdentification {
  const size = tokens.length;
  const sha256 = vocabularySha256(tokens);
  const cased = looksCased(tokens);
  const samplesMatch = (v: Vocabulary) =>
    Object.entries(v.samples ?? {}).every(([id, token]) => tokens[Number(id)] === token);
  const vocabularies: VocabularyIdentification["vocabularies"] = [];
  const ruledOut: string[] = [];
  for (const v of catalogue.vocabularies) {
    if (v.sha256 === sha256) vocabularies.push({ key: v.key, name: v.name, matchedBy: "sha256" });
    else if (v.size === size && v.sha256 !== undefined) ruledOut.push(v.key);
  }
  if (vocabularies.length === 0) {
    for (const v of catalogue.vocabularies) {
      if (v.sha256 !== undefined || v.size !== size || v.cased !== cased || !samplesMatch(v)) continue;
      const matchedBy = v.samples ? "size, casing and sample tokens" : "size and casing";
      vocabularies.push({ key: v.key, name: v.name, matchedBy });
    }
  }
  const keys = new Set(vocabularies.map((v) => v.key));
  const models = catalogue.models
    .filter((m: CatalogueModel) => m.vocabulary !== null && keys.has(m.vocabulary))
    .map((m) => ({ key: m.key, name: m.name, hubId: m.hubId }));
  return { size, sha256, cased, vocabularies, ruledOut, models, verdict: verdict() };

  function verdict(): string {
    const what = `${size.toLocaleString("en-US")} tokens, ${cased ? "cased" : "uncased"}`;
    const ruled = ruledOut.length > 0 ? `; not ${list(ruledOut)} (same size, different tokens)` : "";
    if (vocabularies.length === 0) return `${what}: no vocabulary of the catalogue matches${ruled}`;
    const v = vocabularies[0]!;
    const how = v.matchedBy === "sha256" ? "identical to" : `consistent with (by ${v.matchedBy}; no copy to hash)`;
    const head = `${what}: ${how} ${list(vocabularies.map((x) => x.name))}`;
    if (models.length === 0) return `${head}${ruled}; no catalogue model uses it`;
    const names = list(models.map((m) => m.name));
    if (models.length === 1) return `${head}${ruled}; used by ${names}`;
    return `${head}${ruled}; used by ${models.length} catalogue models (${names}), which share it and cannot be told apart by their vocabulary`;
  }
}
