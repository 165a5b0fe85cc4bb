import { DAY_MS, HOUR_MS } from "../common/time.ts";
import type { Encounter, SyntheticPatient } from "./types.ts";

/** Condition keys behind each DHF code set (every code the generator writes for them is in docs/medbert-method.md). */
const T2D = new Set(["t2d", "t2dKidney", "t2dNeuropathy"]);
const EXCLUDED_TYPES = new Set(["t1d", "insipidus", "gestational", "secondaryDm"]);
const HF = "hf";

export interface DhfCounts {
  patients: number;
  /** Type-2 diabetes on ≥ 2 encounters, no excluded diabetes type: the cohort (cases + controls + near-cases). */
  diabetics: number;
  /** HF first coded ≥ 30 days after the first diabetes encounter, on > 1 encounter. */
  cases: number;
  /** Diabetics without any heart-failure code. */
  controls: number;
  /** Diabetics with heart failure that does not meet both case rules: excluded, not controls. */
  nearCases: number;
  /** Type-2 diabetes on ≥ 2 encounters but an excluded diabetes type coded (type 1, insipidus, gestational, secondary). */
  excludedTypes: number;
}

export function emptyDhfCounts(): DhfCounts {
  return { patients: 0, diabetics: 0, cases: 0, controls: 0, nearCases: 0, excludedTypes: 0 };
}

export type DhfRole = "case" | "control" | "nearCase" | "excludedType" | "none";

/**
 * The DHF cohort rule (docs/medbert-method.md) on one generated patient, counting encounters the way the source readers
 * see them: an emergency visit that leads into an inpatient stay (starts no later, ends at most 24 h before the stay
 * starts; common/emergencyGrouping.ts) is one encounter with that stay. `inpatientOnly`: MIMIC-III, where only stays
 * exist and every code is timed at the discharge; otherwise (OMOP) a code's time is its visit's start.
 * Also returns the index time (first HF code for a case, last encounter's start for a control).
 */
export function dhfRole(p: SyntheticPatient, inpatientOnly: boolean): { role: DhfRole; index: number | null } {
  const enc = p.encounters;
  const group = encounterGroups(enc);
  const t2dGroups = new Set<number>();
  const hfGroups = new Set<number>();
  let firstT2d = Number.POSITIVE_INFINITY;
  let firstHf = Number.POSITIVE_INFINITY;
  let excluded = false;
  let lastStart = Number.NEGATIVE_INFINITY;
  enc.forEach((e, i) => {
    const g = group[i]!;
    if (inpatientOnly && enc[g]!.type !== "inpatient") return;
    const time = inpatientOnly ? enc[g]!.end : e.start;
    lastStart = Math.max(lastStart, enc[g]!.start);
    for (const c of e.conditions) {
      if (T2D.has(c.key)) {
        t2dGroups.add(g);
        firstT2d = Math.min(firstT2d, time);
      } else if (c.key === HF) {
        hfGroups.add(g);
        firstHf = Math.min(firstHf, time);
      } else if (EXCLUDED_TYPES.has(c.key)) excluded = true;
    }
  });
  if (t2dGroups.size < 2) return { role: "none", index: null };
  if (excluded) return { role: "excludedType", index: null };
  if (hfGroups.size === 0) return { role: "control", index: lastStart };
  if (firstHf - firstT2d >= 30 * DAY_MS && hfGroups.size > 1) return { role: "case", index: firstHf };
  return { role: "nearCase", index: null };
}

/** Adds one patient to the counts. */
export function tallyDhf(counts: DhfCounts, p: SyntheticPatient, inpatientOnly: boolean): DhfRole {
  const { role } = dhfRole(p, inpatientOnly);
  counts.patients++;
  if (role === "case") counts.cases++;
  else if (role === "control") counts.controls++;
  else if (role === "nearCase") counts.nearCases++;
  else if (role === "excludedType") counts.excludedTypes++;
  if (role === "case" || role === "control" || role === "nearCase") counts.diabetics++;
  return role;
}

/** Encounter index → the index of the encounter it counts as (itself, or the stay an emergency visit leads into). */
export function encounterGroups(enc: readonly Encounter[]): number[] {
  return enc.map((e, i) => {
    if (e.type !== "emergency") return i;
    let best = -1;
    for (let j = 0; j < enc.length; j++) {
      const s = enc[j]!;
      if (s.type !== "inpatient" || e.start > s.start || e.end < s.start - 24 * HOUR_MS) continue;
      if (best < 0 || s.start < enc[best]!.start) best = j;
    }
    return best < 0 ? i : best;
  });
}
