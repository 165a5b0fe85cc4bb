import assert from "node:assert/strict";
import { test } from "node:test";
import type { StayNote } from "../../../src/tasks/notes/AdmissionNoteRules.ts";
import { mimic3AdmissionNote } from "../../../src/tasks/notes/mimic3AdmissionNotes.ts";

const n = (noteId: string, description: string, text: string, patientId: string | null = "7"): StayNote => ({
  noteId,
  patientId,
  stayId: "1",
  time: "2150-01-01 00:00:00",
  seq: noteId,
  category: "Discharge summary",
  description,
  text,
});

test("step 4: texts joined in order with a blank line; ids from the last Report; stripped", () => {
  const out = mimic3AdmissionNote([
    n("1", "Report", "  Chief Complaint:\nold\n\nHPI:"),
    n("2", "Addendum", "Family History:\nmother\n\nEnd:", "8"),
    n("3", "Report", "Chief Complaint:\nnew\n\nEnd:  \n", "9"),
  ]);
  assert.ok(out.kept);
  assert.equal(out.noteId, "3");
  assert.equal(out.patientId, "9");
  assert.ok(out.text.startsWith("CHIEF COMPLAINT: old\n\n"));
  assert.ok(out.text.includes("FAMILY HISTORY: mother\n\n"));
});

test("a section that starts in one note and ends in the next is joined across the blank line", () => {
  const out = mimic3AdmissionNote([
    n("1", "Report", "Chief Complaint:\npain"),
    n("2", "Addendum", "Allergies:\nnone\n\nX:"),
  ]);
  assert.ok(out.kept);
  assert.ok(out.text.startsWith("CHIEF COMPLAINT: pain\n\n"));
  assert.ok(out.text.includes("ALLERGIES: none\n\n"));
});

test("step 4 drops admissions with only addenda; step 6 those without main sections", () => {
  assert.deepEqual(mimic3AdmissionNote([n("1", "Addendum", "Chief Complaint:\npain\n\nX:")]), {
    kept: false,
    step: "4",
    reason: "only addenda: no note with DESCRIPTION 'Report'",
  });
  assert.deepEqual(mimic3AdmissionNote([n("1", "Report", "Allergies:\nnone\n\nPhysical Exam:\nok\n\nX:")]), {
    kept: false,
    step: "6",
    reason: "no chief complaint, present illness or medical history found",
  });
  assert.equal(mimic3AdmissionNote([n("1", "Report", "Chief Complaint:\np\n\nX:", null)]).kept, false);
});

test("flags count empty sections and possible neighbouring-section text, never text", () => {
  const out = mimic3AdmissionNote([n("1", "Report", "Chief Complaint:\npain\nPertinent Results:\nWBC 9\n\nX:")]);
  assert.ok(out.kept);
  assert.ok(out.flags!.includes("possible neighbouring-section text in CHIEF_COMPLAINT (kept)"));
  assert.ok(out.flags!.includes("empty section: SOCIAL_HISTORY"));
  assert.equal(out.flags!.length, 8);
});
