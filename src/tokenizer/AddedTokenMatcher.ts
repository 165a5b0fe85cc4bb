import type { AddedToken } from "./AddedToken.ts";

const WORD_CHAR = /[\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\p{Join_Control}]/u;

/**
 * Finds added tokens in a text, leftmost-longest and non-overlapping as tokenizers' AddedVocabulary does (an
 * Aho–Corasick automaton in LeftmostLongest mode): at the first position where some token matches, the
 * longest one wins, and the search goes on after it. A `singleWord` token found inside a word is skipped
 * (and its characters stay ordinary text), as there.
 */
export class AddedTokenMatcher {
  /** Candidates by first UTF-16 unit, longest first. */
  private readonly byFirstUnit = new Map<number, Array<{ text: string; token: AddedToken }>>();

  /** `patterns` pairs the string to look for (raw or normalized content) with its token. */
  constructor(patterns: Array<{ text: string; token: AddedToken }>) {
    for (const p of patterns) {
      if (p.text.length === 0) continue;
      const first = p.text.charCodeAt(0);
      let list = this.byFirstUnit.get(first);
      if (!list) {
        list = [];
        this.byFirstUnit.set(first, list);
      }
      list.push(p);
    }
    for (const list of this.byFirstUnit.values()) list.sort((a, b) => b.text.length - a.text.length);
  }

  get isEmpty(): boolean {
    return this.byFirstUnit.size === 0;
  }

  /** Calls `onText` for each stretch between matches (never empty) and `onToken` for each match, in order. */
  split(text: string, onText: (piece: string) => void, onToken: (token: AddedToken) => void): void {
    if (this.byFirstUnit.size === 0) {
      if (text.length > 0) onText(text);
      return;
    }
    const n = text.length;
    let kept = 0;
    let i = 0;
    while (i < n) {
      const candidates = this.byFirstUnit.get(text.charCodeAt(i));
      let found: { text: string; token: AddedToken } | undefined;
      if (candidates) {
        for (const c of candidates) {
          if (text.startsWith(c.text, i)) {
            found = c;
            break;
          }
        }
      }
      if (!found) {
        i++;
        continue;
      }
      const end = i + found.text.length;
      if (found.token.singleWord && (endsWithWordChar(text, i) || startsWithWordChar(text, end))) {
        i = end;
        continue;
      }
      if (kept < i) onText(text.slice(kept, i));
      onToken(found.token);
      kept = end;
      i = end;
    }
    if (kept < n) onText(text.slice(kept));
  }
}

function endsWithWordChar(text: string, end: number): boolean {
  if (end === 0) return false;
  const cp = text.codePointAt(end - 1)!;
  const start = cp >= 0xdc00 && cp <= 0xdfff && end >= 2 ? end - 2 : end - 1;
  return WORD_CHAR.test(String.fromCodePoint(text.codePointAt(start)!));
}

function startsWithWordChar(text: string, start: number): boolean {
  if (start >= text.length) return false;
  return WORD_CHAR.test(String.fromCodePoint(text.codePointAt(start)!));
}
