/**
 * A document for CORe's clinical outcome pre-training (docs/core-pretraining.md): what was known at admission and
 * what happened after, from one note. Note text: never logged.
 */
export interface NoteDocument {
  /** Unique across the corpus: `<source>:<id in the source>` (e.g. `mimic3:100001`, `mtsamples:17`). */
  id: string;
  /** The admission part (sections known on admission), one line of text. */
  admission: string;
  /** The outcome part (procedures, results, course, discharge diagnoses, medications, condition), one line. */
  outcome: string;
}

/** Counted documents a source did not turn into a NoteDocument: never a silent drop. */
export interface DocumentSkip {
  reason: string;
  count: number;
}

/** What one `--notes` source gave. */
export interface SourceDocuments {
  /** The --notes argument, e.g. `mimic3:/data/mimic-iii`. */
  source: string;
  /** How the source was read (rules, heading lists, split), for run.json and the summary. */
  description: string;
  documents: NoteDocument[];
  /** Notes (or admissions) read from the source before any rule. */
  read: number;
  skipped: DocumentSkip[];
}

/** Adds `count` to the skip with `reason` (created when new). */
export function countSkip(skips: DocumentSkip[], reason: string, count = 1): void {
  if (count === 0) return;
  const found = skips.find((s) => s.reason === reason);
  if (found) found.count += count;
  else skips.push({ reason, count });
}
