/**
 * The patient-timeline contract every data source implements (MIMIC-III/IV, OMOP CDM, Synthea CSV, FHIR R4).
 *
 * A source reader opens the raw files through DuckDB and defines five views with exactly these columns.
 * Everything downstream (CORe note tasks, Med-BERT cohorts) queries only these views, never raw files, so the
 * same task or cohort code runs on every source. Codes are always strings, times are TIMESTAMP (dates at 00:00).
 *
 *   tl_patients(patient_id VARCHAR, birth_date TIMESTAMP, sex VARCHAR, death_time TIMESTAMP)
 *   tl_stays(stay_id VARCHAR, patient_id VARCHAR, start_time TIMESTAMP, end_time TIMESTAMP,
 *            stay_type VARCHAR,        -- the source's own admission/visit type, e.g. 'EMERGENCY', 'NEWBORN', 'inpatient'
 *            inpatient BOOLEAN,        -- an inpatient stay (what CORe and the Med-BERT LOS labels count)
 *            expire_flag VARCHAR,      -- in-hospital death as the source writes it ('0'/'1'; NULL when unknown)
 *            source_row BIGINT)        -- 1-based data row in the source file, for error messages
 *   tl_events(patient_id VARCHAR, stay_id VARCHAR, time TIMESTAMP,
 *             kind VARCHAR,           -- 'diagnosis' | 'procedure' | 'drug' | 'lab'
 *             system VARCHAR,         -- CodeSystem below
 *             code VARCHAR,           -- as the source writes it, no dots added or removed ('4280', 'I509', '0040')
 *             seq INTEGER,            -- order within the stay where the source has one (MIMIC SEQ_NUM), else NULL
 *             source_row BIGINT,
 *             value DOUBLE)           -- a lab's numeric result where the source carries one (OMOP value_as_number,
 *                                     -- Synthea VALUE, FHIR valueQuantity.value), else NULL; units are not carried
 *   tl_notes(note_id VARCHAR, patient_id VARCHAR, stay_id VARCHAR, time TIMESTAMP,
 *            category VARCHAR, description VARCHAR, text VARCHAR,
 *            seq BIGINT,               -- order key among a stay's notes (MIMIC-III ROW_ID, MIMIC-IV note_seq)
 *            source_row BIGINT)
 *   tl_code_titles(system VARCHAR, code VARCHAR, title VARCHAR)  -- may be empty
 *
 * Rows a reader cannot map (unparsable time, unknown code system, an event outside any stay…) are not silently
 * dropped: they are counted in `skips` with the file, row and reason.
 */
import type { DuckDBConnection } from "@duckdb/node-api";

export type SourceId = "mimic3" | "mimic4" | "omop" | "synthea-csv" | "fhir" | "meds";
export const SOURCE_IDS: readonly SourceId[] = ["mimic3", "mimic4", "omop", "synthea-csv", "fhir", "meds"];

/** MIMIC3_FORMULARY: MIMIC-III PRESCRIPTIONS' FORMULARY_DRUG_CD (the hospital's own drug code), where NDC is 0/empty. */
export type CodeSystem =
  | "ICD9"
  | "ICD10"
  | "ICD9PROC"
  | "ICD10PCS"
  | "SNOMED"
  | "RXNORM"
  | "LOINC"
  | "CPT"
  | "NDC"
  | "MIMIC3_FORMULARY";

/** One counted, reported skip: never a silent drop. */
export interface SkipRecord {
  file: string;
  reason: string;
  count: number;
  /** A few example rows (1-based data rows), never note text. */
  exampleRows: number[];
}

export interface Timeline {
  source: SourceId;
  /** The folder the user passed. */
  dir: string;
  /** A connection on which the tl_* views are defined. */
  connection: DuckDBConnection;
  /** Whether the source holds free-text notes at all (the MIMIC-III demo and Synthea CSV do not). */
  hasNotes: boolean;
  /**
   * MIMIC-III only, when NOTEEVENTS has a CHARTTIME column: a view with tl_notes' columns plus chart_time TIMESTAMP
   * (CHARTTIME; NULL when empty or unparsable — discharge summaries and ECG reports have none) and chart_raw
   * VARCHAR (the text, to tell empty from unparsable). tl_notes.time stays CHARTDATE. Used by the readmission
   * tasks' `--early-window charttime` (docs/readmission-task.md).
   */
  notesWithChartTime?: string;
  /**
   * Set when the reader was opened with `noteTriage` and honours it (mimic3): the temp table its one pass over the
   * notes file filled (NoteTriageRequest). The caller that uses it may drop it and unset this field.
   */
  noteTriage?: string;
  skips: SkipRecord[];
  close(): void;
}

/**
 * A request to a reader that reads its whole notes file while it opens (mimic3: the CHARTDATE check over
 * NOTEEVENTS) to keep what it read in a temp table, so that the caller needs no second pass over the file. The
 * table has tl_notes' columns, text kept only where category = textCategory (NULL elsewhere), and
 * no_text BOOLEAN (the note had no text); it keeps the file's order, a row's source_row being its rowid + 1.
 * Readers without such a pass ignore it.
 */
export interface NoteTriageRequest {
  textCategory: string;
}

export interface SourceOpenOptions {
  connection?: DuckDBConnection;
  noteTriage?: NoteTriageRequest;
}

export interface SourceReader {
  id: SourceId;
  /** Opens `dir`, checks the files and columns it needs (a clear PrognosError naming the file otherwise). */
  open(dir: string, options?: SourceOpenOptions): Promise<Timeline>;
}
