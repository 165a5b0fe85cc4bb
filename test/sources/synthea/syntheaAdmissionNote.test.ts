import assert from "node:assert/strict";
import { test } from "node:test";
import { fhirReader } from "../../../src/sources/fhir/FhirReader.ts";
import { omopReader } from "../../../src/sources/omop/OmopReader.ts";
import { readSyntheaAdmissionNotes } from "../../../src/sources/synthea/readSyntheaAdmissionNotes.ts";
import {
  medicationEntries,
  syntheaAdmissionNote,
  syntheaSections,
} from "../../../src/sources/synthea/syntheaAdmissionNote.ts";

// A note in Synthea's layout (written by hand; the bundled notes have the same headings).
const NOTE = [
  "2020-01-01",
  "",
  "# Chief Complaint",
  "- Cough",
  "- Fever",
  "",
  "# History of Present Illness",
  "Test patient",
  " is a 70 year-old female. Patient has a history of hypertension.",
  "",
  "# Social History",
  "Patient is married.",
  " Never smoked.",
  "",
  "# Allergies",
  "No Known Allergies.",
  "",
  "# Medications",
  "lisinopril 10 mg oral tablet; cisplatin 50 mg injection; amoxicillin 250 mg / clavulanate 125 mg oral tablet",
  "",
  "# Vital Signs",
  "BP 120/80",
  "",
  "# Assessment and Plan",
  "Patient is presenting with sepsis (disorder).",
  "",
  "## Plan",
  "The patient was prescribed the following medications:",
  "- cisplatin 50 mg injection",
].join("\n");

test("Synthea note → CORe layout: kept sections, medications as of admission, no Assessment and Plan", () => {
  const before = new Set(["lisinopril 10 mg oral tablet", "amoxicillin 250 mg / clavulanate 125 mg oral tablet"]);
  const out = syntheaAdmissionNote(NOTE, before);
  assert.equal(
    out.text,
    "CHIEF COMPLAINT: - Cough - Fever\n\n" +
      "PRESENT ILLNESS: Test patient is a 70 year-old female. Patient has a history of hypertension.\n\n" +
      "MEDICAL HISTORY: \n\n" +
      "MEDICATION ON ADMISSION: lisinopril 10 mg oral tablet; amoxicillin 250 mg / clavulanate 125 mg oral tablet\n\n" +
      "ALLERGIES: No Known Allergies.\n\n" +
      "PHYSICAL EXAM: \n\n" +
      "FAMILY HISTORY: \n\n" +
      "SOCIAL HISTORY: Patient is married. Never smoked.",
  );
  assert.equal(out.droppedMedications, 1);
  assert.equal(out.droppedAssessmentAndPlan, true);
  assert.deepEqual(out.unknownSections, ["vital signs"]);
  for (const leak of ["sepsis", "presenting", "Plan", "cisplatin", "BP 120/80", "2020-01-01"]) {
    assert.ok(!out.text.includes(leak), leak);
  }
});

test("medication entries: '; '-separated; 'No Active Medications.' is no entry; names compared lower-cased", () => {
  assert.deepEqual(medicationEntries("a 1 mg; b 2 mg\n"), ["a 1 mg", "b 2 mg"]);
  assert.deepEqual(medicationEntries("No Active Medications.\n"), []);
  const out = syntheaAdmissionNote(
    "# Medications\nLisinopril 10 MG Oral Tablet\n",
    new Set(["lisinopril 10 mg oral tablet"]),
  );
  assert.deepEqual(out.sections.medications, ["Lisinopril 10 MG Oral Tablet"]);
  assert.equal(syntheaSections("preamble\n# A\nx\n## B\ny\n").get("a"), "x\n## B\ny\n");
});

test("bundled FHIR sample: 49 inpatient admissions, each with a note; no Assessment and Plan text reaches one", async () => {
  const tl = await fhirReader.open("data/synthea-fhir");
  try {
    let n = 0;
    let withAp = 0;
    let meds = 0;
    for await (const a of readSyntheaAdmissionNotes(tl)) {
      n++;
      assert.ok(a.note, a.stayId);
      if (a.note.droppedAssessmentAndPlan) withAp++;
      meds += a.note.sections.medications.length;
      assert.deepEqual(a.note.unknownSections, []);
      for (const leak of [
        "Assessment and Plan",
        "## Plan",
        "presenting with",
        "procedures were conducted",
        "was prescribed",
      ]) {
        assert.ok(!a.note.text.includes(leak), `${a.stayId}: ${leak}`);
      }
      assert.ok(a.note.sections.chiefComplaint.length > 0, a.stayId);
    }
    assert.equal(n, 49);
    assert.equal(withAp, 49);
    // 238 medication entries in these notes, each ordered before its admission (checked in plain Python)
    assert.equal(meds, 238);
  } finally {
    tl.close();
  }
});

test("admission = the emergency visit's start; its note is used; drugs ordered during the stay are dropped", async () => {
  const tl = await fhirReader.open("test/fixtures/sources/fhir-bad");
  try {
    const got = [];
    for await (const a of readSyntheaAdmissionNotes(tl)) got.push(a);
    assert.deepEqual(
      got.map((a) => [a.stayId, a.admitTime.toISOString(), a.noteId]),
      [
        ["eb", "2020-01-01T13:00:00.000Z", "da"], // ea (emergency, 08:00-05:00) leads into eb (08:30-05:00)
        ["ed", "2020-04-30T22:00:00.000Z", null],
      ],
    );
    assert.deepEqual(got[0]!.note!.sections.medications, ["lisinopril 10 mg oral tablet"]); // ordered 2019-06-01
    assert.equal(got[0]!.note!.droppedMedications, 1); // furosemide, ordered 2020-01-02 in the stay
    assert.equal(got[1]!.note, null);
  } finally {
    tl.close();
  }
});

test("OMOP NOTE with Synthea text: the same rules (a drug first ordered inside the stay is dropped)", async () => {
  const tl = await omopReader.open("test/fixtures/sources/omop-bad");
  try {
    const got = [];
    for await (const a of readSyntheaAdmissionNotes(tl)) got.push(a);
    const s11 = got.find((a) => a.stayId === "11")!;
    assert.equal(s11.noteId, "1"); // written on emergency visit 10, which leads into 11
    assert.equal(s11.admitTime.toISOString(), "2020-01-01T08:00:00.000Z");
    assert.deepEqual(s11.note!.sections.medications, []);
    assert.equal(s11.note!.droppedMedications, 2);
    assert.equal(s11.note!.sections.chiefComplaint, "- Shortness of breath");
    assert.ok(!s11.note!.text.includes("congestive"));
  } finally {
    tl.close();
  }
});
