/**
 * Pre-training documents from MIMIC-III (NOTEEVENTS), MIMIC-IV (note/discharge) or the synthetic hospital (MIMIC-III
 * files written by `prognos synth mimic3`): each admission's discharge summary, selected and joined exactly as for
 * the outcome tasks (notes/mimic3AdmissionNotes.ts, notes/mimic4AdmissionNotes.ts: steps 1–4), then cut into the
 * admission and outcome parts (mimicOutcomeSections.ts). Only admissions of TRAINING patients are used, by the tasks'
 * own split (CORe's SUBJECT_ID lists for MIMIC-III and the synthetic hospital, the seeded patient hash for MIMIC-IV),
 * so the patients of the tasks' validation and test splits never enter pre-training. Every admission or note left
 * out is counted with its reason. Note text: never logged.
 */
import { getSourceReader } from "../../sources/registry.ts";
import type { Timeline } from "../../sources/Timeline.ts";
import { PrognosError } from "../../util/errors.ts";
import { DEFAULT_MEMORY_LIMIT } from "../../util/memoryLimit.ts";
import { openDuckDB } from "../../util/openDuckDB.ts";
import { compareText, NOTE_CANDIDATES_TABLE, type StayNote } from "../notes/AdmissionNoteRules.ts";
import { candidateStays, candidateSummary } from "../notes/candidateStays.ts";
import { type JoinedSummary, mimic3AdmissionNoteRules, mimic3JoinedSummary } from "../notes/mimic3AdmissionNotes.ts";
import { mimic4AdmissionNoteRules, mimic4JoinedSummary } from "../notes/mimic4AdmissionNotes.ts";
import { coreListSplitter } from "../splits/coreSplitLists.ts";
import type { PatientSplitter } from "../splits/Split.ts";
import { seededHashSplitter } from "../splits/seededHashSplit.ts";
import { mimicOutcomeParts } from "./mimicOutcomeSections.ts";
import { countSkip, type NoteDocument, type SourceDocuments } from "./NoteDocument.ts";

export type MimicKind = "mimic3" | "mimic4" | "synth";

export interface MimicDocumentOptions {
  /** The seed of the tasks' patient hash (MIMIC-IV; `prognos tasks build --seed`, default 123). */
  splitSeed: number;
  /** Use every patient, not only the training split (for a synthetic hospital of other patients). */
  allPatients?: boolean;
  memoryLimit?: string;
  onProgress?: (done: number, total: number) => void;
}

type StayDocument = { document: NoteDocument } | { skip: string };

export async function readMimicDocuments(
  kind: MimicKind,
  dir: string,
  source: string,
  options: MimicDocumentOptions,
): Promise<SourceDocuments> {
  const mimic3 = kind !== "mimic4";
  const reader = getSourceReader(mimic3 ? "mimic3" : "mimic4");
  const duckdb = await openDuckDB(options.memoryLimit ?? DEFAULT_MEMORY_LIMIT);
  let timeline: Timeline | undefined;
  try {
    timeline = await reader.open(dir, { connection: duckdb.connection });
    if (!timeline.hasNotes) throw new PrognosError(`${source}: the ${reader.id} source in ${dir} has no notes`);
    const rules = mimic3 ? mimic3AdmissionNoteRules() : mimic4AdmissionNoteRules();
    if (rules.kind !== "candidates") throw new Error(`${reader.id}: expected candidate-note rules`);
    const join: (notes: readonly StayNote[]) => JoinedSummary = mimic3 ? mimic3JoinedSummary : mimic4JoinedSummary;
    const splitter: PatientSplitter = mimic3 ? coreListSplitter() : seededHashSplitter(options.splitSeed);
    const conn = timeline.connection;
    const skipped: SourceDocuments["skipped"] = [];
    // Rows the reader could not map (an admission without a discharge time, a note of an unknown admission, …).
    for (const k of timeline.skips) countSkip(skipped, `source rows, ${k.file}: ${k.reason}`, k.count);
    for (const d of await rules.selectCandidates(conn))
      countSkip(skipped, `notes, step ${d.step}: ${d.reason}`, d.count);
    const summary = await candidateSummary(conn);
    const perStay = (stayId: string, notes: readonly StayNote[]): StayDocument => {
      const joined = join(notes);
      if (!joined.kept) return { skip: `step ${joined.step}: ${joined.reason}` };
      if (!options.allPatients) {
        const split = splitter.splitOf(joined.patientId);
        if (split === null) return { skip: "patient in no split (left out of the tasks too)" };
        if (split !== "train") return { skip: `patient in the tasks' ${split} split` };
      }
      const parts = mimicOutcomeParts(joined.text);
      if (!parts.kept) return { skip: parts.reason };
      return { document: { id: `${kind}:${stayId}`, admission: parts.admission, outcome: parts.outcome } };
    };
    const documents: NoteDocument[] = [];
    let done = 0;
    const stays = candidateStays<StayDocument>(
      conn,
      { compareNotes: rules.compareNotes, admissionNote: (notes) => perStay(notes[0]!.stayId, notes) },
      summary,
    );
    for await (const { outcome } of stays) {
      if ("document" in outcome) documents.push(outcome.document);
      else countSkip(skipped, `admissions: ${outcome.skip}`);
      options.onProgress?.(++done, summary.stays);
    }
    await conn.run(`DROP TABLE IF EXISTS ${NOTE_CANDIDATES_TABLE}`);
    documents.sort((a, b) => compareText(a.id, b.id));
    const who = options.allPatients
      ? "every patient (--all-patients)"
      : `training patients only (${splitter.description})`;
    return {
      source,
      description: `${kind === "synth" ? "synthetic hospital (MIMIC-III files)" : reader.id}: discharge summaries, ${who}; sections as CORe's adm_dis_match_mimic.py`,
      documents,
      read: summary.stays,
      skipped,
    };
  } finally {
    timeline?.close();
    duckdb.close();
  }
}
