/**
 * OMOP CDM 5.4 (CSV or CSV.GZ, table and column names in any case) → patient timeline. Source id `omop`.
 * Point `--dir` at the folder holding the tables (a zipped CDM must be extracted first).
 *
 *   patients: PERSON; birth = birth_datetime, else year/month/day_of_birth (a missing month or day → the 1st,
 *             reported as kept); sex from gender_concept_id (8507 M, 8532 F), else gender_source_value;
 *             death from DEATH (death_datetime, else death_date; optional table).
 *   stays:    VISIT_OCCURRENCE (start/end datetime, else date); stay_type = the visit concept's name in CONCEPT
 *             (else its id); inpatient = visit_concept_id 9201 (inpatient) or 262 (emergency and inpatient);
 *             9203 (emergency room) visits are grouped into the inpatient stay they lead into
 *             (common/emergencyGrouping.ts). expire_flag derived: '1' when discharged_to_concept_id is 4216643
 *             (patient died) or the death date falls within the visit's dates, else '0'.
 *   events:   CONDITION_OCCURRENCE (diagnosis), PROCEDURE_OCCURRENCE (procedure), DRUG_EXPOSURE (drug),
 *             MEASUREMENT (lab, optional; value = value_as_number), codes through CONCEPT (omopConcepts.ts),
 *             time = start datetime/date.
 *   notes:    NOTE (optional): time = note_datetime/date, category = the note class concept's name,
 *             description = note_title, seq = note_id. NOTE is read in one scan (its quoted note_text holds line
 *             breaks, which DuckDB's parallel CSV reader can misplace: csvScan's multiLine).
 */

import { PrognosError } from "../../util/errors.ts";
import { csvHeader, csvScan, loadCsvTable } from "../common/csvTable.ts";
import { hasKeptNotes, makeTimeline, timelineConnection } from "../common/openTimeline.ts";
import { requireUtf8File } from "../common/requireUtf8File.ts";
import { collectSkips } from "../common/skips.ts";
import { findCsvFile, relativeName, requireCsvFile, requireDir } from "../common/sourceFiles.ts";
import { sqlIdent, sqlText, sqlTime } from "../common/sql.ts";
import { buildTimeline } from "../common/TimelineBuilder.ts";
import type { SourceReader, Timeline } from "../Timeline.ts";
import { CONCEPTS, conceptColumns, conceptJoins, conceptsTableSql } from "./omopConcepts.ts";

interface EventTable {
  table: string;
  kind: "diagnosis" | "procedure" | "drug" | "lab";
  prefix: string;
  date: string;
  required: boolean;
}

const EVENT_TABLES: readonly EventTable[] = [
  { table: "condition_occurrence", kind: "diagnosis", prefix: "condition", date: "condition_start", required: true },
  { table: "procedure_occurrence", kind: "procedure", prefix: "procedure", date: "procedure", required: true },
  { table: "drug_exposure", kind: "drug", prefix: "drug", date: "drug_exposure_start", required: true },
  { table: "measurement", kind: "lab", prefix: "measurement", date: "measurement", required: false },
];

/** SQL: the parsed datetime column, else the parsed date column (`<base>_datetime`, `<base>_date`). */
function when(base: string, alias = "t"): { raw: string; time: string } {
  const dt = `${alias}.${sqlIdent(`${base}_datetime`)}`;
  const d = `${alias}.${sqlIdent(`${base}_date`)}`;
  return { raw: `coalesce(${sqlText(dt)}, ${sqlText(d)})`, time: `coalesce(${sqlTime(dt)}, ${sqlTime(d)})` };
}

export const omopReader: SourceReader = {
  id: "omop",
  async open(dir, options): Promise<Timeline> {
    requireDir(dir);
    const conn = await timelineConnection(options);
    try {
      const c = conn.connection;
      const files: string[] = [];
      // NOTE's quoted note_text holds line breaks: read in one scan (csvScan's multiLine)
      const multiLine = (name: string) => name === "note";
      const load = async (name: string, required: string[], optional: string[] = [], must = true, columns?: string) => {
        const file = must ? requireCsvFile(dir, name) : findCsvFile(dir, name);
        if (!file) return undefined;
        const no = files.push(relativeName(dir, file)) - 1;
        const options = { columns, multiLine: multiLine(name) };
        await loadCsvTable(c, `omop_raw_${name}`, file, files[no]!, { required, optional }, options);
        return { no, file };
      };

      await load("concept", ["concept_id", "concept_name", "vocabulary_id", "concept_code"]);
      await c.run(conceptsTableSql("omop_raw_concept"));
      const person = (await load(
        "person",
        ["person_id", "gender_concept_id", "year_of_birth"],
        ["month_of_birth", "day_of_birth", "birth_datetime", "gender_source_value"],
      ))!;
      const death = await load("death", ["person_id", "death_date"], ["death_datetime"], false);
      // Visits and events are stored typed (times parsed, ids trimmed) as they are read: 12M rows at 100k patients.
      const [vs, ve] = [when("visit_start"), when("visit_end")];
      const visit = (await load(
        "visit_occurrence",
        ["visit_occurrence_id", "person_id", "visit_concept_id", "visit_start_date", "visit_end_date"],
        ["visit_start_datetime", "visit_end_datetime", "discharged_to_concept_id"],
        true,
        `${sqlText("t.visit_occurrence_id")} AS stay_id, ${sqlText("t.person_id")} AS patient_id, ` +
          `trim(t.visit_concept_id) AS concept, ${vs.raw} IS NOT NULL AS start_given, ${vs.time} AS start_time, ` +
          `${ve.raw} IS NOT NULL AS end_given, ${ve.time} AS end_time, ` +
          `trim(t.discharged_to_concept_id) AS discharged_to`,
      ))!;

      const eventSelects: string[] = [];
      const titleSelects: string[] = [];
      const eventTables: string[] = [];
      for (const e of EVENT_TABLES) {
        const src = `${e.prefix}_source_concept_id`;
        const std = `${e.prefix}_concept_id`;
        const t = when(e.date);
        const value = "try_cast(trim(t.value_as_number) AS DOUBLE)";
        const values =
          e.kind === "lab"
            ? `, ${value} AS value, CASE WHEN ${sqlText("t.value_as_number")} IS NOT NULL AND ${value} IS NULL THEN ` +
              `'value_as_number is not a number (kept; value NULL)' END AS value_reason`
            : "";
        const loaded = await load(
          e.table,
          ["person_id", std, `${e.date}_date`, "visit_occurrence_id"],
          [src, `${e.date}_datetime`, ...(e.kind === "lab" ? ["value_as_number"] : [])],
          e.required,
          `${sqlText("t.person_id")} AS patient_id, ${sqlText("t.visit_occurrence_id")} AS stay_ref, ` +
            `${t.raw} IS NOT NULL AS time_given, ${t.time} AS time, t.${src}, t.${std}${values}`,
        );
        if (!loaded) continue;
        eventTables.push(`omop_raw_${e.table}`);
        eventSelects.push(
          `SELECT ${loaded.no} AS file_no, t.source_row, t.patient_id, t.stay_ref, ` +
            `CASE WHEN t.time_given THEN '' END AS time_raw, t.time, FALSE AS time_from_stay, '${e.kind}' AS kind, ` +
            `${conceptColumns(src, std, e.kind === "procedure")}, NULL::INTEGER AS seq, t.row_hash AS dup_key, ` +
            `${values ? "t.value, t.value_reason" : "NULL::DOUBLE AS value, NULL::VARCHAR AS value_reason"} ` +
            `FROM omop_raw_${e.table} t ${conceptJoins(src, std)}`,
        );
        // titles from the distinct concept pairs (a few hundred), not from every event row
        titleSelects.push(
          `SELECT ${conceptColumns(src, std, e.kind === "procedure")} ` +
            `FROM (SELECT DISTINCT ${src}, ${std} FROM omop_raw_${e.table}) t ${conceptJoins(src, std)}`,
        );
      }
      await c.run(`CREATE OR REPLACE TEMP TABLE omop_titles AS SELECT system, code, min(title) AS title
        FROM (${titleSelects.join(" UNION ALL ")}) WHERE system IS NOT NULL AND code IS NOT NULL AND title IS NOT NULL
        GROUP BY system, code`);

      // DEATH: one row per person; later rows and rows of unknown persons are reported.
      const deaths = death
        ? `SELECT ${death.no} AS file_no, source_row, trim(person_id) AS pid, ${when("death", "d").time} AS time, ` +
          `${when("death", "d").raw} AS raw, CASE WHEN trim(person_id) NOT IN (SELECT trim(person_id) FROM ` +
          `omop_raw_person) THEN 'death of a person not in PERSON' WHEN row_number() OVER (PARTITION BY ` +
          `trim(person_id) ORDER BY source_row) > 1 THEN 'duplicate death row for the person (the first is used)' ` +
          `WHEN ${when("death", "d").time} IS NULL THEN 'unparsable death date' END AS skip_reason, ` +
          `NULL::VARCHAR AS report_reason FROM omop_raw_death d`
        : `SELECT 0 AS file_no, 0::BIGINT AS source_row, NULL::VARCHAR AS pid, NULL::TIMESTAMP AS time, NULL::VARCHAR AS raw, ` +
          `NULL::VARCHAR AS skip_reason, NULL::VARCHAR AS report_reason WHERE FALSE`;
      await c.run(`CREATE OR REPLACE TEMP TABLE omop_raw_deaths AS ${deaths}`);
      const deathOf = `(SELECT pid, time FROM omop_raw_deaths WHERE skip_reason IS NULL)`;

      const birth = `coalesce(${sqlTime("p.birth_datetime")}, try(make_timestamp(try_cast(p.year_of_birth AS BIGINT), coalesce(try_cast(p.month_of_birth AS BIGINT), 1), coalesce(try_cast(p.day_of_birth AS BIGINT), 1), 0, 0, 0)))`;
      const vt = "v.concept";

      const note = await load(
        "note",
        ["note_id", "person_id", "note_date", "visit_occurrence_id"],
        ["note_datetime", "note_class_concept_id", "note_title"],
        false,
      );
      const noteHeader = note ? await csvHeader(note.file, files[note.no]!) : [];
      if (note) await requireUtf8File(note.file, files[note.no]!);
      const textCol = noteHeader.find((h) => h.trim().toLowerCase() === "note_text");
      if (note && !textCol) throw new PrognosError("missing column note_text (any case)", { file: files[note.no] });

      const skips = await buildTimeline(c, {
        prefix: "omop",
        files,
        groupEmergency: true,
        patients:
          `SELECT ${person.no} AS file_no, p.source_row, ${sqlText("p.person_id")} AS patient_id, ` +
          `coalesce(${sqlText("p.birth_datetime")}, ${sqlText("p.year_of_birth")}) AS birth_raw, ${birth} AS birth_date, ` +
          `CASE trim(p.gender_concept_id) WHEN '8507' THEN 'M' WHEN '8532' THEN 'F' ELSE coalesce(` +
          `${sqlText("p.gender_source_value")}, trim(p.gender_concept_id)) END AS sex, d.time AS death_time, ` +
          `NULL::VARCHAR AS pre_reason, CASE WHEN ${sqlTime("p.birth_datetime")} IS NULL AND ${sqlText("p.year_of_birth")} IS ` +
          `NOT NULL AND (${sqlText("p.month_of_birth")} IS NULL OR ${sqlText("p.day_of_birth")} IS NULL) ` +
          `THEN 'birth month or day missing (kept; the 1st is used)' END AS report_reason ` +
          `FROM omop_raw_person p LEFT JOIN ${deathOf} d ON d.pid = trim(p.person_id)`,
        stays:
          `SELECT ${visit.no} AS file_no, v.source_row, v.stay_id, v.patient_id, ` +
          `CASE WHEN v.start_given THEN '' END AS start_raw, v.start_time, ` +
          `CASE WHEN v.end_given THEN '' END AS end_raw, v.end_time, coalesce(vc.title, ${vt}) AS stay_type, ` +
          `${vt} IN ('9201', '262') AS inpatient, ${vt} = '9203' AS emergency, ` +
          `CASE WHEN v.discharged_to = '4216643' THEN '1' WHEN d.time::DATE BETWEEN ` +
          `v.start_time::DATE AND v.end_time::DATE THEN '1' ELSE '0' END AS expire_flag, NULL::VARCHAR AS pre_reason ` +
          `FROM omop_raw_visit_occurrence v LEFT JOIN ${CONCEPTS} vc ON vc.concept_id = ${vt} ` +
          `LEFT JOIN ${deathOf} d ON d.pid = v.patient_id`,
        events: `SELECT * EXCLUDE (title, value_reason) REPLACE (coalesce(report_reason, value_reason) AS report_reason) FROM (${eventSelects.join(" UNION ALL ")})`,
        eventValues: true,
        notes: note
          ? {
              meta:
                `SELECT ${note.no} AS file_no, t.source_row, ${sqlText("t.note_id")} AS note_id, ` +
                `${sqlText("t.person_id")} AS patient_id, ${sqlText("t.visit_occurrence_id")} AS stay_ref, ` +
                `${when("note").raw} AS time_raw, ${when("note").time} AS time, ` +
                `coalesce(nc.title, nullif(${sqlText("t.note_class_concept_id")}, '0')) AS category, ` +
                `t.note_title AS description, try_cast(t.note_id AS BIGINT) AS seq, NULL::VARCHAR AS pre_reason ` +
                `FROM omop_raw_note t ` +
                `LEFT JOIN ${CONCEPTS} nc ON nc.concept_id = trim(t.note_class_concept_id)`,
              text: [
                {
                  fileNos: [note.no],
                  sql:
                    `SELECT ${note.no} AS file_no, row_number() OVER () AS source_row, ` +
                    `${sqlIdent(textCol!)} AS text FROM ${csvScan(note.file, noteHeader, { multiLine: true })}`,
                },
              ],
            }
          : undefined,
        titles: "SELECT system, code, title FROM omop_titles",
      });
      // the timeline lives in omop_patients|stays|events now: free the typed copies of the big files
      for (const t of [...eventTables, "omop_raw_visit_occurrence"]) {
        await c.run(`DROP VIEW ${t}`);
        await c.run(`DROP TABLE ${t}_rows`);
      }
      const deathSkips = await collectSkips(c, "omop_raw_deaths", files);
      const hasNotes = await hasKeptNotes(c, note ? "omop_notes" : undefined);
      return makeTimeline("omop", dir, conn, hasNotes, [...skips, ...deathSkips]);
    } catch (e) {
      conn.close();
      throw e;
    }
  },
};
