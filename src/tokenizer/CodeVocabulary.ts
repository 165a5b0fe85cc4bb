import { writeFileSync } from "node:fs";
import { PrognosError } from "../util/errors.ts";
import { isObject, readJsonFile } from "../util/readJsonFile.ts";
import { writing } from "../util/writeError.ts";

/** The special codes every code vocabulary starts with (docs/medbert-method.md#input). */
export const CODE_SPECIALS = ["[PAD]", "[UNK]", "[MASK]"] as const;
export const PAD_ID = 0;
export const UNK_ID = 1;
export const MASK_ID = 2;

/** One entry of vocab.json. */
export interface CodeEntry {
  token: string;
  id: number;
  /** Occurrences in the data the vocabulary was built on (train split); 0 for the specials. */
  count: number;
}

/**
 * A code vocabulary as `prognos ehr build` writes it (vocab.json: [{token, id, count}], [PAD]=0, [UNK]=1,
 * [MASK]=2, then the codes). Models map codes by their token text through it, never by another folder's ids.
 */
export class CodeVocabulary {
  private readonly ids: Map<string, number>;

  constructor(readonly entries: readonly CodeEntry[]) {
    this.ids = new Map(entries.map((e) => [e.token, e.id]));
  }

  get size(): number {
    return this.entries.length;
  }

  /** The id of `token`, or [UNK] when the vocabulary lacks it. */
  idOf(token: string): number {
    return this.ids.get(token) ?? UNK_ID;
  }

  has(token: string): boolean {
    return this.ids.has(token);
  }

  tokenOf(id: number): string {
    const e = this.entries[id];
    if (!e) throw new PrognosError(`code id ${id} is outside the vocabulary (0…${this.size - 1})`);
    return e.token;
  }

  /** Ids of the codes proper (not [PAD], [UNK], [MASK]): the ones masking may substitute. */
  get firstCodeId(): number {
    return CODE_SPECIALS.length;
  }

  /**
   * A vocabulary over several count tables (token → count): the specials, then every token with a total count ≥
   * minCount, most frequent first, ties by token text (the order `ehr build` uses).
   */
  static fromCounts(counts: ReadonlyMap<string, number>, minCount = 1): CodeVocabulary {
    const codes = [...counts]
      .filter(([t, n]) => n >= minCount && !(CODE_SPECIALS as readonly string[]).includes(t))
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return new CodeVocabulary([
      ...CODE_SPECIALS.map((token, id) => ({ token, id, count: 0 })),
      ...codes.map(([token, count], i) => ({ token, id: CODE_SPECIALS.length + i, count })),
    ]);
  }

  /** Reads and checks vocab.json: ids 0…n−1 in order, the specials first, no token twice. */
  static read(path: string): CodeVocabulary {
    const raw = readJsonFile(path, "code vocabulary");
    if (!Array.isArray(raw))
      throw new PrognosError("malformed vocab.json: expected a JSON array of {token, id, count}", { file: path });
    const seen = new Set<string>();
    const entries = raw.map((e, i): CodeEntry => {
      if (!isObject(e) || typeof e.token !== "string" || e.id !== i || typeof e.count !== "number") {
        throw new PrognosError(
          `malformed vocab.json: entry ${i} must be {"token": text, "id": ${i}, "count": number}, got ${JSON.stringify(e)?.slice(0, 120)}`,
          { file: path },
        );
      }
      if (seen.has(e.token))
        throw new PrognosError(`malformed vocab.json: token ${JSON.stringify(e.token)} appears twice`, { file: path });
      seen.add(e.token);
      return { token: e.token, id: e.id, count: e.count };
    });
    CODE_SPECIALS.forEach((s, id) => {
      if (entries[id]?.token !== s)
        throw new PrognosError(
          `malformed vocab.json: id ${id} must be ${s}, got ${JSON.stringify(entries[id]?.token ?? null)}`,
          { file: path },
        );
    });
    return new CodeVocabulary(entries);
  }

  toJSON(): CodeEntry[] {
    return this.entries.map((e) => ({ token: e.token, id: e.id, count: e.count }));
  }

  write(path: string): void {
    writing(path, () => writeFileSync(path, `${JSON.stringify(this.toJSON())}\n`));
  }
}
