import type { DuckDBConnection } from "@duckdb/node-api";
import { sqlString } from "../../sources/common/sql.ts";
import type { Timeline } from "../../sources/Timeline.ts";
import type { BuildCoreTasksOptions } from "../buildCoreTasks.ts";
import { NdjsonSpool } from "../NdjsonSpool.ts";
import type { PatientSplitter } from "../splits/Split.ts";
import { seededShuffleKey } from "../splits/seededShuffleKey.ts";
import type { AdmissionNotesSummary } from "../taskManifest.ts";
import { ADMISSION_NOTES_TABLE } from "../taskRows.ts";
import { getAdmissionNoteRules } from "./admissionNoteRulesRegistry.ts";
import { buildAdmissionNotes } from "./buildAdmissionNotes.ts";
import { filterDeathMentions } from "./mortalityLeakageFilter.ts";

/** Makes the admission notes and loads them into prognos_adm_notes, with split, shuffle key and death filter. */
export async function loadAdmissionNotes(
  timeline: Timeline,
  options: Pick<BuildCoreTasksOptions, "onProgress" | "sectionLeaks">,
  splitter: PatientSplitter,
  seed: number,
): Promise<AdmissionNotesSummary> {
  const phase = (message: string) => options.onProgress?.({ kind: "phase", message });
  const rules = getAdmissionNoteRules(timeline.source, { sectionLeaks: options.sectionLeaks });
  const spool = NdjsonSpool.create();
  try {
    const report = await buildAdmissionNotes(timeline, rules, {
      onNote: async (note) => {
        const death = filterDeathMentions(note.text);
        await spool.write({
          stay_id: note.stayId,
          patient_id: note.patientId,
          note_id: note.noteId,
          split: splitter.splitOf(note.patientId),
          order_key: seededShuffleKey(seed, note.stayId),
          text: note.text,
          mp_text: death.cut ? death.text : null,
          death_reason: death.dropReason,
        });
      },
      onProgress: (done, total) => options.onProgress?.({ kind: "notes", done, total }),
      onPhase: phase,
    });
    phase("loading admission notes");
    await spool.close();
    await loadSpool(timeline.connection, spool.path);
    return { rules: rules.name, ...report };
  } finally {
    spool.remove();
  }
}

async function loadSpool(conn: DuckDBConnection, path: string): Promise<void> {
  const columns = ["stay_id", "patient_id", "note_id", "split", "order_key", "text", "mp_text", "death_reason"];
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${ADMISSION_NOTES_TABLE} AS
    SELECT * FROM read_json(${sqlString(path)}, format = 'newline_delimited',
      columns = {${columns.map((c) => `${c}: 'VARCHAR'`).join(", ")}}, maximum_object_size = 33554432)`);
}
