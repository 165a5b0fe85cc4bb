/**
 * MIMIC-IV (hosp module, 2.x/3.x) and MIMIC-IV-Note (discharge) → patient timeline. Source id `mimic4`.
 * Files as PhysioNet ships them (lower-case names and columns, .csv or .csv.gz) in `<dir>/hosp/` and
 * `<dir>/note/` (or directly in `<dir>`). The note module is a separate download: without note/discharge the
 * timeline has no notes (hasNotes false).
 *
 *   patients: patients; MIMIC-IV publishes no birth date, only `anchor_age` in `anchor_year`, so birth_date is
 *             1 January of anchor_year − anchor_age (ages from it match the usual anchor formula, ± 1 year);
 *             death_time = the admission's deathtime, else dod.
 *   stays:    admissions (admittime → dischtime); every admission is inpatient; stay_type = admission_type;
 *             expire_flag = hospital_expire_flag ('0'/'1'; empty → NULL; other values skip the admission).
 *   events:   diagnoses_icd (icd_version 9 → ICD9, 10 → ICD10; no time in the source: dischtime, when they are
 *             coded, as the MIMIC-III reader does; seq = seq_num), procedures_icd (9 → ICD9PROC, 10 → ICD10PCS; time = chartdate; seq = seq_num),
 *             prescriptions when present (drug; NDC; time = starttime; rows without an NDC are skipped, counted).
 *             Codes as written (trimmed; no dots added or removed).
 *   notes:    note/discharge: category = note_type, seq = note_seq, time = charttime; a stay's notes are ordered by
 *             note_seq. Text is read lazily from the file, never held. The file is read in one scan (its quoted
 *             text holds line breaks, which DuckDB's parallel CSV reader can misplace: csvScan's multiLine).
 *   titles:   d_icd_diagnoses / d_icd_procedures long_title (when present), prescriptions' drug names per NDC.
 */
import { PrognosError } from "../../util/errors.ts";
import { csvHeader, csvScan, loadCsvTable } from "../common/csvTable.ts";
import { hasKeptNotes, makeTimeline, timelineConnection } from "../common/openTimeline.ts";
import { requireUtf8File } from "../common/requireUtf8File.ts";
import { findCsvFile, relativeName, requireCsvFile, requireDir } from "../common/sourceFiles.ts";
import { sqlText, sqlTime } from "../common/sql.ts";
import { buildTimeline } from "../common/TimelineBuilder.ts";
import type { SourceReader, Timeline } from "../Timeline.ts";

const HOSP = ["hosp", ""];
const NOTE = ["note", ""];

function icdSystem(version: string, procedure: boolean): { system: string; reason: string } {
  const v = `trim(${version})`;
  const [nine, ten] = procedure ? ["ICD9PROC", "ICD10PCS"] : ["ICD9", "ICD10"];
  return {
    system: `CASE ${v} WHEN '9' THEN '${nine}' WHEN '10' THEN '${ten}' END`,
    reason: `CASE WHEN ${v} IS NULL OR ${v} NOT IN ('9', '10') THEN 'icd_version ''' || coalesce(${v}, '') || ''' is neither 9 nor 10' END`,
  };
}

export const mimic4Reader: SourceReader = {
  id: "mimic4",
  async open(dir, options): Promise<Timeline> {
    requireDir(dir);
    const conn = await timelineConnection(options);
    try {
      const c = conn.connection;
      const files: string[] = [];
      // multiLine: a notes file, whose quoted text holds line breaks (read in one scan: csvScan's multiLine)
      const load = async (
        name: string,
        subdirs: string[],
        required: string[],
        must = true,
        hash = true,
        multiLine = false,
      ) => {
        const file = must ? requireCsvFile(dir, name, subdirs) : findCsvFile(dir, name, subdirs);
        if (!file) return undefined;
        const no = files.push(relativeName(dir, file)) - 1;
        await loadCsvTable(c, `m4_raw_${name}`, file, files[no]!, { required }, { rowHash: hash, multiLine });
        return { no, file };
      };

      const patients = (await load("patients", HOSP, ["subject_id", "gender", "anchor_age", "anchor_year", "dod"]))!;
      const admissions = (await load("admissions", HOSP, [
        "subject_id",
        "hadm_id",
        "admittime",
        "dischtime",
        "deathtime",
        "admission_type",
        "hospital_expire_flag",
      ]))!;
      const dx = (await load("diagnoses_icd", HOSP, ["subject_id", "hadm_id", "seq_num", "icd_code", "icd_version"]))!;
      const px = (await load("procedures_icd", HOSP, [
        "subject_id",
        "hadm_id",
        "seq_num",
        "chartdate",
        "icd_code",
        "icd_version",
      ]))!;
      const rx = await load("prescriptions", HOSP, ["subject_id", "hadm_id", "starttime", "drug", "ndc"], false);
      const ddx = await load("d_icd_diagnoses", HOSP, ["icd_code", "icd_version", "long_title"], false, false);
      const dpx = await load("d_icd_procedures", HOSP, ["icd_code", "icd_version", "long_title"], false, false);
      const note = await load(
        "discharge",
        NOTE,
        ["note_id", "subject_id", "hadm_id", "note_type", "note_seq", "charttime", "storetime"],
        false,
        false,
        true,
      );
      const noteHeader = note ? await csvHeader(note.file, files[note.no]!) : [];
      if (note) await requireUtf8File(note.file, files[note.no]!);
      if (note && !noteHeader.includes("text")) {
        throw new PrognosError("missing column text", { file: files[note.no] });
      }

      const common = (no: number) =>
        `${no} AS file_no, source_row, ${sqlText("subject_id")} AS patient_id, ${sqlText("hadm_id")} AS stay_ref`;
      const d = icdSystem("icd_version", false);
      const p = icdSystem("icd_version", true);
      const events = [
        `SELECT ${common(dx.no)}, NULL::VARCHAR AS time_raw, NULL::TIMESTAMP AS time, TRUE AS time_from_stay, ` +
          `'diagnosis' AS kind, ${d.system} AS system, ${sqlText("icd_code")} AS code, ` +
          `try_cast(seq_num AS INTEGER) AS seq, row_hash AS dup_key, ${d.reason} AS pre_reason, ` +
          `NULL::VARCHAR AS report_reason FROM m4_raw_diagnoses_icd`,
        `SELECT ${common(px.no)}, ${sqlText("chartdate")} AS time_raw, ${sqlTime("chartdate")} AS time, ` +
          `FALSE AS time_from_stay, 'procedure' AS kind, ${p.system} AS system, ${sqlText("icd_code")} AS code, ` +
          `try_cast(seq_num AS INTEGER) AS seq, row_hash AS dup_key, ${p.reason} AS pre_reason, ` +
          `NULL::VARCHAR AS report_reason FROM m4_raw_procedures_icd`,
      ];
      if (rx) {
        events.push(
          `SELECT ${common(rx.no)}, ${sqlText("starttime")} AS time_raw, ${sqlTime("starttime")} AS time, ` +
            `FALSE AS time_from_stay, 'drug' AS kind, 'NDC' AS system, nullif(${sqlText("ndc")}, '0') AS code, ` +
            `NULL::INTEGER AS seq, row_hash AS dup_key, CASE WHEN nullif(${sqlText("ndc")}, '0') ` +
            `IS NULL THEN 'prescription without NDC' END AS pre_reason, NULL::VARCHAR AS report_reason FROM m4_raw_prescriptions`,
        );
      }
      const titles = [
        ...(ddx
          ? [
              `SELECT ${icdSystem("icd_version", false).system} AS system, trim(icd_code) AS code, long_title AS title FROM m4_raw_d_icd_diagnoses`,
            ]
          : []),
        ...(dpx
          ? [
              `SELECT ${icdSystem("icd_version", true).system} AS system, trim(icd_code) AS code, long_title AS title FROM m4_raw_d_icd_procedures`,
            ]
          : []),
        ...(rx
          ? [
              `SELECT 'NDC' AS system, ${sqlText("ndc")} AS code, min(drug) AS title FROM m4_raw_prescriptions WHERE nullif(${sqlText("ndc")}, '0') IS NOT NULL GROUP BY 2`,
            ]
          : []),
      ];

      const flag = `trim(a.hospital_expire_flag)`;
      const skips = await buildTimeline(c, {
        prefix: "m4",
        files,
        groupEmergency: false,
        patients:
          `SELECT ${patients.no} AS file_no, p.source_row, ${sqlText("p.subject_id")} AS patient_id, ` +
          `${sqlText("p.anchor_age")} AS birth_raw, try(make_timestamp(try_cast(p.anchor_year AS BIGINT) - ` +
          `try_cast(p.anchor_age AS BIGINT), 1, 1, 0, 0, 0)) AS birth_date, ${sqlText("p.gender")} AS sex, ` +
          `coalesce(a.death, ${sqlTime("p.dod")}) AS death_time, NULL::VARCHAR AS pre_reason, NULL::VARCHAR AS report_reason ` +
          `FROM m4_raw_patients p LEFT JOIN (SELECT trim(subject_id) AS sid, max(${sqlTime("deathtime")}) AS death ` +
          `FROM m4_raw_admissions GROUP BY 1) a ON a.sid = trim(p.subject_id)`,
        stays:
          `SELECT ${admissions.no} AS file_no, a.source_row, ${sqlText("a.hadm_id")} AS stay_id, ` +
          `${sqlText("a.subject_id")} AS patient_id, ${sqlText("a.admittime")} AS start_raw, ` +
          `${sqlTime("a.admittime")} AS start_time, ${sqlText("a.dischtime")} AS end_raw, ` +
          `${sqlTime("a.dischtime")} AS end_time, ${sqlText("a.admission_type")} AS stay_type, TRUE AS inpatient, ` +
          `FALSE AS emergency, nullif(${flag}, '') AS expire_flag, CASE WHEN nullif(${flag}, '') NOT IN ('0', '1') ` +
          `THEN 'hospital_expire_flag is neither 0 nor 1' END AS pre_reason FROM m4_raw_admissions a`,
        events: events.join(" UNION ALL "),
        notes: note
          ? {
              meta:
                `SELECT ${note.no} AS file_no, source_row, ${sqlText("note_id")} AS note_id, ` +
                `${sqlText("subject_id")} AS patient_id, ${sqlText("hadm_id")} AS stay_ref, ` +
                `${sqlText("charttime")} AS time_raw, ${sqlTime("charttime")} AS time, ` +
                `${sqlText("note_type")} AS category, NULL::VARCHAR AS description, ` +
                `try_cast(note_seq AS BIGINT) AS seq, CASE WHEN ${sqlText("note_seq")} IS NOT NULL AND ` +
                `try_cast(note_seq AS BIGINT) IS NULL THEN 'unparsable note_seq' END AS pre_reason ` +
                `FROM m4_raw_discharge`,
              text: [
                {
                  fileNos: [note.no],
                  sql:
                    `SELECT ${note.no} AS file_no, row_number() OVER () AS source_row, "text" AS text ` +
                    `FROM ${csvScan(note.file, noteHeader, { multiLine: true })}`,
                },
              ],
            }
          : undefined,
        titles:
          titles.length > 0
            ? `SELECT system, code, min(title) AS title FROM (${titles.join(" UNION ALL ")}) ` +
              `WHERE system IS NOT NULL AND code IS NOT NULL GROUP BY system, code`
            : `SELECT NULL::VARCHAR AS system, NULL::VARCHAR AS code, NULL::VARCHAR AS title WHERE FALSE`,
      });
      const hasNotes = await hasKeptNotes(c, note ? "m4_notes" : undefined);
      return makeTimeline("mimic4", dir, conn, hasNotes, skips);
    } catch (e) {
      conn.close();
      throw e;
    }
  },
};
