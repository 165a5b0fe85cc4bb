import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { I2b2Concept } from "../../sources/i2b2/conceptLine.ts";
import type { I2b2Document } from "../../sources/i2b2/I2b2Document.ts";
import { writeI2b2Folder } from "../../sources/i2b2/i2b2Folder.ts";
import { SeededRandom } from "../../util/SeededRandom.ts";
import { writing } from "../../util/writeError.ts";
import { dictionaryTerms } from "./conceptTerms.ts";
import { type SentenceOptions, synthSentence } from "./i2b2Sentences.ts";

export const I2B2_SPLITS = ["train", "val", "test"] as const;
export type I2b2Split = (typeof I2B2_SPLITS)[number];

export interface SynthI2b2Options extends Partial<SentenceOptions> {
  documents: number;
  seed: number;
  outDir: string;
}

export interface SynthI2b2Summary {
  documents: Record<I2b2Split, number>;
  patients: Record<I2b2Split, number>;
  concepts: Record<I2b2Split, number>;
}

/** A patient's split: 70% train, 15% val, 15% test, drawn from the seed and the patient's number. */
function splitOf(seed: number, patient: number): I2b2Split {
  const u = SeededRandom.from(seed, "i2b2-split", patient).next();
  return u < 0.7 ? "train" : u < 0.85 ? "val" : "test";
}

/**
 * `prognos synth i2b2` (docs/ner.md#synthetic-corpus): `documents` seeded notes of 6–14 sentences, one to three per
 * patient, in the i2b2 2010 layout under OUT/train, OUT/val and OUT/test (split by patient, so no patient is in two
 * splits), plus OUT/terms.json (the dictionary baseline's canonical term lists) and OUT/manifest.json.
 */
export function synthesizeI2b2(o: SynthI2b2Options): SynthI2b2Summary {
  const options: SentenceOptions = { variantRate: o.variantRate ?? 0.35, misspellRate: o.misspellRate ?? 0.08 };
  const docs: Record<I2b2Split, I2b2Document[]> = { train: [], val: [], test: [] };
  const patients: Record<I2b2Split, number> = { train: 0, val: 0, test: 0 };
  let made = 0;
  for (let p = 1; made < o.documents; p++) {
    const r = SeededRandom.from(o.seed, "i2b2-patient", p);
    const split = splitOf(o.seed, p);
    patients[split] += 1;
    const sex = r.chance(0.5) ? "M" : "F";
    const notes = Math.min(r.int(1, 3), o.documents - made);
    for (let n = 1; n <= notes; n++, made++) {
      const lines: string[][] = [];
      const concepts: I2b2Concept[] = [];
      const count = r.int(6, 14);
      for (let l = 1; l <= count; l++) {
        const s = synthSentence(r, l, sex, options);
        lines.push(s.tokens);
        concepts.push(...s.concepts);
      }
      docs[split].push({ id: `synth-${String(p).padStart(5, "0")}-${n}`, lines, concepts });
    }
  }
  for (const s of I2B2_SPLITS) writeI2b2Folder(join(o.outDir, s), docs[s]);
  const count = (f: (s: I2b2Split) => number) =>
    Object.fromEntries(I2B2_SPLITS.map((s) => [s, f(s)])) as Record<I2b2Split, number>;
  const summary = {
    documents: count((s) => docs[s].length),
    patients,
    concepts: count((s) => docs[s].reduce((n, d) => n + d.concepts.length, 0)),
  };
  writing(o.outDir, () => {
    writeFileSync(join(o.outDir, "terms.json"), `${JSON.stringify(dictionaryTerms(), null, 2)}\n`);
    writeFileSync(
      join(o.outDir, "manifest.json"),
      `${JSON.stringify({ generator: "prognos synth i2b2", seed: o.seed, ...options, ...summary }, null, 2)}\n`,
    );
  });
  return summary;
}
