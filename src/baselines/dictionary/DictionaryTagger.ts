import { CONCEPT_TYPES } from "../../sources/i2b2/conceptLine.ts";
import { PrognosError } from "../../util/errors.ts";
import { readJsonFile } from "../../util/readJsonFile.ts";

/**
 * The dictionary-lookup baseline (docs/ner.md#baseline): term lists by concept type, matched on whitespace tokens
 * case-insensitively, longest match first, left to right, non-overlapping. It tags every occurrence of a listed term,
 * whatever its context, and nothing else.
 */
export class DictionaryTagger {
  /** Terms as token arrays (lower case) → type, grouped by first token. */
  private readonly byFirst = new Map<string, { tokens: string[]; type: string }[]>();

  constructor(terms: Readonly<Record<string, readonly string[]>>) {
    for (const [type, list] of Object.entries(terms)) {
      for (const term of list) {
        const tokens = term.toLowerCase().split(/\s+/).filter(Boolean);
        if (tokens.length === 0) continue;
        const group = this.byFirst.get(tokens[0]!) ?? [];
        group.push({ tokens, type });
        this.byFirst.set(tokens[0]!, group);
      }
    }
    for (const g of this.byFirst.values()) g.sort((a, b) => b.tokens.length - a.tokens.length);
  }

  /** Reads a terms.json ({"problem": [...], "test": [...], "treatment": [...]}, as `synth i2b2` writes it). */
  static fromFile(file: string): DictionaryTagger {
    const json = readJsonFile(file) as unknown;
    if (typeof json !== "object" || json === null || Array.isArray(json))
      throw new PrognosError("expected an object of term lists by concept type", { file });
    for (const [type, list] of Object.entries(json)) {
      if (!(CONCEPT_TYPES as readonly string[]).includes(type))
        throw new PrognosError(`unknown concept type "${type}" (expected ${CONCEPT_TYPES.join(", ")})`, { file });
      if (!Array.isArray(list) || list.some((x) => typeof x !== "string"))
        throw new PrognosError(`"${type}" must be a list of strings`, { file });
    }
    return new DictionaryTagger(json as Record<string, string[]>);
  }

  /** IOB2 tags of one sentence's tokens. */
  tag(tokens: readonly string[]): string[] {
    const lower = tokens.map((t) => t.toLowerCase());
    const tags = tokens.map(() => "O");
    for (let i = 0; i < lower.length; ) {
      const hit = (this.byFirst.get(lower[i]!) ?? []).find((c) => c.tokens.every((w, k) => lower[i + k] === w));
      if (!hit) {
        i += 1;
        continue;
      }
      hit.tokens.forEach((_, k) => {
        tags[i + k] = `${k === 0 ? "B" : "I"}-${hit.type}`;
      });
      i += hit.tokens.length;
    }
    return tags;
  }
}
