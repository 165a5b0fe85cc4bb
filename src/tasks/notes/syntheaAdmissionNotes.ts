/**
 * Admission notes of Synthea-derived sources (FHIR DocumentReference, OMOP NOTE), one outcome per inpatient stay,
 * from sources/synthea/readSyntheaAdmissionNotes.ts (admission-only sections, drugs as of admission, an emergency
 * visit grouped with the stay it leads into — see there and syntheaAdmissionNote.ts). Per stay:
 *   step 1  dropped: an inpatient stay without a note (neither its own nor one of an emergency visit leading in)
 *   step 6  dropped: no chief complaint and no present illness (Synthea writes no medical-history section)
 *   kept:   the note in CORe's rebuilt layout; flags count the notes whose Assessment and Plan, medications
 *           started during the stay, or unknown sections were left out (section names only, never text).
 */
import { readSyntheaAdmissionNotes } from "../../sources/synthea/readSyntheaAdmissionNotes.ts";
import type { AdmissionNoteRules, StayOutcome } from "./AdmissionNoteRules.ts";

export const NO_NOTE_REASON = "inpatient stay without a note (nor one on an emergency visit leading into it)";

export function syntheaAdmissionNoteRules(source: "fhir" | "omop"): AdmissionNoteRules {
  const table = source === "fhir" ? "DocumentReference" : "NOTE";
  return {
    kind: "stays",
    name: `${source}: Synthea ${table} notes, admission-only sections (no Assessment and Plan, drugs as of admission)`,
    async *stays(timeline): AsyncGenerator<StayOutcome> {
      for await (const a of readSyntheaAdmissionNotes(timeline)) {
        const { stayId, note } = a;
        if (!note) {
          yield { stayId, outcome: { kept: false, step: "1", reason: NO_NOTE_REASON } };
          continue;
        }
        if (note.sections.chiefComplaint === "" && note.sections.presentIllness === "") {
          const reason = "no chief complaint or present illness found";
          yield { stayId, outcome: { kept: false, step: "6", reason } };
          continue;
        }
        const flags = [
          ...(note.droppedAssessmentAndPlan ? ["Assessment and Plan left out"] : []),
          ...(note.droppedMedications > 0 ? ["medications not ordered before admission left out"] : []),
          ...note.unknownSections.map((s) => `unknown section left out: ${s}`),
        ];
        yield { stayId, outcome: { kept: true, text: note.text, patientId: a.patientId, noteId: a.noteId, flags } };
      }
    },
  };
}
