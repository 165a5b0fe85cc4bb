import assert from "node:assert/strict";
import { test } from "node:test";
import type { StayNote } from "../../../src/tasks/notes/AdmissionNoteRules.ts";
import { blankWhitespaceLines, mimic4AdmissionNote } from "../../../src/tasks/notes/mimic4AdmissionNotes.ts";

const n = (noteId: string, text: string): StayNote => ({
  noteId,
  patientId: "10000001",
  stayId: "21000001",
  time: "2150-01-01 00:00:00",
  seq: null,
  category: "DS",
  description: null,
  text,
});

test("lines of only spaces or tabs become blank lines; other lines are untouched", () => {
  assert.equal(blankWhitespaceLines(" \nA:\nx\n \t \nB:\n y \n "), "\nA:\nx\n\nB:\n y \n");
});

test("MIMIC-IV's ' \\n' separators end sections as blank lines do; without the step the section would run on", () => {
  const text =
    "Chief Complaint:\ncough\n \nMajor Surgical or Invasive Procedure:\nnone\n \nHistory of Present Illness:\nill";
  const out = mimic4AdmissionNote([n("a", `${text}\n \nPast Medical History:\nasthma\n \nEnd:`)]);
  assert.ok(out.kept);
  assert.ok(out.text.startsWith("CHIEF COMPLAINT: cough\n\nPRESENT ILLNESS: ill\n\nMEDICAL HISTORY: asthma\n\n"));
  assert.ok(out.flags?.includes("lines of only spaces taken as blank lines"));
});

test("notes joined in the given (note_seq) order; ids from the first; no main section → step 6", () => {
  const out = mimic4AdmissionNote([n("first", "Chief Complaint:\nfever"), n("second", "Addendum:\nlate")]);
  assert.ok(out.kept);
  assert.equal(out.noteId, "first");
  assert.ok(out.text.startsWith("CHIEF COMPLAINT: fever\n\n"));
  assert.deepEqual(mimic4AdmissionNote([n("x", "Brief Hospital Course:\nok\n\nEnd:")]), {
    kept: false,
    step: "6",
    reason: "no chief complaint, present illness or medical history found",
  });
});
