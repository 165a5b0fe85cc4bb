/**
 * Synthea 3.x CSV export (`--exporter.csv.export true`) → patient timeline. Source id `synthea-csv`.
 *
 * Reads patients, encounters, conditions (SNOMED CT), procedures (SNOMED CT), medications (RxNorm) and, when
 * present, observations (LOINC, as kind 'lab'); .csv or .csv.gz, in the folder or its csv/ sub-folder. Newer
 * exports add a SYSTEM column to some tables: when there, it names the system (unknown ones are skipped).
 * Synthea CSV has no notes (hasNotes false).
 *
 *   stays:  encounters; stay_type = ENCOUNTERCLASS; inpatient = 'inpatient'; emergency visits are grouped into
 *           the inpatient stay they lead into (common/emergencyGrouping.ts).
 *           expire_flag is derived ('1' when the patient's DEATHDATE falls within the encounter's dates, else '0';
 *           NULL when DEATHDATE is unparsable): Synthea CSV has no in-hospital death flag.
 *   events: condition START (a date), procedure START (DATE in older exports), medication START, observation DATE;
 *           an observation's VALUE is tl_events.value when it is a number (TYPE 'text' values are not; units not carried).
 */
import { PrognosError } from "../../util/errors.ts";
import { sqlCodeSystem } from "../common/codeSystems.ts";
import { loadCsvTable } from "../common/csvTable.ts";
import { makeTimeline, timelineConnection } from "../common/openTimeline.ts";
import { findCsvFile, relativeName, requireCsvFile, requireDir } from "../common/sourceFiles.ts";
import { sqlText, sqlTime } from "../common/sql.ts";
import { buildTimeline } from "../common/TimelineBuilder.ts";
import type { SourceReader, Timeline } from "../Timeline.ts";

const SUBDIRS = ["", "csv"];

interface EventTable {
  name: string;
  kind: "diagnosis" | "procedure" | "drug" | "lab";
  /** Code system when the file has no SYSTEM column. */
  system: string;
  required: boolean;
}

const EVENT_TABLES: readonly EventTable[] = [
  { name: "conditions", kind: "diagnosis", system: "SNOMED", required: true },
  { name: "procedures", kind: "procedure", system: "SNOMED", required: true },
  { name: "medications", kind: "drug", system: "RXNORM", required: true },
  { name: "observations", kind: "lab", system: "LOINC", required: false },
];

export const syntheaCsvReader: SourceReader = {
  id: "synthea-csv",
  async open(dir, options): Promise<Timeline> {
    requireDir(dir);
    const conn = await timelineConnection(options);
    try {
      const c = conn.connection;
      const files: string[] = [];
      const fileNo = (file: string): number => files.push(relativeName(dir, file)) - 1;

      const patientsFile = requireCsvFile(dir, "patients", SUBDIRS);
      const pf = fileNo(patientsFile);
      await loadCsvTable(c, "syn_raw_patients", patientsFile, files[pf]!, {
        required: ["id", "birthdate", "deathdate", "gender"],
      });
      const encountersFile = requireCsvFile(dir, "encounters", SUBDIRS);
      const ef = fileNo(encountersFile);
      await loadCsvTable(c, "syn_raw_encounters", encountersFile, files[ef]!, {
        required: ["id", "start", "stop", "patient", "encounterclass"],
      });

      const eventSelects: string[] = [];
      const titleSelects: string[] = [];
      for (const t of EVENT_TABLES) {
        const file = t.required ? requireCsvFile(dir, t.name, SUBDIRS) : findCsvFile(dir, t.name, SUBDIRS);
        if (!file) continue;
        const no = fileNo(file);
        const table = `syn_raw_${t.name}`;
        const present = await loadCsvTable(c, table, file, files[no]!, {
          required: ["patient", "encounter", "code", "description"],
          optional: ["start", "date", "system", ...(t.kind === "lab" ? ["value", "type"] : [])],
        });
        const timeCol = present.has("start") ? "start" : present.has("date") ? "date" : undefined;
        if (!timeCol) throw new PrognosError("missing column start (or date, in older exports)", { file: files[no] });
        const system = present.has("system") ? sqlCodeSystem("system", t.kind === "procedure") : `'${t.system}'`;
        const unknown = present.has("system")
          ? `CASE WHEN ${sqlText("system")} IS NOT NULL AND ${system} IS NULL ` +
            `THEN 'code of unknown system: ' || trim(system) END`
          : "NULL";
        const value = t.kind === "lab" && present.has("value") ? "try_cast(trim(value) AS DOUBLE)" : "NULL::DOUBLE";
        const valueReason =
          t.kind === "lab" && present.has("value")
            ? `CASE WHEN lower(trim(type)) = 'numeric' AND ${sqlText("value")} IS NOT NULL AND ${value} IS NULL ` +
              `THEN 'numeric VALUE is not a number (kept; value NULL)' END`
            : "NULL::VARCHAR";
        eventSelects.push(
          `SELECT ${no} AS file_no, source_row, ${sqlText("patient")} AS patient_id, ` +
            `${sqlText("encounter")} AS stay_ref, ${sqlText(timeCol)} AS time_raw, ${sqlTime(timeCol)} AS time, ` +
            `FALSE AS time_from_stay, '${t.kind}' AS kind, ${system} AS system, ${sqlText("code")} AS code, ` +
            `NULL::INTEGER AS seq, row_hash AS dup_key, ${unknown} AS pre_reason, ${valueReason} AS report_reason, ` +
            `${value} AS value FROM ${table}`,
        );
        titleSelects.push(`SELECT ${system} AS system, ${sqlText("code")} AS code, description FROM ${table}`);
      }

      const deathDate = `${sqlTime("p.deathdate")}::DATE`;
      const skips = await buildTimeline(c, {
        prefix: "syn",
        files,
        groupEmergency: true,
        patients:
          `SELECT ${pf} AS file_no, source_row, ${sqlText("id")} AS patient_id, ${sqlText("birthdate")} AS birth_raw, ` +
          `${sqlTime("birthdate")} AS birth_date, ${sqlText("gender")} AS sex, ${sqlTime("deathdate")} AS death_time, ` +
          `NULL::VARCHAR AS pre_reason, CASE WHEN ${sqlText("deathdate")} IS NOT NULL AND ${sqlTime("deathdate")} IS NULL ` +
          `THEN 'unparsable death date (kept; death_time NULL)' END AS report_reason FROM syn_raw_patients`,
        stays:
          `SELECT ${ef} AS file_no, e.source_row, ${sqlText("e.id")} AS stay_id, ${sqlText("e.patient")} AS patient_id, ` +
          `${sqlText("e.start")} AS start_raw, ${sqlTime("e.start")} AS start_time, ${sqlText("e.stop")} AS end_raw, ` +
          `${sqlTime("e.stop")} AS end_time, ${sqlText("e.encounterclass")} AS stay_type, ` +
          `lower(trim(e.encounterclass)) = 'inpatient' AS inpatient, ` +
          `lower(trim(e.encounterclass)) = 'emergency' AS emergency, ` +
          `CASE WHEN ${sqlText("p.deathdate")} IS NULL THEN '0' WHEN ${deathDate} IS NULL THEN NULL ` +
          `WHEN ${deathDate} BETWEEN ${sqlTime("e.start")}::DATE AND ${sqlTime("e.stop")}::DATE THEN '1' ELSE '0' END ` +
          `AS expire_flag, NULL::VARCHAR AS pre_reason ` +
          `FROM syn_raw_encounters e LEFT JOIN (SELECT trim(id) AS id, min_by(deathdate, source_row) AS deathdate ` +
          `FROM syn_raw_patients GROUP BY trim(id)) p ON p.id = trim(e.patient)`,
        events: eventSelects.join(" UNION ALL "),
        eventValues: true,
        titles:
          `SELECT system, code, min(description) AS title FROM (${titleSelects.join(" UNION ALL ")}) ` +
          `WHERE system IS NOT NULL AND code IS NOT NULL GROUP BY system, code`,
      });
      return makeTimeline("synthea-csv", dir, conn, false, skips);
    } catch (e) {
      conn.close();
      throw e;
    }
  },
};
