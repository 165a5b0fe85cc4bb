import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SeededRandom } from "../../src/util/SeededRandom.ts";

/**
 * A synthetic note task whose label depends on context that unigrams and bigrams cannot see: each note has three
 * sections in random order — the patient's own findings ("reports : a , b , c ."), negated ones ("denies : d , e ,
 * f .") and the family's ("family history : g , h .") — and the label is whether "sepsis" is among the patient's own
 * findings. "sepsis" appears in every note, in any section, with the same neighbours (":", ",", "."), and every note has
 * the same cue words and section sizes, so no word or word pair tells which section it is in; only the nearest cue
 * before it, several words away, does.
 */
export const CONTEXT_WORDS = [
  "patient",
  "reports",
  "denies",
  "family",
  "history",
  "sepsis",
  "fever",
  "cough",
  "rash",
  "nausea",
  "headache",
  "dyspnea",
  "fatigue",
  "syncope",
  "edema",
  "vomiting",
  "chills",
  ":",
  ",",
  ".",
];

const FILLERS = CONTEXT_WORDS.slice(6, 17);

export function contextNote(rng: SeededRandom): { text: string; label: 0 | 1 } {
  const pick = () => FILLERS[Math.floor(rng.next() * FILLERS.length)]!;
  const sections = [
    { cue: ["patient", "reports", ":"], items: [pick(), pick(), pick(), pick()] },
    { cue: ["patient", "denies", ":"], items: [pick(), pick(), pick(), pick()] },
    { cue: ["family", "history", ":"], items: [pick(), pick(), pick(), pick()] },
  ];
  // "sepsis" is in every note, in one section drawn uniformly: its presence says nothing.
  const target = Math.floor(rng.next() * 3);
  const s = sections[target]!;
  // Never first or last: its neighbours are always findings, also for a tokenizer that drops punctuation.
  s.items[1 + Math.floor(rng.next() * 2)] = "sepsis";
  for (let i = sections.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [sections[i], sections[j]] = [sections[j]!, sections[i]!];
  }
  const words = sections.flatMap((s) => [...s.cue, ...s.items.flatMap((w, i) => (i === 0 ? [w] : [",", w])), "."]);
  return { text: words.join(" "), label: target === 0 ? 1 : 0 };
}

/** Writes train/val/test.csv (id, text, hospital_expire_flag as the 0/1 label) and a vocabulary folder. */
export function writeContextTask(dir: string, sizes: { train: number; val: number; test: number }, seed: number) {
  const rng = SeededRandom.from(seed, "context-task");
  const task = join(dir, "task");
  mkdirSync(task, { recursive: true });
  for (const split of ["train", "val", "test"] as const) {
    const rows = ['"id","text","hospital_expire_flag"'];
    for (let i = 0; i < sizes[split]; i++) {
      const n = contextNote(rng);
      rows.push(`"${split}-${i}","${n.text}","${n.label}"`);
    }
    writeFileSync(join(task, `${split}.csv`), `${rows.join("\n")}\n`);
  }
  return { task, vocab: writeContextVocab(dir) };
}

/** A tokenizer folder `<dir>/vocab` whose vocabulary is the special tokens and CONTEXT_WORDS, one piece each. */
export function writeContextVocab(dir: string): string {
  const vocab = join(dir, "vocab");
  mkdirSync(vocab, { recursive: true });
  writeFileSync(
    join(vocab, "vocab.txt"),
    `${["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", ...CONTEXT_WORDS].join("\n")}\n`,
  );
  writeFileSync(
    join(vocab, "tokenizer_config.json"),
    JSON.stringify({ do_lower_case: true, tokenizer_class: "BertTokenizer", model_max_length: 64 }),
  );
  return vocab;
}
