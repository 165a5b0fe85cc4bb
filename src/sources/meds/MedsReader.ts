/**
 * MEDS (Medical Event Data Standard, schema of the `meds` package 0.4: docs/meds.md) → patient timeline. Source
 * id `meds`. `--dir` is the MEDS root: `data/**\/*.parquet` (subject_id int64, time timestamp[us], code string,
 * numeric_value float32 optional; extra columns allowed) and optionally `metadata/codes.parquet` (code, description).
 *
 *   patients: one per subject (`prognos_patient_id` when the file has it: Prognos' own export keeps the source's
 *             ids), birth = MEDS_BIRTH, death = MEDS_DEATH, sex = GENDER//<sex>.
 *   stays:    rows sharing a visit id (the first of the columns visit_id, hadm_id, visit_occurrence_id present) form
 *             a stay: start/end from VISIT//START / VISIT//END (or HOSPITAL_ADMISSION / HOSPITAL_DISCHARGE), else the
 *             first and last time (a stay with a START marker and no END has no end time); rows without a visit id
 *             form one stay per subject and calendar day (stay_type "day", not inpatient).
 *   events:   diagnosis / procedure / drug / lab codes in the conventions of medsCodes.ts; value = numeric_value;
 *             seq = seq_num when the file has it. Other codes are counted as skipped (never dropped silently).
 */
import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { PrognosError } from "../../util/errors.ts";
import { makeTimeline, timelineConnection } from "../common/openTimeline.ts";
import { requireDir } from "../common/sourceFiles.ts";
import { sqlIdent, sqlString } from "../common/sql.ts";
import { buildTimeline } from "../common/TimelineBuilder.ts";
import type { SourceReader, Timeline } from "../Timeline.ts";
import { medsEventSql, medsStructuralSql } from "./medsCodes.ts";

const VISIT_COLUMNS = ["visit_id", "hadm_id", "visit_occurrence_id"];

export const medsReader: SourceReader = {
  id: "meds",
  async open(dir, options): Promise<Timeline> {
    requireDir(dir);
    const conn = await timelineConnection(options);
    try {
      const c = conn.connection;
      const listed = (
        await c.runAndReadAll(`SELECT file FROM glob(${sqlString(join(dir, "data", "**", "*.parquet"))}) ORDER BY file`)
      ).getRowObjectsJS();
      const paths = listed.map((r) => String(r.file));
      if (paths.length === 0)
        throw new PrognosError(
          "no data/*.parquet: not a MEDS dataset (its events live in data/, sharded parquet files)",
          {
            file: dir,
          },
        );
      const files = paths.map((p) => relative(dir, p));
      const scan = `read_parquet([${paths.map(sqlString).join(", ")}], union_by_name = true, filename = true, file_row_number = true)`;
      const columns = new Set(
        (await c.runAndReadAll(`DESCRIBE SELECT * FROM ${scan}`)).getRowObjectsJS().map((r) => String(r.column_name)),
      );
      for (const col of ["subject_id", "time", "code"])
        if (!columns.has(col))
          throw new PrognosError(`missing column ${col} (the MEDS data schema: subject_id, time, code)`, {
            file: files[0],
          });
      const visit = VISIT_COLUMNS.find((v) => columns.has(v));
      const has = (col: string) => columns.has(col);
      const fileNo = `(CASE filename ${paths.map((p, i) => `WHEN ${sqlString(p)} THEN ${i}`).join(" ")} END)`;
      await c.run(`CREATE OR REPLACE TEMP TABLE meds_raw AS SELECT ${fileNo} AS file_no, file_row_number + 1 AS source_row,
        ${has("prognos_patient_id") ? "coalesce(prognos_patient_id::VARCHAR, subject_id::VARCHAR)" : "subject_id::VARCHAR"} AS pid,
        time::TIMESTAMP AS time, code::VARCHAR AS code,
        ${has("numeric_value") ? "numeric_value::DOUBLE" : "NULL::DOUBLE"} AS value,
        ${has("seq_num") ? "try_cast(seq_num AS INTEGER)" : "NULL::INTEGER"} AS seq,
        ${visit ? `nullif(trim(${sqlIdent(visit)}::VARCHAR), '')` : "NULL::VARCHAR"} AS visit
        FROM ${scan}`);
      await c.run(`CREATE OR REPLACE TEMP TABLE meds_rows AS SELECT *,
        CASE WHEN visit IS NOT NULL THEN visit WHEN time IS NOT NULL THEN 'day:' || pid || ':' || strftime(time, '%Y-%m-%d') END AS stay_id,
        ${medsStructuralSql("code")} AS structural FROM meds_raw`);
      const ev = medsEventSql("code");
      const startMark = "(code LIKE 'VISIT//START//%' OR code LIKE 'HOSPITAL_ADMISSION%')";
      const endMark = "(code LIKE 'VISIT//END//%' OR code LIKE 'HOSPITAL_DISCHARGE%')";
      const titles = join(dir, "metadata", "codes.parquet");
      const codeTitles = existsSync(titles)
        ? `SELECT system, code, min(title) AS title FROM (SELECT ${ev.system} AS system, ${ev.code} AS code, description::VARCHAR AS title
             FROM read_parquet(${sqlString(titles)})) WHERE system IS NOT NULL AND code IS NOT NULL AND title IS NOT NULL GROUP BY system, code`
        : "SELECT NULL::VARCHAR AS system, NULL::VARCHAR AS code, NULL::VARCHAR AS title WHERE FALSE";
      const skips = await buildTimeline(c, {
        prefix: "meds",
        files,
        groupEmergency: false,
        patients: `SELECT min(file_no) AS file_no, min(source_row) AS source_row, pid AS patient_id,
          CASE WHEN bool_or(code = 'MEDS_BIRTH') THEN '' END AS birth_raw,
          min(time) FILTER (WHERE code = 'MEDS_BIRTH') AS birth_date,
          any_value(split_part(code, '//', 2)) FILTER (WHERE code LIKE 'GENDER//%') AS sex,
          min(time) FILTER (WHERE code = 'MEDS_DEATH' OR code LIKE 'MEDS_DEATH//%') AS death_time,
          NULL::VARCHAR AS pre_reason, NULL::VARCHAR AS report_reason
          FROM meds_rows GROUP BY pid`,
        stays: `SELECT min(file_no) AS file_no, min(source_row) AS source_row, stay_id, any_value(pid) AS patient_id,
          '' AS start_raw, coalesce(min(time) FILTER (WHERE ${startMark}), min(time)) AS start_time,
          CASE WHEN bool_or(${endMark}) OR NOT bool_or(code LIKE 'VISIT//START//%') THEN '' END AS end_raw,
          CASE WHEN bool_or(${endMark}) THEN max(time) FILTER (WHERE ${endMark})
               WHEN bool_or(code LIKE 'VISIT//START//%') THEN NULL ELSE max(time) END AS end_time,
          coalesce(any_value(split_part(code, '//', 4)) FILTER (WHERE code LIKE 'VISIT//START//%'),
                   any_value(split_part(code, '//', 2)) FILTER (WHERE code LIKE 'HOSPITAL_ADMISSION%'),
                   CASE WHEN stay_id LIKE 'day:%' THEN 'day' ELSE 'visit' END) AS stay_type,
          coalesce(bool_or(split_part(code, '//', 3) = 'INPATIENT') FILTER (WHERE code LIKE 'VISIT//START//%'),
                   bool_or(code LIKE 'HOSPITAL_ADMISSION%')) AS inpatient,
          FALSE AS emergency,
          coalesce(any_value(nullif(split_part(code, '//', 3), 'UNK')) FILTER (WHERE code LIKE 'VISIT//END//%'),
                   CASE WHEN bool_or(code LIKE 'HOSPITAL_DISCHARGE%') THEN
                     CASE WHEN bool_or(code LIKE 'HOSPITAL_DISCHARGE%DIED%') THEN '1' ELSE '0' END END) AS expire_flag,
          NULL::VARCHAR AS pre_reason
          FROM meds_rows WHERE stay_id IS NOT NULL AND NOT (code = 'MEDS_BIRTH' OR code LIKE 'MEDS_DEATH%' OR code LIKE 'GENDER//%')
          GROUP BY stay_id`,
        events: `SELECT file_no, source_row, pid AS patient_id, stay_id AS stay_ref,
          CASE WHEN time IS NOT NULL THEN '' END AS time_raw, time, FALSE AS time_from_stay,
          ${ev.kind} AS kind, ${ev.system} AS system, ${ev.code} AS code, seq, file_no || ':' || source_row AS dup_key,
          CASE WHEN ${ev.kind} IS NULL THEN 'code of no system Prognos reads (MEDS conventions: docs/meds.md)' END AS pre_reason,
          NULL::VARCHAR AS report_reason, value
          FROM meds_rows WHERE NOT structural`,
        eventValues: true,
        titles: codeTitles,
      });
      return makeTimeline("meds", dir, conn, false, skips);
    } catch (e) {
      conn.close();
      throw e;
    }
  },
};
