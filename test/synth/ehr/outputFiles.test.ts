// The written files: exact headers (copied from the OMOP sample and the MIMIC-III demo into
// test/fixtures/synth-ehr/), byte-identical reruns, every concept_id in CONCEPT.csv, codes in the chosen system.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { CONCEPT, OBSERVATION_PERIOD, OMOP_TABLES } from "../../../src/synth/ehr/omopTables.ts";
import { MANIFEST_FILE } from "../../../src/synth/ehr/synthesizeEhr.ts";
import { cleanUp, csv, generate, query } from "./helpers.ts";

after(cleanUp);

const FIXTURES = join(import.meta.dirname, "../../fixtures/synth-ehr");
const headers = (file: string) =>
  new Map(
    readFileSync(join(FIXTURES, file), "utf8")
      .trim()
      .split("\n")
      .map((l) => l.split("\t") as [string, string]),
  );
const firstLine = (dir: string, file: string) => readFileSync(join(dir, file), "utf8").split("\n", 1)[0];

describe("headers", () => {
  test("OMOP tables: the Synthea27Nj sample's header lines; OBSERVATION_PERIOD: CDM 5.4", async () => {
    const { dir } = await generate({ patients: 30, seed: 1, format: "omop" });
    const expected = headers("omop-synthea27nj-headers.tsv");
    for (const [file, line] of expected) assert.equal(firstLine(dir, file), line, file);
    assert.equal(
      firstLine(dir, OBSERVATION_PERIOD.file),
      "observation_period_id,person_id,observation_period_start_date,observation_period_end_date,period_type_concept_id",
    );
    const written = readdirSync(dir).sort();
    assert.deepEqual(written, [...OMOP_TABLES.map((t) => t.file), MANIFEST_FILE].sort());
  });

  test("MIMIC-III tables: the demo's header lines; PRESCRIPTIONS: MIMIC-III v1.4's columns", async () => {
    const { dir } = await generate({ patients: 60, seed: 1, format: "mimic3" });
    for (const [file, line] of headers("mimic-iii-demo-headers.tsv")) assert.equal(firstLine(dir, file), line, file);
    assert.equal(
      firstLine(dir, "PRESCRIPTIONS.csv"),
      "row_id,subject_id,hadm_id,icustay_id,startdate,enddate,drug_type,drug,drug_name_poe,drug_name_generic," +
        "formulary_drug_cd,gsn,ndc,prod_strength,dose_val_rx,dose_unit_rx,form_val_disp,form_unit_disp,route",
    );
    assert.equal(readFileSync(join(dir, "NOTEEVENTS.csv"), "utf8").trim().split("\n").length, 1);
    const ts = await query(
      `SELECT count(*) FILTER (WHERE NOT regexp_full_match(admittime, '\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:00')) AS bad FROM ${csv(dir, "ADMISSIONS.csv")}`,
    );
    assert.equal(Number(ts[0]!.bad), 0);
    const icd = await query(
      `SELECT DISTINCT icd9_code FROM ${csv(dir, "DIAGNOSES_ICD.csv")} WHERE icd9_code LIKE '%.%'`,
    );
    assert.deepEqual(icd, [], "ICD-9 codes are written without dots, as MIMIC-III does");
  });
});

describe("determinism", () => {
  for (const format of ["omop", "mimic3"] as const) {
    test(`${format}: the same arguments give byte-identical files; another seed gives other files`, async () => {
      const a = await generate({ patients: 150, seed: 7, format });
      const b = await generate({ patients: 150, seed: 7, format });
      const c = await generate({ patients: 150, seed: 8, format });
      for (const file of readdirSync(a.dir)) {
        assert.ok(readFileSync(join(a.dir, file)).equals(readFileSync(join(b.dir, file))), file);
      }
      const person = format === "omop" ? "PERSON.csv" : "PATIENTS.csv";
      assert.notEqual(readFileSync(join(a.dir, person), "utf8"), readFileSync(join(c.dir, person), "utf8"));
    });
  }
});

describe("concepts", () => {
  test("every *concept_id any OMOP table holds is a row of CONCEPT.csv, once", async () => {
    const { dir } = await generate({ patients: 400, seed: 2, format: "omop" });
    const ids = await query(`SELECT concept_id, count(*) AS n FROM ${csv(dir, CONCEPT.file)} GROUP BY 1`);
    assert.ok(ids.every((r) => Number(r.n) === 1));
    const known = new Set(ids.map((r) => r.concept_id as string));
    for (const t of OMOP_TABLES) {
      if (t === CONCEPT) continue;
      for (const col of t.columns.filter((c) => c.endsWith("concept_id"))) {
        const values = await query(`SELECT DISTINCT "${col}" AS v FROM ${csv(dir, t.file)} WHERE "${col}" IS NOT NULL`);
        for (const { v } of values) assert.ok(known.has(v as string), `${t.file}.${col} = ${v} not in CONCEPT.csv`);
      }
    }
  });

  for (const [codes, vocabulary, pattern] of [
    ["snomed", "SNOMED", /^\d{6,18}$/],
    ["icd10", "ICD10CM", /^[A-Z]\d\d(\.[0-9A-Z]{1,4})?$/],
    ["icd9", "ICD9CM", /^(\d{3}|V\d\d)(\.\d{1,2})?$/],
  ] as const) {
    test(`--condition-codes ${codes}: source concepts in ${vocabulary}, written as the vocabulary writes them`, async () => {
      const { dir } = await generate({ patients: 120, seed: 3, format: "omop", conditionCodes: codes, clean: true });
      const rows = await query(
        `SELECT c.vocabulary_id, o.condition_source_value AS v, c.concept_code AS code, s.vocabulary_id AS std
         FROM ${csv(dir, "CONDITION_OCCURRENCE.csv")} o
         JOIN ${csv(dir, "CONCEPT.csv")} c ON c.concept_id = o.condition_source_concept_id
         JOIN ${csv(dir, "CONCEPT.csv")} s ON s.concept_id = o.condition_concept_id`,
      );
      assert.ok(rows.length > 500);
      for (const r of rows) {
        assert.equal(r.vocabulary_id, vocabulary);
        assert.equal(r.v, r.code);
        assert.match(r.v as string, pattern);
        assert.equal(r.std, "SNOMED", "the standard concept is SNOMED");
      }
    });
  }
});
