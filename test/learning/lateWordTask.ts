import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SeededRandom } from "../../src/util/SeededRandom.ts";
import { CONTEXT_WORDS, writeContextVocab } from "./contextTask.ts";

const FILLERS = CONTEXT_WORDS.slice(6, 17);

/**
 * A synthetic note task whose label-bearing word sits beyond the truncation point (docs/long-notes.md): every note is
 * `words` filler words (one word piece each); in half the notes, drawn at random, "sepsis" replaces one of them at a
 * position from `from` to the end. The label is whether "sepsis" is there. A model that reads only the first
 * `from` word pieces sees filler in both classes — the same words, the same length — and cannot tell them apart;
 * a model that reads the whole note needs only to find one word.
 */
export function lateWordNote(rng: SeededRandom, words: number, from: number): { text: string; label: 0 | 1 } {
  const note = Array.from({ length: words }, () => FILLERS[Math.floor(rng.next() * FILLERS.length)]!);
  const label = rng.next() < 0.5 ? 1 : 0;
  if (label) note[from + Math.floor(rng.next() * (words - from))] = "sepsis";
  return { text: note.join(" "), label };
}

/** Writes train/val/test.csv (id, text, hospital_expire_flag as the label) and a vocabulary folder. */
export function writeLateWordTask(
  dir: string,
  sizes: { train: number; val: number; test: number },
  shape: { words: number; from: number },
  seed: number,
) {
  const rng = SeededRandom.from(seed, "late-word-task");
  const task = join(dir, "task");
  mkdirSync(task, { recursive: true });
  for (const split of ["train", "val", "test"] as const) {
    const rows = ['"id","text","hospital_expire_flag"'];
    for (let i = 0; i < sizes[split]; i++) {
      const n = lateWordNote(rng, shape.words, shape.from);
      rows.push(`"${split}-${i}","${n.text}","${n.label}"`);
    }
    writeFileSync(join(task, `${split}.csv`), `${rows.join("\n")}\n`);
  }
  return { task, vocab: writeContextVocab(dir) };
}
