import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { noteCard, riskIndicator } from "../../src/serving/cds/cdsCards.ts";
import { fhirNotes } from "../../src/serving/fhir/fhirNotes.ts";
import { ICD9_CM, icd9Diagnosis, icd9Procedure, labelCoding } from "../../src/serving/fhir/labelCoding.ts";
import { riskAssessment } from "../../src/serving/fhir/riskAssessments.ts";
import type { ModelPrediction } from "../../src/serving/notePredictions.ts";
import { readNotes } from "../../src/serving/readNotes.ts";
import { fhirSchemaErrors } from "../helpers/fhirSchema.ts";

const FIXTURES = "test/fixtures/fhir";
const fixture = (name: string) => JSON.parse(readFileSync(join(FIXTURES, name), "utf8"));
const root = mkdtempSync(join(tmpdir(), "prognos-fhir-notes-"));
after(() => rmSync(root, { recursive: true, force: true }));
const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");

test("the sample DocumentReference, Bundle and CDS prefetch are valid FHIR R4 (the schema is loaded and applied)", () => {
  assert.deepEqual(fhirSchemaErrors(fixture("document-reference.json")), []);
  assert.deepEqual(fhirSchemaErrors(fixture("bundle.json")), []);
  assert.deepEqual(fhirSchemaErrors(fixture("cds-request.json").prefetch.notes), []);
});

test("readNotes: a DocumentReference .json and a Bundle give their decoded notes, ids and where they came from", async () => {
  const one = await readNotes(join(FIXTURES, "document-reference.json"));
  assert.equal(one.length, 1);
  assert.equal(one[0]!.id, "DocumentReference/note-1");
  assert.equal(one[0]!.text, "patient with chest pain");
  assert.deepEqual(one[0]!.fhir!.subject, { reference: "Patient/pat-1" });
  assert.deepEqual(one[0]!.fhir!.encounter, { reference: "Encounter/enc-1" });
  assert.equal(one[0]!.fhir!.inBundle, false);
  const two = await readNotes(join(FIXTURES, "bundle.json"));
  assert.deepEqual(
    two.map((n) => [n.id, n.text, n.fhir!.inBundle]),
    [
      ["DocumentReference/note-1", "patient with chest pain", true],
      ["urn:uuid:8f2b1c0e-5d0a-4c7e-9a1b-2f3d4e5f6a7b", "patient with fever and cough", true],
    ],
  );
  // The basis of a document without id is the entry's fullUrl
  assert.deepEqual(two[1]!.fhir!.basis, {
    reference: "urn:uuid:8f2b1c0e-5d0a-4c7e-9a1b-2f3d4e5f6a7b",
    type: "DocumentReference",
  });
  // a searchset's outcome entries are skipped; non-ASCII text survives base64 and UTF-8
  const search = fixture("cds-request.json").prefetch.notes;
  search.entry[1].resource.content[0].attachment.data = b64("fièvre — 38,5 °C");
  assert.deepEqual(
    fhirNotes(search).notes.map((n) => n.text),
    ["patient with chest pain", "fièvre — 38,5 °C"],
  );
});

test("FHIR input errors name the file, the entry and the field, never the note text", async () => {
  const bundle = fixture("bundle.json");
  const cases: [(b: typeof bundle) => void, RegExp][] = [
    [
      (b) => {
        b.entry[1].resource.content = [{ attachment: { contentType: "text/plain", url: "http://ehr.example/x.txt" } }];
      },
      /entry 2 \(urn:uuid:[^)]+\): content\[\]\.attachment has only a url; Prognos does not fetch documents/,
    ],
    [
      (b) => {
        b.entry[0].resource.content[0].attachment.data = "not base64!";
      },
      /entry 1 \(DocumentReference\/note-1\): content\[0\]\.attachment\.data: not valid base64/,
    ],
    [
      (b) => {
        b.entry[0].resource.content[0].attachment.contentType = "application/pdf";
      },
      /entry 1 \(DocumentReference\/note-1\): content\[\]\.attachment: no inline text\/plain data/,
    ],
    [
      (b) => {
        b.entry[0].resource.content[0].attachment.data = Buffer.from([0x70, 0xff, 0x71]).toString("base64");
      },
      /entry 1 .*attachment\.data.*UTF-8/,
    ],
    [
      (b) => {
        b.entry[0].resource.status = "entered-in-error";
      },
      /entry 1 \(DocumentReference\/note-1\): status is entered-in-error/,
    ],
    [
      (b) => {
        b.entry[0].resource = { resourceType: "Patient", id: "p" };
      },
      /entry 1: expected a DocumentReference, got "Patient"/,
    ],
    [
      (b) => {
        delete b.entry[1].fullUrl;
      },
      /entry 2 \(DocumentReference\): no id and no Bundle entry fullUrl/,
    ],
    [
      (b) => {
        b.entry[1].fullUrl = "http://ehr.example/fhir/DocumentReference/note-1";
        b.entry[1].resource.id = "note-1";
      },
      /entry 2 \(DocumentReference\/note-1\): the same DocumentReference appears twice/,
    ],
  ];
  for (const [i, [change, message]] of cases.entries()) {
    const b = structuredClone(bundle);
    change(b);
    const path = join(root, `case-${i}.json`);
    writeFileSync(path, JSON.stringify(b));
    await assert.rejects(readNotes(path), (e: Error) => {
      assert.ok(e.message.startsWith(`${path}: FHIR input: `), e.message);
      assert.match(e.message, message);
      assert.ok(!/fever|chest/.test(e.message), "no note text in the message");
      return true;
    });
  }
  const other = join(root, "patient.json");
  writeFileSync(other, JSON.stringify({ resourceType: "Patient" }));
  await assert.rejects(
    readNotes(other),
    /FHIR input: resourceType: expected DocumentReference or Bundle, got "Patient"/,
  );
});

test("label codings: ICD-9-CM dotted codes for diagnosis and procedure groups, ICD-10, SNOMED, else the task's own", () => {
  assert.equal(icd9Diagnosis("428"), "428");
  assert.equal(icd9Diagnosis("4280"), "428.0");
  assert.equal(icd9Diagnosis("V586"), "V58.6");
  assert.equal(icd9Diagnosis("E879"), "E879");
  assert.equal(icd9Diagnosis("E8790"), "E879.0");
  assert.equal(icd9Diagnosis("I50"), null);
  assert.equal(icd9Procedure("004"), "00.4");
  assert.equal(icd9Procedure("3961"), "39.61");
  assert.deepEqual(labelCoding("DIA_GROUPS_3_DIGITS_adm", true, "428", "Heart failure"), {
    system: ICD9_CM,
    code: "428",
    display: "Heart failure",
  });
  assert.deepEqual(labelCoding("PRO_GROUPS_3_DIGITS_adm", true, "ICD9:004", null), { system: ICD9_CM, code: "00.4" });
  assert.equal(labelCoding("dia", true, "ICD10:I50", null).system, "http://hl7.org/fhir/sid/icd-10-cm");
  assert.equal(labelCoding("dia", true, "SNOMED:44054006", null).system, "http://snomed.info/sct");
  assert.deepEqual(labelCoding("MP_IN_adm", false, "1", "died in hospital"), {
    system: "urn:prognos:task:MP_IN_adm",
    code: "1",
    display: "died in hospital",
  });
});

const mortality = (risk: number, threshold: number): ModelPrediction => ({
  model: "mp",
  task: "MP_IN_adm",
  problem_type: "single_label_classification",
  predicted: risk >= threshold ? ["1"] : ["0"],
  risk,
  labels: [
    { label: "1", title: "died in hospital", probability: risk, threshold, predicted: risk >= threshold },
    { label: "0", title: "survived", probability: 1 - risk, threshold: null, predicted: risk < threshold },
  ],
  word_pieces: 5,
  windows: 1,
  cut: false,
});
const source = {
  where: "DocumentReference/note-1",
  inBundle: false,
  basis: { reference: "DocumentReference/note-1", type: "DocumentReference" },
  subject: { reference: "Patient/pat-1" },
};

test("a RiskAssessment passes the FHIR R4 schema, and broken ones are rejected (the check can fail)", () => {
  const ra = riskAssessment(
    source,
    { name: "mp", checksum: "ab".repeat(32) },
    mortality(0.25, 0.5),
    "2026-12-06T10:00:00.000Z",
  );
  assert.deepEqual(fhirSchemaErrors(ra), []);
  assert.deepEqual(ra.prediction, [
    {
      outcome: {
        coding: [{ system: "urn:prognos:task:MP_IN_adm", code: "1", display: "died in hospital" }],
        text: "died in hospital",
      },
      probabilityDecimal: 0.25,
      rationale: "not predicted: below the model's threshold 0.5",
    },
  ]);
  const broken: [string, Record<string, unknown>, RegExp][] = [
    ["no subject", { subject: undefined }, /must have required property 'subject'/],
    ["an unknown field", { riskScore: 0.25 }, /must NOT have additional properties \(riskScore\)/],
    ["a date that is no dateTime", { occurrenceDateTime: "yesterday" }, /occurrenceDateTime: must match pattern/],
    ["a probability as text", { prediction: [{ probabilityDecimal: "0.25" }] }, /probabilityDecimal: must be number/],
    ["a method whose text is a number", { method: { text: 5 } }, /method\/text: must be string/],
  ];
  for (const [what, change, message] of broken) {
    const errors = fhirSchemaErrors(JSON.parse(JSON.stringify({ ...ra, ...change })));
    assert.ok(errors.length > 0, `${what} is rejected`);
    assert.match(errors.join("\n"), message, what);
  }
  assert.throws(
    () =>
      riskAssessment(
        { ...source, subject: undefined },
        { name: "mp", checksum: "x" },
        mortality(0.2, 0.5),
        "2026-12-06",
      ),
    /DocumentReference\/note-1: no subject; a RiskAssessment needs the patient/,
  );
});

test("RiskAssessments of procedure and length-of-stay models are valid: dotted ICD-9-CM procedure codes, classes", () => {
  const pro: ModelPrediction = {
    model: "pro",
    task: "PRO_GROUPS_3_DIGITS_adm",
    problem_type: "multi_label_classification",
    predicted: ["004"],
    risk: null,
    labels: [
      { label: "004", title: null, probability: 0.7, threshold: 0.4, predicted: true },
      { label: "396", title: null, probability: 0.1, threshold: 0.4, predicted: false },
    ],
    word_pieces: 700,
    windows: 1,
    cut: true,
  };
  const ra = riskAssessment(source, { name: "pro", checksum: "c".repeat(64) }, pro, "2026-12-06T10:00:00Z");
  assert.deepEqual(fhirSchemaErrors(ra), []);
  assert.deepEqual(
    (ra.prediction as { outcome: { coding: { system: string; code: string }[] } }[]).map((x) => x.outcome.coding[0]),
    [
      { system: ICD9_CM, code: "00.4" },
      { system: ICD9_CM, code: "39.6" },
    ],
  );
  assert.match((ra.note as { text: string }[])[0]!.text, /700 word pieces, more than the model reads/);
  const los: ModelPrediction = {
    ...pro,
    model: "los",
    task: "LOS_WEEKS_adm",
    problem_type: "single_label_classification",
    predicted: ["1"],
    labels: [
      { label: "1", title: "4-7 days", probability: 0.6, threshold: null, predicted: true },
      { label: "0", title: "up to 3 days", probability: 0.4, threshold: null, predicted: false },
    ],
    cut: false,
  };
  const r2 = riskAssessment(source, { name: "los", checksum: "d".repeat(64) }, los, "2026-12-06T10:00:00Z");
  assert.deepEqual(fhirSchemaErrors(r2), []);
  assert.deepEqual(
    (r2.prediction as { rationale: string; outcome: { text: string } }[]).map((x) => [x.outcome.text, x.rationale]),
    [
      ["4-7 days", "predicted: the most probable class"],
      ["up to 3 days", "not the most probable class"],
    ],
  );
  assert.equal(r2.note, undefined);
});

test("CDS cards: indicator by the documented rule, summary under 140 characters, the page linked", () => {
  assert.equal(riskIndicator(mortality(0.2, 0.3)), "info");
  assert.equal(riskIndicator(mortality(0.4, 0.3)), "warning");
  assert.equal(riskIndicator(mortality(0.5, 0.3)), "critical");
  assert.equal(riskIndicator(mortality(0.6, 0.7)), "info");
  const card = noteCard("DocumentReference/note-1", [mortality(0.42, 0.3)], "http://127.0.0.1:8080/");
  assert.equal(card.indicator, "warning");
  assert.equal(card.summary, "Prognos: In-hospital mortality risk 42%");
  assert.match(card.detail, /\*\*In\\-hospital mortality risk: 42%\*\* \(model mp; threshold 0\.3: predicted\)/);
  assert.deepEqual(card.links, [{ label: "Open Prognos", url: "http://127.0.0.1:8080/", type: "absolute" }]);
  const many = noteCard(
    "d",
    Array.from({ length: 10 }, () => mortality(0.9, 0.5)),
    "http://x/",
  );
  assert.equal(many.indicator, "critical");
  assert.ok(many.summary.length < 140, many.summary);
});
