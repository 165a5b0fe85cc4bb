/**
 * `prognos ehr export --format meds`: any source's patient timeline as a MEDS dataset (docs/meds.md), so Prognos
 * feeds the tools of that ecosystem and reads its own export back (`--source meds`) to the same cohorts:
 *   data/0.parquet                subject_id int64, time timestamp[us], code string, numeric_value float32,
 *                                 text_value (null), and extension columns visit_id, seq_num, prognos_patient_id;
 *                                 sorted by subject and time
 *   metadata/dataset.json         dataset_name, etl_name/version, meds_version, created_at, the extension columns
 *   metadata/codes.parquet        code, description (the source's titles), parent_codes (["<VOCABULARY>/<code>"])
 *   metadata/subject_splits.parquet  subject_id, split: Prognos' seeded split (train / tuning / held_out)
 * Codes: `<KIND>//<VOCABULARY>//<code>` (medsCodes.ts), visits as VISIT//START//<INPATIENT|OUTPATIENT>//<type> and
 * VISIT//END//<expire flag>, patients as MEDS_BIRTH, MEDS_DEATH, GENDER//<sex>. All in DuckDB (COPY … TO).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { sqlString } from "../../sources/common/sql.ts";
import { MEDS_KIND_WORDS, MEDS_VOCABULARIES } from "../../sources/meds/medsCodes.ts";
import { getSourceReader } from "../../sources/registry.ts";
import { checkOutput } from "../../util/checkOutput.ts";
import { DEFAULT_MEMORY_LIMIT, openDuckDB } from "../../util/openDuckDB.ts";
import { writeError, writing } from "../../util/writeError.ts";
import { prognosVersion } from "../prognosVersion.ts";
import { splitSql } from "./cohorts/cohortSql.ts";

/** The version of the MEDS schema this export follows (the `meds` package's src/meds/schema.py). */
export const MEDS_VERSION = "0.4.0";
export const MEDS_EXPORT_FILES = ["data", "metadata"] as const;

export interface MedsExportOptions {
  source: string;
  dir: string;
  out: string;
  /** Seed of subject_splits.parquet (Prognos' split of that seed). */
  seed?: number;
  memoryLimit?: string;
  overwrite?: boolean;
  onPhase?: (message: string) => void;
}

const systemName = `(CASE system ${Object.values(MEDS_VOCABULARIES)
  .map((v) => `WHEN '${v.system}' THEN '${v.name}'`)
  .join(" ")} ELSE system END)`;
const kindWord = `(CASE kind ${Object.entries(MEDS_KIND_WORDS)
  .map(([k, w]) => `WHEN '${k}' THEN '${w}'`)
  .join(" ")} ELSE upper(kind) END)`;

export async function exportMeds(
  o: MedsExportOptions,
): Promise<{ subjects: number; rows: number; codes: number; files: string[] }> {
  const reader = getSourceReader(o.source);
  checkOutput({
    path: o.out,
    kind: "folder",
    holds: MEDS_EXPORT_FILES,
    what: "a MEDS dataset",
    overwrite: o.overwrite,
  });
  const seed = o.seed ?? 0;
  const db = await openDuckDB(o.memoryLimit ?? DEFAULT_MEMORY_LIMIT);
  try {
    const c = db.connection;
    o.onPhase?.(`reading ${reader.id} tables in ${resolve(o.dir)}`);
    await reader.open(o.dir, { connection: c });
    o.onPhase?.("MEDS rows");
    const canonical = (
      await c.runAndReadAll(
        `SELECT count(*) FILTER (WHERE try_cast(patient_id AS BIGINT)::VARCHAR IS DISTINCT FROM patient_id) AS n FROM tl_patients`,
      )
    ).getRowObjectsJS()[0]!.n;
    const subject = Number(canonical) === 0 ? "patient_id::BIGINT" : "dense_rank() OVER (ORDER BY patient_id)::BIGINT";
    await c.run(
      `CREATE OR REPLACE TEMP TABLE meds_ids AS SELECT patient_id, ${subject} AS subject_id FROM tl_patients`,
    );
    await c.run(`CREATE OR REPLACE TEMP TABLE meds_out AS
      SELECT i.subject_id, NULL::TIMESTAMP AS time, 'GENDER//' || p.sex AS code, NULL::FLOAT AS numeric_value,
             NULL::VARCHAR AS visit_id, NULL::INTEGER AS seq_num, p.patient_id, 0 AS ord, 0 AS kind_rank, 0::BIGINT AS source_row
        FROM tl_patients p JOIN meds_ids i USING (patient_id) WHERE p.sex IS NOT NULL
      UNION ALL SELECT i.subject_id, p.birth_date, 'MEDS_BIRTH', NULL, NULL, NULL, p.patient_id, 1, 0, 0
        FROM tl_patients p JOIN meds_ids i USING (patient_id) WHERE p.birth_date IS NOT NULL
      UNION ALL SELECT i.subject_id, p.death_time, 'MEDS_DEATH', NULL, NULL, NULL, p.patient_id, 9, 0, 0
        FROM tl_patients p JOIN meds_ids i USING (patient_id) WHERE p.death_time IS NOT NULL
      UNION ALL SELECT i.subject_id, s.start_time,
             'VISIT//START//' || CASE WHEN s.inpatient THEN 'INPATIENT' ELSE 'OUTPATIENT' END || '//' || coalesce(s.stay_type, ''),
             NULL, s.stay_id, NULL, s.patient_id, 2, 0, s.source_row
        FROM tl_stays s JOIN meds_ids i USING (patient_id) WHERE s.start_time IS NOT NULL
      UNION ALL SELECT i.subject_id, s.end_time, 'VISIT//END//' || coalesce(s.expire_flag, 'UNK'),
             NULL, s.stay_id, NULL, s.patient_id, 8, 0, s.source_row
        FROM tl_stays s JOIN meds_ids i USING (patient_id) WHERE s.end_time IS NOT NULL AND s.start_time IS NOT NULL
      UNION ALL SELECT i.subject_id, coalesce(e.time, s.start_time), ${kindWord} || '//' || ${systemName} || '//' || e.code,
             e.value::FLOAT, e.stay_id, e.seq, e.patient_id, 5,
             CASE e.kind WHEN 'diagnosis' THEN 0 WHEN 'procedure' THEN 1 WHEN 'drug' THEN 2 ELSE 3 END, e.source_row
        FROM tl_events e JOIN meds_ids i USING (patient_id) JOIN tl_stays s USING (stay_id)
        WHERE e.code IS NOT NULL AND coalesce(e.time, s.start_time) IS NOT NULL`);
    const out = resolve(o.out);
    o.onPhase?.(`writing ${out}`);
    const data = join(out, "data");
    const meta = join(out, "metadata");
    writing(out, () => {
      mkdirSync(data, { recursive: true });
      mkdirSync(meta, { recursive: true });
    });
    const copy = async (sql: string, path: string) =>
      c.run(`COPY (${sql}) TO ${sqlString(path)} (FORMAT PARQUET)`).catch((e) => {
        throw writeError(e, path);
      });
    await copy(
      `SELECT subject_id, time, code, numeric_value, NULL::VARCHAR AS text_value, visit_id, seq_num,
         patient_id AS prognos_patient_id FROM meds_out ORDER BY subject_id, time NULLS FIRST, ord, kind_rank, seq_num NULLS LAST, source_row, code`,
      join(data, "0.parquet"),
    );
    await copy(
      `WITH ev AS (SELECT ${kindWord} || '//' || ${systemName} || '//' || code AS mcode, ${systemName} || '/' || code AS parent,
                          system, code FROM (SELECT DISTINCT kind, system, code FROM tl_events WHERE code IS NOT NULL)),
            evc AS (SELECT mcode, any_value(parent) AS parent, any_value(system) AS system, any_value(code) AS ccode
                    FROM ev GROUP BY mcode),
            titles AS (SELECT system, code, min(title) AS title FROM tl_code_titles GROUP BY system, code)
       SELECT a.code, t.title AS description, CASE WHEN e.parent IS NOT NULL THEN [e.parent] END AS parent_codes
       FROM (SELECT DISTINCT code FROM meds_out) a LEFT JOIN evc e ON e.mcode = a.code
       LEFT JOIN titles t ON t.system = e.system AND t.code = e.ccode ORDER BY a.code`,
      join(meta, "codes.parquet"),
    );
    const split = splitSql(seed, "patient_id");
    await copy(
      `SELECT subject_id, CASE ${split} WHEN 'train' THEN 'train' WHEN 'val' THEN 'tuning' ELSE 'held_out' END AS split
       FROM meds_ids ORDER BY subject_id`,
      join(meta, "subject_splits.parquet"),
    );
    const counts = (
      await c.runAndReadAll(
        `SELECT (SELECT count(*) FROM meds_ids) AS subjects, (SELECT count(*) FROM meds_out) AS rows,
              (SELECT count(DISTINCT code) FROM meds_out) AS codes`,
      )
    ).getRowObjectsJS()[0]!;
    const dataset = {
      dataset_name: basename(resolve(o.dir)),
      etl_name: "prognos ehr export --format meds",
      etl_version: prognosVersion(),
      meds_version: MEDS_VERSION,
      created_at: new Date().toISOString(),
      raw_source_id_columns: ["visit_id", "prognos_patient_id"],
      other_extension_columns: ["seq_num"],
      prognos_source: o.source,
      prognos_split_seed: seed,
    };
    writing(meta, () => writeFileSync(join(meta, "dataset.json"), `${JSON.stringify(dataset, null, 2)}\n`));
    return {
      subjects: Number(counts.subjects),
      rows: Number(counts.rows),
      codes: Number(counts.codes),
      files: [
        join(data, "0.parquet"),
        ...["dataset.json", "codes.parquet", "subject_splits.parquet"].map((f) => join(meta, f)),
      ],
    };
  } finally {
    db.close();
  }
}
