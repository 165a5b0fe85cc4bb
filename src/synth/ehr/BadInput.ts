/**
 * Bad input the source readers must count and report (issue 5, "Bad input"), written on purpose unless `--clean`:
 * one of each kind every `every` patients (default 2,000, i.e. 5 per 10,000 per kind), the first ones early
 * (patients 8, 21, 34, 47, 60) so that a small run already has one of each. A kind a patient cannot host (MIMIC-III
 * writes only patients with a stay) waits for the next patient who can. Every bad row is listed in the manifest with
 * its file and 1-based data row. The rows are extra (noise codes on extra rows, an exact copy of a row, a birth
 * date left out), so the cohorts built from the clean and the dirty output are the same.
 */
export const BAD_INPUT_KINDS = [
  "visitEndsBeforeStart",
  "eventOutsideVisit",
  "duplicateRow",
  "unknownCodeSystem",
  "missingBirthDate",
] as const;
export type BadInputKind = (typeof BAD_INPUT_KINDS)[number];

export const DEFAULT_BAD_INPUT_EVERY = 2000;
const FIRST = 7;
const SPACING = 13;

export interface BadRow {
  kind: BadInputKind;
  file: string;
  /** 1-based data row (the header not counted). */
  row: number;
  /** person_id / SUBJECT_ID of the patient the row belongs to. */
  patient: number;
}

/** Which bad-input kinds are due at each patient; `every` null: none (clean output). */
export class BadInputSchedule {
  private pending: BadInputKind[] = [];

  constructor(private readonly every: number | null) {
    if (every !== null && !(Number.isInteger(every) && every >= FIRST + SPACING * BAD_INPUT_KINDS.length)) {
      throw new Error(`bad-input spacing must be an integer ≥ ${FIRST + SPACING * BAD_INPUT_KINDS.length}`);
    }
  }

  /** The kinds due at patient `index` (0-based), including earlier ones no patient could host yet. */
  due(index: number): readonly BadInputKind[] {
    if (this.every === null) return this.pending;
    BAD_INPUT_KINDS.forEach((kind, k) => {
      if (index % this.every! === FIRST + SPACING * k) this.pending.push(kind);
    });
    return this.pending;
  }

  /** Marks the kinds a writer hosted as done. */
  hosted(rows: readonly BadRow[]): void {
    for (const kind of new Set(rows.map((r) => r.kind))) {
      const i = this.pending.indexOf(kind);
      if (i >= 0) this.pending.splice(i, 1);
    }
  }
}
