// Parity with transformers.js' BertTokenizer on every bundled MTSamples note, for the real bert-base-uncased
// vocabulary and the cased demo vocabulary: single texts, pairs, untruncated and truncated at 512.
//
// transformers.js truncates by cutting the joined sequence (it drops the final [SEP]), unlike transformers and
// tokenizers, so truncated references are built from its untruncated ids with Hugging Face's rule, restated
// here from its documentation: only the longer text loses tokens unless the shorter one is over half the
// budget; then both get half, the longer one (the second on a tie) the odd token.
import assert from "node:assert/strict";
import { test } from "node:test";
import { BertTokenizer } from "../../src/tokenizer/BertTokenizer.ts";
import { bertTokenizerJson, readVocab } from "./helpers/hfFolders.ts";
import { hasText, readMtSamples } from "./helpers/mtsamples.ts";
import { makeOracle } from "./helpers/oracle.ts";
import { CASED_DIR, UNCASED_DIR } from "./helpers/vocabularies.ts";

const MAX = 512;
const notes = readMtSamples();

function sameIds(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function referenceLengths(a: number, b: number, budget: number): [number, number] {
  if (a + b <= budget) return [a, b];
  const firstIsShorter = a <= b;
  const short = firstIsShorter ? a : b;
  const [keepShort, keepLong] =
    2 * short <= budget ? [short, budget - short] : [Math.floor(budget / 2), Math.ceil(budget / 2)];
  return firstIsShorter ? [keepShort, keepLong] : [keepLong, keepShort];
}

function referencePair(cls: number, sep: number, a: number[], b: number[], maxLength: number) {
  const [n1, n2] = referenceLengths(a.length, b.length, maxLength - 3);
  const ids = [cls, ...a.slice(0, n1), sep, ...b.slice(0, n2), sep];
  const types = [...Array(n1 + 2).fill(0), ...Array(n2 + 1).fill(1)];
  return { ids, types };
}

for (const [name, dir, lowercase] of [
  ["uncased (bert-base-uncased)", UNCASED_DIR, true],
  ["cased (demo vocabulary)", CASED_DIR, false],
] as const) {
  test(`${name}: identical input_ids to transformers.js on every MTSamples note`, async () => {
    const { tokenizer } = await BertTokenizer.fromFolder(dir);
    const oracle = makeOracle(bertTokenizerJson(readVocab(dir), { lowercase }), { do_lower_case: lowercase });
    const { cls, sep } = tokenizer.ids;
    const mismatches: string[] = [];
    const check = (ok: boolean, what: string) => {
      if (!ok && mismatches.length < 20) mismatches.push(what);
    };
    const counts = { transcription: 0, description: 0, skipped: 0, truncated: 0, pairs: 0, pairsCutBoth: 0 };
    const contentIds: number[][] = []; // each transcription's ids without [CLS]/[SEP]

    for (const note of notes) {
      for (const field of ["transcription", "description"] as const) {
        const text = note[field];
        if (!hasText(text)) {
          counts.skipped++;
          continue;
        }
        counts[field]++;
        const ref = oracle.encode(text).input_ids;
        check(sameIds(tokenizer.encode(text).inputIds, ref), `note ${note.note_id} ${field}`);
        const cut = ref.length <= MAX ? ref : [...ref.slice(0, MAX - 1), sep];
        if (ref.length > MAX) counts.truncated++;
        check(sameIds(tokenizer.encode(text, { maxLength: MAX }).inputIds, cut), `note ${note.note_id} ${field} @512`);
        if (field === "transcription") contentIds.push(ref.slice(1, -1));
      }
      if (hasText(note.description) && hasText(note.transcription)) {
        counts.pairs++;
        const ref = oracle.encode(note.description, note.transcription);
        const mine = tokenizer.encode(note.description, { textPair: note.transcription });
        check(sameIds(mine.inputIds, ref.input_ids), `note ${note.note_id} pair`);
        check(sameIds(mine.tokenTypeIds, ref.token_type_ids), `note ${note.note_id} pair token types`);
        const firstLength = ref.token_type_ids.indexOf(1) - 2;
        const a = ref.input_ids.slice(1, firstLength + 1);
        const b = ref.input_ids.slice(firstLength + 2, -1);
        const want = referencePair(cls, sep, a, b, MAX);
        const got = tokenizer.encode(note.description, { textPair: note.transcription, maxLength: MAX });
        check(
          sameIds(got.inputIds, want.ids) && sameIds(got.tokenTypeIds, want.types),
          `note ${note.note_id} pair @512`,
        );
      }
    }
    // Two long notes as a pair, so that both sides get cut (references from the single-text oracle ids).
    const texts = notes.map((n) => n.transcription).filter(hasText);
    for (let i = 0; i + 1 < texts.length; i += 2) {
      const [a, b] = [contentIds[i], contentIds[i + 1]];
      if (2 * Math.min(a.length, b.length) > MAX - 3) counts.pairsCutBoth++;
      const want = referencePair(cls, sep, a, b, MAX);
      const got = tokenizer.encode(texts[i], { textPair: texts[i + 1], maxLength: MAX });
      check(sameIds(got.inputIds, want.ids) && sameIds(got.tokenTypeIds, want.types), `transcriptions ${i}+${i + 1}`);
    }

    assert.deepEqual(mismatches, []);
    assert.equal(counts.transcription, 4096 - 33, "33 notes have no transcription");
    assert.equal(counts.description, 4096 - 5, "5 notes have no description");
    assert.equal(counts.skipped, 38);
    assert.equal(counts.pairs, 4096 - 38);
    assert.ok(counts.truncated > 1000, `${counts.truncated} notes longer than 512 tokens`);
    assert.ok(counts.pairsCutBoth > 300, `${counts.pairsCutBoth} pairs cut on both sides`);
  });
}
