import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import {
  type CoreSectionKey,
  type CoreSections,
  extractCoreSections,
  hasMainSections,
  rebuildCoreNote,
} from "../../../src/tasks/notes/coreSections.ts";

const sec = (text: string, key: CoreSectionKey) => extractCoreSections(text).sections[key];

test("a section ends at a blank line followed by a `Heading:` line", () => {
  const text = "Chief Complaint:\nShortness of breath\n\nMajor Surgical or Invasive Procedure:\nnone";
  assert.equal(sec(text, "CHIEF_COMPLAINT"), "Shortness of breath");
});

test("numbered lines, lines without a colon and lines with digits or dots before the colon do not end it", () => {
  const mh =
    "Past Medical History:\n1. CAD\n\n2. HTN\n\nno colon here\n\nBP 120/80: ok\n\ne.g: x\n\nSocial History:\nx";
  assert.equal(sec(mh, "MEDICAL_HISTORY"), "1. CAD  2. HTN  no colon here  BP 120/80: ok  e.g: x");
  // ( ) | \ also stop the run before the colon
  assert.equal(sec("Allergies:\nA\n\nx(y: z\n\nw|v: u\n\nAttending:", "ALLERGIES"), "A  x(y: z  w|v: u");
  // Python's \d is Unicode: an Arabic-Indic digit does not end the section either
  assert.equal(sec("Allergies:\nA\n\n٣ doses: b\n\nAttending:", "ALLERGIES"), "A  ٣ doses: b");
});

test("any colon-terminated line after a blank line ends it, heading or not (the reference's rule)", () => {
  const fh = "Family History:\nMother with MI at 60\n\nBrother: healthy\n\nPhysical Exam:\nx";
  assert.equal(sec(fh, "FAMILY_HISTORY"), "Mother with MI at 60");
});

test("without a blank line the next section leaks in (issue #13); it is flagged, and cut on request", () => {
  const text = "Chief Complaint:\nAbdominal pain\nMajor Surgical or Invasive Procedure:\nLap chole\n\nHistory of x:";
  const kept = extractCoreSections(text);
  assert.equal(kept.sections.CHIEF_COMPLAINT, "Abdominal pain Major Surgical or Invasive Procedure: Lap chole");
  assert.deepEqual(kept.leaks, ["CHIEF_COMPLAINT"]);
  const cut = extractCoreSections(text, { sectionLeaks: "cut" });
  assert.equal(cut.sections.CHIEF_COMPLAINT, "Abdominal pain");
  assert.deepEqual(cut.leaks, ["CHIEF_COMPLAINT"]);
});

test("headings match case-insensitively anywhere: `medical history:` inside `Past Medical History:`", () => {
  assert.equal(sec("PAST MEDICAL HISTORY:\nGERD\n\nSOCIAL HISTORY:\nx", "MEDICAL_HISTORY"), "GERD");
  assert.equal(sec("History of Present Illness:\nfever\n\nPMH:", "PRESENT_ILLNESS"), "fever");
  // Python's IGNORECASE also folds ſ onto s and ı onto i
  assert.equal(sec("Social Hiſtory:\nsmoker\n\nFamily Hıstory:\nnone\n\nEnd:", "SOCIAL_HISTORY"), "smoker");
  assert.equal(sec("Social Hiſtory:\nsmoker\n\nFamily Hıstory:\nnone\n\nEnd:", "FAMILY_HISTORY"), "none");
});

test("the first match wins; a missing section or one never closed is empty; order in the note does not matter", () => {
  const text = "Social History:\nalone\n\nChief Complaint:\npain\n\nChief Complaint:\nlater\n\nAllergies:\nnone";
  assert.equal(sec(text, "CHIEF_COMPLAINT"), "pain");
  assert.equal(sec(text, "SOCIAL_HISTORY"), "alone");
  assert.equal(sec(text, "ALLERGIES"), ""); // nothing after it ends it
  assert.equal(sec(text, "PHYSICAL_EXAM"), "");
});

test("blank lines after a heading are skipped; `[]` text is kept (the reference's no-op); inner breaks become spaces", () => {
  assert.equal(
    sec("History of Present Illness:\n\n\nPatient is a 58M.\n\nHospital Course:", "PRESENT_ILLNESS"),
    "Patient is a 58M.",
  );
  assert.equal(sec("Allergies:\n[] No Known Allergies\n\nAttending:", "ALLERGIES"), "[] No Known Allergies");
});

test("\\r is plain text to the reference: CRLF blank lines do not end a section, \\r stays inside it", () => {
  assert.equal(sec("Allergies:\r\nA\r\n\r\nAttending:\r\nB\n\nEnd:", "ALLERGIES"), "A\r \r Attending:\r B");
  assert.equal(sec("Allergies:\na\r\nb\n\nEnd:", "ALLERGIES"), "a\r b");
});

test("steps 6 and 7: main sections required; the rebuilt note's fixed headings and order", () => {
  const empty: CoreSections = {
    CHIEF_COMPLAINT: "",
    PRESENT_ILLNESS: "",
    MEDICAL_HISTORY: "",
    MEDICATION_ADM: "m",
    ALLERGIES: "a",
    PHYSICAL_EXAM: "p",
    FAMILY_HISTORY: "f",
    SOCIAL_HISTORY: "s",
  };
  assert.equal(hasMainSections(empty), false);
  assert.equal(hasMainSections({ ...empty, MEDICAL_HISTORY: "x" }), true);
  assert.equal(
    rebuildCoreNote({ ...empty, CHIEF_COMPLAINT: "c" }),
    "CHIEF COMPLAINT: c\n\nPRESENT ILLNESS: \n\nMEDICAL HISTORY: \n\nMEDICATION ON ADMISSION: m\n\nALLERGIES: a\n\n" +
      "PHYSICAL EXAM: p\n\nFAMILY HISTORY: f\n\nSOCIAL HISTORY: s",
  );
});

interface ParityRow {
  text: string;
  sections: CoreSections;
  kept: boolean;
  rebuilt: string | null;
}

test("600 edge-case texts: the same sections, verdicts and rebuilt notes as the pandas reference", () => {
  const rows = JSON.parse(readFileSync("test/fixtures/tasks/regex-parity.json", "utf8")) as ParityRow[];
  assert.equal(rows.length, 600);
  let found = 0;
  for (const [i, row] of rows.entries()) {
    const { sections } = extractCoreSections(row.text);
    assert.deepEqual(sections, row.sections, `text #${i}`);
    assert.equal(hasMainSections(sections), row.kept, `text #${i}`);
    if (row.kept) assert.equal(rebuildCoreNote(sections), row.rebuilt, `text #${i}`);
    found += Object.values(sections).filter((v) => v !== "").length;
  }
  assert.ok(found > 300, `the fixture exercises non-empty sections (${found})`);
});
