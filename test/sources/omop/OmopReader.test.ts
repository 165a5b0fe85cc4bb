// Expected counts: test/fixtures/sources/expected_counts.py (plain Python over the CSV files) and the hand-written
// fixture test/fixtures/sources/omop-bad (lower-case file names, UPPER-case columns; its SOURCE.md lists the rows).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { omopReader } from "../../../src/sources/omop/OmopReader.ts";
import type { Timeline } from "../../../src/sources/Timeline.ts";
import { count, rows, skipTable } from "../common/timelineQuery.ts";

describe("omop: bundled sample data/omop-synthea27nj (UPPER-case file names, lower-case columns)", () => {
  let tl: Timeline;
  before(async () => {
    tl = await omopReader.open("data/omop-synthea27nj");
  });
  after(() => tl.close());

  test("28 persons (3 deaths), 1,791 visits (13 inpatient, 56 emergency); NOTE is empty → no notes", async () => {
    assert.equal(tl.source, "omop");
    assert.equal(tl.hasNotes, false);
    assert.equal(await count(tl, "SELECT count(*) AS n FROM tl_patients"), 28);
    assert.equal(await count(tl, "SELECT count(death_time) AS n FROM tl_patients"), 3);
    assert.equal(await count(tl, "SELECT count(*) AS n FROM tl_stays"), 1791);
    assert.equal(await count(tl, "SELECT count(*) AS n FROM tl_stays WHERE inpatient"), 13);
    assert.equal(await count(tl, "SELECT count(*) AS n FROM tl_stays WHERE stay_type = 'Emergency Room Visit'"), 56);
    assert.equal(await count(tl, "SELECT count(*) AS n FROM tl_stays WHERE expire_flag = '1'"), 3);
    assert.equal(await count(tl, "SELECT count(*) AS n FROM tl_stay_links"), 4);
  });

  test("codes are the source concepts' vocabulary + concept_code: SNOMED '44054006', RxNorm, LOINC", async () => {
    assert.deepEqual(
      await rows(tl, "SELECT kind, system, count(*)::INTEGER AS n FROM tl_events GROUP BY ALL ORDER BY ALL"),
      [
        { kind: "diagnosis", system: "SNOMED", n: 469 },
        { kind: "drug", system: "RXNORM", n: 879 },
        { kind: "lab", system: "LOINC", n: 9155 },
        { kind: "lab", system: "SNOMED", n: 885 },
        { kind: "procedure", system: "SNOMED", n: 1649 },
      ],
    );
    assert.deepEqual(
      await rows(tl, "SELECT patient_id, stay_id, time FROM tl_events WHERE system = 'SNOMED' AND code = '44054006'"),
      [{ patient_id: "10", stay_id: "462", time: "2011-02-13 00:00:00" }],
    );
    const [t] = await rows(tl, "SELECT title FROM tl_code_titles WHERE system = 'SNOMED' AND code = '44054006'");
    assert.equal(t?.title, "Type 2 diabetes mellitus");
  });

  test("skips: the 5 events without a visit, with their rows", () => {
    assert.deepEqual(skipTable(tl), {
      "CONDITION_OCCURRENCE.csv | event outside any visit (no visit id)": [1, [137]],
      "DRUG_EXPOSURE.csv | event outside any visit (no visit id)": [4, [375, 376, 377, 378]],
    });
  });
});

describe("omop: bad input (test/fixtures/sources/omop-bad)", () => {
  let tl: Timeline;
  before(async () => {
    tl = await omopReader.open("test/fixtures/sources/omop-bad");
  });
  after(() => tl.close());

  test("every rule is counted with file and row", () => {
    assert.deepEqual(skipTable(tl), {
      "person.csv | birth month or day missing (kept; the 1st is used)": [1, [2]],
      "person.csv | duplicate patient id (an earlier row has it)": [1, [4]],
      "person.csv | patient without birth date (kept; birth_date NULL)": [1, [3]],
      "visit_occurrence.csv | patient not in the patient table (or skipped there)": [1, [5]],
      "visit_occurrence.csv | visit ends before it starts": [1, [3]],
      "condition_occurrence.csv | concept_id not in CONCEPT": [1, [4]],
      "condition_occurrence.csv | duplicate row (an earlier row is the same)": [1, [8]],
      "condition_occurrence.csv | event outside any visit (no visit id)": [1, [7]],
      "condition_occurrence.csv | no concept (condition_source_concept_id and condition_concept_id are 0 or empty)": [
        1,
        [6],
      ],
      "condition_occurrence.csv | no usable condition_source_concept_id: standard concept used (kept)": [1, [3]],
      "condition_occurrence.csv | vocabulary Read is not a Prognos code system": [1, [5]],
      "drug_exposure.csv | vocabulary RxNorm Extension is not a Prognos code system": [1, [2]],
      "note.csv | note of a visit not in the visit table (or skipped there)": [1, [2]],
      "death.csv | death of a person not in PERSON": [1, [3]],
      "death.csv | duplicate death row for the person (the first is used)": [1, [2]],
    });
  });

  test("ICD vocabularies map to ICD9/ICD10/ICD9PROC/ICD10PCS with codes as the source wrote them", async () => {
    assert.deepEqual(
      await rows(tl, "SELECT stay_id, kind, system, code FROM tl_events ORDER BY kind, system, code, stay_id"),
      [
        { stay_id: "11", kind: "diagnosis", system: "ICD10", code: "E11.9" }, // on emergency visit 10, grouped
        { stay_id: "11", kind: "diagnosis", system: "ICD9", code: "428.0" },
        { stay_id: "13", kind: "diagnosis", system: "ICD9", code: "428.0" },
        { stay_id: "11", kind: "diagnosis", system: "SNOMED", code: "44054006" }, // standard concept (source 0)
        { stay_id: "11", kind: "drug", system: "RXNORM", code: "314076" },
        { stay_id: "11", kind: "procedure", system: "ICD10PCS", code: "02HV33Z" },
        { stay_id: "11", kind: "procedure", system: "ICD9PROC", code: "00.40" },
      ],
    );
  });

  test("persons: birth from birth_datetime or year (month/day → 1st); sex from the gender concept", async () => {
    assert.deepEqual(await rows(tl, "SELECT * FROM tl_patients ORDER BY 1"), [
      { patient_id: "1", birth_date: "1950-02-03 00:00:00", sex: "M", death_time: null },
      { patient_id: "2", birth_date: "1960-01-01 00:00:00", sex: "F", death_time: "2021-05-03 00:00:00" },
      { patient_id: "3", birth_date: null, sex: "U", death_time: null },
    ]);
  });

  test("visits: 262 is inpatient; expire_flag from the death date or discharged_to 4216643", async () => {
    assert.deepEqual(await rows(tl, "SELECT stay_id, inpatient, expire_flag FROM tl_stays ORDER BY 1"), [
      { stay_id: "10", inpatient: false, expire_flag: "0" },
      { stay_id: "11", inpatient: true, expire_flag: "0" },
      { stay_id: "13", inpatient: true, expire_flag: "1" },
      { stay_id: "15", inpatient: true, expire_flag: "1" },
    ]);
  });

  test("NOTE: text read lazily, visit grouped, title as description", async () => {
    assert.equal(tl.hasNotes, true);
    assert.deepEqual(await rows(tl, "SELECT note_id, stay_id, time, description, seq FROM tl_notes"), [
      { note_id: "1", stay_id: "11", time: "2020-01-01 08:10:00", description: "History and physical note", seq: "1" },
    ]);
  });
});
