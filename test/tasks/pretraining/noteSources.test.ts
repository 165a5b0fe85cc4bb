import assert from "node:assert/strict";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { synthesizeMimic3 } from "../../../src/synth/mimic3/synthesizeMimic3.ts";
import type { SourceDocuments } from "../../../src/tasks/pretraining/NoteDocument.ts";
import { parseNoteSource, readNoteSources } from "../../../src/tasks/pretraining/readNoteSources.ts";
import { coreListSplitter } from "../../../src/tasks/splits/coreSplitLists.ts";
import { seededHashSplit } from "../../../src/tasks/splits/seededHashSplit.ts";
import { readCsv, records } from "../../synth/helpers/mimicCsv.ts";

const read = (...given: string[]) =>
  readNoteSources(given.map(parseNoteSource), { headings: "mtsamples", splitSeed: 123, allPatients: false });
const skipped = (s: SourceDocuments, reason: string) => s.skipped.find((x) => x.reason.includes(reason))?.count ?? 0;

test("mimic3: the training patients' documents equal the pandas reference (scripts/fixtures/core_pretraining_reference.py)", async () => {
  const [s] = await read("mimic3:test/fixtures/mimic3/hospital");
  const expected = JSON.parse(readFileSync("test/fixtures/pretraining/hospital-documents.json", "utf8")) as {
    fixed: Record<string, [string, string]>;
    reference: Record<string, [string, string]>;
    held_out: string[];
  };
  assert.deepEqual(
    Object.fromEntries(s!.documents.map((d) => [d.id.replace("mimic3:", ""), [d.admission, d.outcome]])),
    expected.fixed,
  );
  // The reference's own code leaves the four two-spelling sections empty (docs/core-pretraining.md): Prognos does not.
  assert.notDeepEqual(expected.fixed, expected.reference);
  assert.match(expected.reference["100001"]![0], /ALLERGIES: {3}PHYSICAL EXAM: {3}/);
  assert.doesNotMatch(expected.fixed["100001"]![0], /ALLERGIES: {3}PHYSICAL EXAM: {3}/);
  // Val/test/no-list patients are counted, never read further.
  const held = skipped(s!, "val split") + skipped(s!, "test split") + skipped(s!, "no split");
  assert.equal(held, expected.held_out.length);
  assert.equal(s!.read, 19);
  assert.ok(skipped(s!, "no hospital course or discharge diagnosis") > 0);
});

test("synth: a synthetic hospital gives documents of training patients only, every part under CORe's headings", async () => {
  const dir = mkdtempSync(join(tmpdir(), "prognos-pretrain-synth-"));
  await synthesizeMimic3({ admissions: 120, otherNotes: 0, seed: 3, outDir: dir });
  const [s] = await read(`synth:${dir}`);
  const subjectOf = new Map(
    records(readCsv(join(dir, "ADMISSIONS.csv"))).map((a) => [a.HADM_ID!, a.SUBJECT_ID!] as const),
  );
  const lists = coreListSplitter();
  assert.ok(s!.documents.length >= 50, `${s!.documents.length} documents`);
  for (const d of s!.documents) {
    assert.equal(lists.splitOf(subjectOf.get(d.id.replace("synth:", ""))!), "train", d.id);
    assert.match(d.admission, /^CHIEF COMPLAINT: .*PRESENT ILLNESS: .*SOCIAL HISTORY: /);
    assert.match(d.outcome, /^MAJOR SURGICAL \/ INVASIVE PROCEDURE: .*HOSPITAL COURSE: \S.*DISCHARGE CONDITION: /);
    assert.ok(!d.admission.includes("\n") && !d.outcome.includes("\n"));
  }
  assert.ok(skipped(s!, "val split") > 0 && skipped(s!, "test split") > 0);
  const all = await readNoteSources([parseNoteSource(`synth:${dir}`)], {
    headings: "mtsamples",
    splitSeed: 123,
    allPatients: true,
  });
  assert.ok(all[0]!.documents.length > s!.documents.length);
});

test("mimic4: discharge notes of training patients (the tasks' seeded hash, seed 123) only", async () => {
  const dir = mkdtempSync(join(tmpdir(), "prognos-pretrain-mimic4-"));
  cpSync("test/fixtures/tasks/mimic4/hosp", join(dir, "hosp"), { recursive: true });
  mkdirSync(join(dir, "note"));
  const admissions = records(readCsv(join(dir, "hosp", "admissions.csv")));
  const note = (i: number) =>
    `Chief Complaint:\ndyspnea ${i}\n\nHistory of Present Illness:\nworse for ${i} days\n\n` +
    `Brief Hospital Course:\ndiuresed\n\nDischarge Diagnosis:\nheart failure\n\nDischarge Condition:\nstable\n\nFollowup Instructions:\n___`;
  const rows = admissions.map(
    (a, i) => `${a.hadm_id}-DS-1,${a.subject_id},${a.hadm_id},DS,1,2150-01-04 00:00:00,,"${note(i)}"`,
  );
  writeFileSync(
    join(dir, "note", "discharge.csv"),
    `note_id,subject_id,hadm_id,note_type,note_seq,charttime,storetime,text\n${rows.join("\n")}\n`,
  );
  const [s] = await read(`mimic4:${dir}`);
  const train = admissions
    .filter((a) => seededHashSplit(a.subject_id!, 123) === "train")
    .map((a) => `mimic4:${a.hadm_id}`);
  assert.ok(train.length > 0 && train.length < admissions.length);
  assert.deepEqual(
    s!.documents.map((d) => d.id),
    train.sort(),
  );
  // 21000009 has no discharge time: the reader skips the admission and its note, and says so.
  assert.equal(skipped(s!, "note of a visit not in the visit table"), 1);
  assert.equal(skipped(s!, "val split") + skipped(s!, "test split"), admissions.length - train.length - 1);
  assert.match(
    s!.documents[0]!.outcome,
    /HOSPITAL COURSE: diuresed {2}DISCHARGE MEDICATIONS: {3}DISCHARGE DIAGNOSES: heart failure/,
  );
});

test("mtsamples: the bundled notes through CORe's MTSamples heading lists", async () => {
  const [s] = await read("mtsamples");
  assert.equal(s!.read, 4096);
  assert.equal(s!.documents.length + s!.skipped.reduce((n, x) => n + x.count, 0), 4096);
  assert.equal(skipped(s!, "no transcription"), 33);
  // note 1: SUBJECTIVE, MEDICATIONS, ALLERGIES, OBJECTIVE (unlisted), HEENT, ASSESSMENT, PLAN; "Vitals:" and "Neck:" are
  // not in capitals, so they stay inside the section before them.
  const first = s!.documents.find((d) => d.id === "mtsamples:1")!;
  assert.match(
    first.admission,
    /^SUBJECTIVE: This 23-year-old white female .* MEDICATIONS: Her only medication .* ALLERGIES: She has no known medicine allergies\. HEENT: Her throat /,
  );
  assert.ok(!first.admission.includes("OBJECTIVE") && !first.admission.includes("Vitals"));
  assert.match(first.outcome, /^OBJECTIVE: Vitals: Weight was 130 pounds .* PLAN: 1\. She will try Zyrtec/);
});

test("text: a folder of notes with headings, by heading lists or by MIMIC's sections", async () => {
  const dir = mkdtempSync(join(tmpdir(), "prognos-pretrain-text-"));
  const notes = join(dir, "notes");
  mkdirSync(join(notes, "sub"), { recursive: true });
  writeFileSync(
    join(notes, "a.txt"),
    "CHIEF COMPLAINT: Chest pain.\r\nHISTORY OF PRESENT ILLNESS:\r\nTwo days of pain.\r\nBP: 140/90\r\n" +
      "Hospital Course:\r\nStented.\r\nDISCHARGE DIAGNOSES:\r\n1. NSTEMI\r\n",
  );
  writeFileSync(join(notes, "sub", "b.txt"), "Chief Complaint: fever\n\nPlan: antibiotics\n");
  writeFileSync(join(notes, "sub", "c.txt"), "Chief Complaint: fever only\n");
  writeFileSync(join(notes, "ignored.md"), "Chief Complaint: x\nPlan: y\n");
  const [s] = await read(`text:${notes}`);
  assert.deepEqual(
    s!.documents.map((d) => [d.id, d.admission, d.outcome]),
    [
      // "BP:" is written in capitals: an unlisted heading, which ends the section before it and is left out.
      [
        "text:notes/a.txt",
        "CHIEF COMPLAINT: Chest pain. HISTORY OF PRESENT ILLNESS: Two days of pain.",
        "Hospital Course: Stented. DISCHARGE DIAGNOSES: 1. NSTEMI",
      ],
      ["text:notes/sub/b.txt", "Chief Complaint: fever", "Plan: antibiotics"],
    ],
  );
  assert.equal(s!.read, 3);
  assert.equal(skipped(s!, "no section of the outcome list"), 1);

  const mimic = join(dir, "mimic");
  mkdirSync(mimic);
  writeFileSync(
    join(mimic, "1.txt"),
    "Chief Complaint:\ncough\n\nHistory of Present Illness:\nthree days\n\nBrief Hospital Course:\nimproved\n\nFollowup Instructions:\n___\n",
  );
  const [m] = await readNoteSources([parseNoteSource(`text:${mimic}`)], {
    headings: "mimic",
    splitSeed: 123,
    allPatients: false,
  });
  assert.equal(m!.documents.length, 1);
  assert.match(
    m!.documents[0]!.admission,
    /^CHIEF COMPLAINT: cough {2}PRESENT ILLNESS: three days {2}MEDICAL HISTORY: /,
  );
  assert.match(m!.documents[0]!.outcome, /HOSPITAL COURSE: improved/);
});

test("core-text: the reference's format, last document kept without a trailing blank line", async () => {
  const dir = mkdtempSync(join(tmpdir(), "prognos-pretrain-core-"));
  const file = join(dir, "train.txt");
  writeFileSync(
    file,
    "adm one\n[SEP]\nout one\n\nadm two\nmore two\n[SEP]\nout two\n\nno separator\n\n\nadm three\n[SEP]\nout three",
  );
  const [s] = await read(`core-text:${file}`);
  assert.deepEqual(
    s!.documents.map((d) => [d.id, d.admission, d.outcome]),
    [
      ["core-text:train.txt#1", "adm one", "out one"],
      ["core-text:train.txt#2", "adm two more two", "out two"],
      ["core-text:train.txt#4", "adm three", "out three"],
    ],
  );
  assert.equal(skipped(s!, "no [SEP] line"), 1);
});

test("--notes values are checked: kind, path, folder or file; one document twice is refused", async () => {
  assert.throws(() => parseNoteSource("pubmed:/x"), /--notes pubmed:\/x: expected KIND:PATH with KIND one of mimic3/);
  assert.throws(() => parseNoteSource("mimic3"), /mimic3 needs a path/);
  assert.throws(() => parseNoteSource("text:/no/such/folder"), /does not exist/);
  assert.throws(() => parseNoteSource("core-text:test/fixtures"), /must be a file for core-text/);
  assert.throws(() => parseNoteSource("mimic3:package.json"), /must be a folder for mimic3/);
  await assert.rejects(read("mtsamples", "mtsamples"), /document mtsamples:1 was already read/);
});
