// Expected counts: test/fixtures/sources/expected_counts.py (plain Python over the NDJSON) and the hand-written
// fixture test/fixtures/sources/fhir-bad (its SOURCE.md lists what each resource tests).
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fhirReader } from "../../../src/sources/fhir/FhirReader.ts";
import type { Timeline } from "../../../src/sources/Timeline.ts";
import { isPrognosError } from "../../../src/util/errors.ts";
import { count, rows, skipTable } from "../common/timelineQuery.ts";

describe("fhir: bundled bulk NDJSON sample data/synthea-fhir", () => {
  let tl: Timeline;
  before(async () => {
    tl = await fhirReader.open("data/synthea-fhir");
  });
  after(() => tl.close());

  test("13 patients (3 deceased), 1,215 encounters (49 inpatient, 23 emergency), 1,215 notes; nothing skipped", async () => {
    assert.equal(tl.source, "fhir");
    assert.equal(tl.hasNotes, true);
    assert.deepEqual(tl.skips, []);
    assert.equal(await count(tl, "SELECT count(*) AS n FROM tl_patients"), 13);
    assert.equal(await count(tl, "SELECT count(death_time) AS n FROM tl_patients"), 3);
    assert.equal(await count(tl, "SELECT count(*) AS n FROM tl_stays"), 1215);
    assert.equal(await count(tl, "SELECT count(*) AS n FROM tl_stays WHERE inpatient"), 49);
    assert.equal(await count(tl, "SELECT count(*) AS n FROM tl_stays WHERE stay_type = 'EMER'"), 23);
    assert.equal(await count(tl, "SELECT count(*) AS n FROM tl_stays WHERE expire_flag = '1'"), 3);
    assert.equal(await count(tl, "SELECT count(*) AS n FROM tl_notes WHERE text LIKE '%# Chief Complaint%'"), 1215);
  });

  test("events: Condition, Procedure (SNOMED) and MedicationRequest (RxNorm), as strings", async () => {
    assert.deepEqual(
      await rows(tl, "SELECT kind, system, count(*)::INTEGER AS n FROM tl_events GROUP BY ALL ORDER BY ALL"),
      [
        { kind: "diagnosis", system: "SNOMED", n: 555 },
        { kind: "drug", system: "RXNORM", n: 1745 },
        { kind: "procedure", system: "SNOMED", n: 2056 },
      ],
    );
    const [t] = await rows(tl, "SELECT title FROM tl_code_titles WHERE system = 'SNOMED' AND code = '91302008'");
    assert.equal(t?.title, "Sepsis (disorder)");
  });

  test("one emergency visit leads into an inpatient stay: its diagnoses and note belong to the stay", async () => {
    assert.deepEqual(await rows(tl, "SELECT * FROM tl_stay_links"), [
      { stay_id: "af5789a3-afe3-1348-ffc5-85ad27b563df", into_stay_id: "cab1c886-77a7-3a8b-110d-a58c5cf2086f" },
    ]);
    const onInpatient = (kind: string) =>
      `SELECT count(*) AS n FROM tl_events e JOIN tl_stays s USING (stay_id) WHERE s.inpatient AND e.kind = '${kind}'`;
    assert.equal(await count(tl, onInpatient("diagnosis")), 6); // 4 recorded on inpatient stays + 2 on the emergency visit
    const notes = "SELECT count(*) AS n FROM tl_notes n JOIN tl_stays s USING (stay_id) WHERE s.inpatient";
    assert.equal(await count(tl, notes), 50);
  });

  test("times with offsets are UTC: period.start 1989-10-04T02:25:16-04:00 → 06:25:16", async () => {
    const [s] = await rows(
      tl,
      "SELECT start_time FROM tl_stays WHERE stay_id = '00c7f717-4030-5582-2ed8-888ad2bc878e'",
    );
    assert.equal(s?.start_time, "1989-10-04 06:25:16");
  });
});

test("fhir: per-patient Bundles give the same timeline as bulk NDJSON for the same patients", async () => {
  const bundles = await fhirReader.open("test/fixtures/sources/fhir-bundles");
  const bulk = await fhirReader.open("data/synthea-fhir");
  try {
    assert.deepEqual(bundles.skips, []);
    const ids = `('a5cb8ce9-cec6-6b23-0990-cbaf753578a4', '3af3708d-41f1-cd80-f3dd-ec5ac76072bf', '63ee2253-bdd5-da55-2ad2-b4984d0ad700')`;
    const views: [string, string][] = [
      ["tl_patients", "*"],
      ["tl_stays", "* EXCLUDE (source_row)"],
      ["tl_events", "* EXCLUDE (source_row)"],
      ["tl_notes", "* EXCLUDE (source_row)"],
    ];
    for (const [view, cols] of views) {
      const sql = `SELECT ${cols} FROM ${view} WHERE patient_id IN ${ids} ORDER BY ALL`;
      const a = await rows(bundles, sql);
      assert.ok(a.length > 0, view);
      assert.deepEqual(a, await rows(bulk, sql), view);
    }
    assert.equal(await count(bundles, "SELECT count(*) AS n FROM tl_stays"), 83 + 20 + 15);
    assert.deepEqual(
      await rows(bundles, "SELECT * FROM tl_stay_links"),
      await rows(bulk, "SELECT * FROM tl_stay_links"),
    );
    // a Bundle's source_row is the entry's position: the Patient is entry 1 of each file
    assert.equal(await count(bundles, "SELECT count(*) AS n FROM fhir_patients WHERE source_row = 1"), 3);
  } finally {
    bundles.close();
    bulk.close();
  }
});

describe("fhir: bad input (test/fixtures/sources/fhir-bad)", () => {
  let tl: Timeline;
  before(async () => {
    tl = await fhirReader.open("test/fixtures/sources/fhir-bad");
  });
  after(() => tl.close());

  test("every rule is counted with file and row", () => {
    assert.deepEqual(skipTable(tl), {
      "extra.json | not a FHIR Bundle (resourceType Patient)": [1, [1]],
      "Patient.ndjson | duplicate patient id (an earlier row has it)": [1, [3]],
      "Patient.ndjson | patient without birth date (kept; birth_date NULL)": [1, [2]],
      "Encounter.000.ndjson | patient not in the patient table (or skipped there)": [1, [6]],
      "Encounter.000.ndjson | visit ends before it starts": [1, [4]],
      "Condition.000.ndjson | code of unknown system: http://example.org/local": [1, [3]],
      "Condition.000.ndjson | duplicate row (an earlier row is the same)": [1, [5]],
      "Condition.000.ndjson | event outside any visit (no visit id)": [1, [4]],
      "Condition.000.ndjson | missing time": [1, [6]],
      "Condition.000.ndjson | unparsable time": [1, [7]],
      "MedicationRequest.000.ndjson | medicationReference (Medication resources are not read)": [1, [3]],
      "DocumentReference.000.ndjson | attachment data is not base64-encoded UTF-8 text": [1, [3]],
      "DocumentReference.000.ndjson | no inline text/plain attachment (attachments by url and other content types are not read)":
        [1, [2]],
      "DocumentReference.000.ndjson | note without visit (kept; stay_id NULL)": [1, [4]],
    });
  });

  test("first coding of a known system wins; ICD codes keep their dots and leading zeros", async () => {
    assert.deepEqual(
      await rows(
        tl,
        "SELECT stay_id, system, code FROM tl_events WHERE kind IN ('diagnosis', 'procedure') ORDER BY code",
      ),
      [
        { stay_id: "eb", system: "ICD9PROC", code: "0040" },
        { stay_id: "eb", system: "ICD9", code: "0389" }, // after a local coding; recorded on emergency visit ea
        { stay_id: "eb", system: "SNOMED", code: "430193006" },
        { stay_id: "eb", system: "ICD10", code: "I50.9" }, // ICD-10-CM listed before SNOMED
      ],
    );
  });

  test("R5-style class list, date-only periods, deceasedDateTime with an offset, derived expire_flag", async () => {
    assert.deepEqual(
      await rows(
        tl,
        "SELECT stay_id, stay_type, start_time, inpatient, expire_flag FROM tl_stays WHERE stay_id IN ('ed', 'ef') ORDER BY 1",
      ),
      [
        { stay_id: "ed", stay_type: "IMP", start_time: "2020-04-30 22:00:00", inpatient: true, expire_flag: "1" },
        { stay_id: "ef", stay_type: "AMB", start_time: "2020-02-01 00:00:00", inpatient: false, expire_flag: "0" },
      ],
    );
    const [p] = await rows(tl, "SELECT death_time FROM tl_patients WHERE patient_id = 'pc'");
    assert.equal(p?.death_time, "2020-05-02 08:00:00");
  });

  test("notes: base64 text decoded, visit through context.encounter (grouped ER → inpatient)", async () => {
    assert.deepEqual(
      await rows(tl, "SELECT note_id, stay_id, category, length(text)::INTEGER AS len FROM tl_notes ORDER BY 1"),
      [
        { note_id: "da", stay_id: "eb", category: "History and physical note", len: 563 },
        { note_id: "dd", stay_id: null, category: null, len: 36 },
      ],
    );
  });
});

test("fhir: a folder without Patient or Encounter resources → PrognosError", async () => {
  const dir = mkdtempSync(join(tmpdir(), "prognos-fhir-"));
  try {
    await assert.rejects(
      fhirReader.open(dir),
      (e: unknown) => isPrognosError(e) && /no Patient resources/.test(e.message),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
