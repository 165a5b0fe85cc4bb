import { createReadStream, existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { CodeVocabulary } from "../../tokenizer/CodeVocabulary.ts";
import { PrognosError } from "../../util/errors.ts";
import { readJsonFile } from "../../util/readJsonFile.ts";
import type { Split } from "../splits/Split.ts";
import type { EhrManifest } from "./buildEhrDataset.ts";
import { EHR_COHORT_KIND, EHR_MANIFEST_FILE } from "./ehrCohortFolder.ts";

/** One patient of a cohort folder as the models read it. */
export interface EhrPatient {
  id: string;
  split: Split;
  /** 1 case, 0 control, null in a pretrain folder. */
  label: number | null;
  /** The codes as text (`ICD9_4280`): models map them through their own vocabulary. */
  tokens: string[];
  /** The visit of each code, 0 for the first kept visit. */
  visits: number[];
  /** Med-BERT's pre-training label: a visit in the input window lasted more than 7 days. */
  plos: number;
}

export interface EhrCohort {
  dir: string;
  manifest: EhrManifest;
  /** The folder's own vocabulary (vocab.json, built on its train split). */
  vocab: CodeVocabulary;
  patients: EhrPatient[];
}

interface Row {
  patient_id: string | number;
  split: string;
  label: number | null;
  tokens: string[];
  token_ids: number[];
  visits: number[];
  plos_label: number;
}

/**
 * Reads a folder written by `prognos ehr build` (sequences.jsonl, vocab.json, manifest.json). Refused, with the
 * file and line: a folder that is not an EHR cohort, and sequences whose token ids disagree with the folder's
 * vocab.json (files of different builds mixed: a cohort folder from another cohort's vocabulary), since a model
 * trained on the ids would silently read other codes.
 */
export async function readEhrCohort(dir: string): Promise<EhrCohort> {
  const manifestPath = join(dir, EHR_MANIFEST_FILE);
  if (!existsSync(manifestPath))
    throw new PrognosError("not an EHR cohort folder (no manifest.json: build one with `prognos ehr build`)", {
      file: dir,
    });
  const manifest = readJsonFile(manifestPath, "cohort manifest") as EhrManifest;
  if (manifest?.kind !== EHR_COHORT_KIND)
    throw new PrognosError(
      `manifest.json kind is ${JSON.stringify(manifest?.kind ?? null)}, not "${EHR_COHORT_KIND}"`,
      {
        file: manifestPath,
      },
    );
  const vocabPath = join(dir, "vocab.json");
  const vocab = CodeVocabulary.read(vocabPath);
  const file = join(dir, "sequences.jsonl");
  if (!existsSync(file)) throw new PrognosError("sequences.jsonl not found", { file: dir });
  const patients: EhrPatient[] = [];
  const lines = createInterface({ input: createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    if (!text.trim()) continue;
    let r: Row;
    try {
      r = JSON.parse(text) as Row;
    } catch (e) {
      throw new PrognosError(`line ${line}: malformed JSON (${(e as Error).message})`, { file });
    }
    if (!Array.isArray(r.tokens) || !Array.isArray(r.visits) || r.tokens.length !== r.visits.length)
      throw new PrognosError(`line ${line}: tokens and visits must be lists of the same length`, { file });
    if (!["train", "val", "test"].includes(r.split))
      throw new PrognosError(`line ${line}: split ${JSON.stringify(r.split)} is not train, val or test`, { file });
    for (let t = 0; t < r.tokens.length; t++) {
      const id = vocab.idOf(r.tokens[t]!);
      if (r.token_ids?.[t] !== id)
        throw new PrognosError(
          `line ${line}: code ${r.tokens[t]} has id ${r.token_ids?.[t]} in the sequences but ${id} in ${vocabPath}: the folder mixes files of different builds (another cohort's vocabulary); rebuild it with \`prognos ehr build\``,
          { file },
        );
    }
    const first = r.visits[0] ?? 1;
    patients.push({
      id: String(r.patient_id),
      split: r.split as Split,
      label: r.label ?? null,
      tokens: r.tokens,
      visits: r.visits.map((v) => v - first),
      plos: r.plos_label,
    });
  }
  return { dir: resolve(dir), manifest, vocab, patients };
}

/** Codes of `patients` as ids of `vocab` (by their text; unknown → [UNK]) and how many were unknown. */
export function encodeWithVocabulary(
  patients: readonly EhrPatient[],
  vocab: CodeVocabulary,
): { ids: number[][]; codes: number; unknown: number } {
  let codes = 0;
  let unknown = 0;
  const ids = patients.map((p) =>
    p.tokens.map((t) => {
      codes++;
      if (!vocab.has(t)) unknown++;
      return vocab.idOf(t);
    }),
  );
  return { ids, codes, unknown };
}
