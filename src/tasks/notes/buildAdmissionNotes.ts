/**
 * Runs a source's AdmissionNoteRules over an open timeline and hands each admission note to `onNote` as soon as it
 * is made, counting every drop:
 *   - "candidates" rules: their SQL picks the candidate notes in DuckDB, then candidateStays.ts groups them by stay
 *     in bounded memory (one hash bucket of stays at a time when the notes' text is large);
 *   - "stays" rules: the rules stream one outcome per stay themselves.
 *
 * `onNote` must not run queries on the timeline's connection: DuckDB ends an open streaming result when the same
 * connection runs something else. Collect the notes elsewhere (a file, another database) and load them after.
 */
import type { Timeline } from "../../sources/Timeline.ts";
import {
  type AdmissionNoteRules,
  NOTE_CANDIDATES_TABLE,
  type NoteDrop,
  type StayOutcome,
} from "./AdmissionNoteRules.ts";
import { candidateStays, candidateSummary } from "./candidateStays.ts";

export interface AdmissionNote {
  stayId: string;
  patientId: string;
  noteId: string | null;
  text: string;
}

export interface AdmissionNotesReport {
  /** Every drop, the rules' SQL steps first, then the per-stay ones in step order. */
  drops: NoteDrop[];
  /** Stays that had at least one candidate note ("stays" rules: the stays they considered). */
  candidateStays: number;
  /** Admission notes made. */
  kept: number;
  /** Diagnostic flags the rules raised, with how many notes raised each. */
  flags: Record<string, number>;
}

export interface BuildAdmissionNotesOptions {
  onNote: (note: AdmissionNote) => void | Promise<void>;
  /** Called after each stay with (stays done, candidate stays; 0 when not known in advance). */
  onProgress?: (done: number, total: number) => void;
  /** Called as each step starts ("picking candidate notes", "making admission notes"), for phase lines. */
  onPhase?: (message: string) => void;
}

export async function buildAdmissionNotes(
  timeline: Timeline,
  rules: AdmissionNoteRules,
  options: BuildAdmissionNotesOptions,
): Promise<AdmissionNotesReport> {
  const conn = timeline.connection;
  if (rules.kind === "candidates") options.onPhase?.("picking candidate notes");
  const sqlDrops = rules.kind === "candidates" ? await rules.selectCandidates(conn, timeline) : [];
  const summary = rules.kind === "candidates" ? await candidateSummary(conn) : null;
  const total = summary?.stays ?? 0;
  const stayDrops = new Map<string, NoteDrop>();
  const flags: Record<string, number> = {};
  let done = 0;
  let kept = 0;
  options.onPhase?.("making admission notes");

  const finish = async ({ stayId, outcome }: StayOutcome) => {
    done++;
    if (outcome.kept) {
      kept++;
      for (const f of outcome.flags ?? []) flags[f] = (flags[f] ?? 0) + 1;
      await options.onNote({ stayId, patientId: outcome.patientId, noteId: outcome.noteId, text: outcome.text });
    } else {
      const key = `${outcome.step}\u0000${outcome.reason}`;
      const drop = stayDrops.get(key) ?? { step: outcome.step, unit: "admissions", reason: outcome.reason, count: 0 };
      drop.count++;
      stayDrops.set(key, drop);
    }
    options.onProgress?.(done, total);
  };

  const stays = rules.kind === "candidates" ? candidateStays(conn, rules, summary!) : rules.stays(timeline);
  for await (const stay of stays) await finish(stay);
  if (rules.kind === "candidates") await conn.run(`DROP TABLE IF EXISTS ${NOTE_CANDIDATES_TABLE}`);

  const perStay = [...stayDrops.values()].sort((a, b) => a.step.localeCompare(b.step, "en", { numeric: true }));
  return { drops: [...sqlDrops, ...perStay], candidateStays: done, kept, flags };
}
