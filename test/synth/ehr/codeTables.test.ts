// The code tables against the reference data in data/: ICD-9-CM codes and titles as MIMIC-III's dictionaries,
// SNOMED / RxNorm concept ids, codes and names as the OMOP Synthea27Nj vocabulary sample; every code the cohorts
// look for inside docs/medbert-method.md's code sets.
import assert from "node:assert/strict";
import { test } from "node:test";
import { icdDotted } from "../../../src/synth/ehr/codeTypes.ts";
import { CONDITIONS } from "../../../src/synth/ehr/conditions.ts";
import { DRUGS } from "../../../src/synth/ehr/drugCodes.ts";
import { LOCAL_CONCEPT_BASE, OmopConcepts } from "../../../src/synth/ehr/OmopConcepts.ts";
import { PROCEDURES } from "../../../src/synth/ehr/procedureCodes.ts";
import { csv, query } from "./helpers.ts";

const rowsBy = async (dir: string, file: string, key: string) =>
  new Map((await query(`SELECT * FROM ${csv(dir, file)}`)).map((r) => [r[key] as string, r]));

test("ICD-9-CM diagnosis and procedure codes, short and long titles: as in the MIMIC-III demo's dictionaries", async () => {
  const dx = await rowsBy("data/mimic-iii-demo", "D_ICD_DIAGNOSES.csv", "icd9_code");
  for (const e of CONDITIONS.values()) {
    for (const [code, short, long] of e.icd9) {
      assert.deepEqual([dx.get(code)?.short_title, dx.get(code)?.long_title], [short, long], `${e.key} ${code}`);
    }
  }
  const px = await rowsBy("data/mimic-iii-demo", "D_ICD_PROCEDURES.csv", "icd9_code");
  for (const p of PROCEDURES) {
    if (!p.icd9) continue;
    assert.deepEqual([px.get(p.icd9[0])?.short_title, px.get(p.icd9[0])?.long_title], [p.icd9[1], p.icd9[2]], p.key);
  }
});

test("OMOP ids said to come from the Synthea27Nj sample are its rows (id, vocabulary, code, name); others are local", async () => {
  const sample = await rowsBy("data/omop-synthea27nj", "CONCEPT.csv", "concept_id");
  const check = (id: number, vocabulary: string, code: string, name: string) => {
    const r = sample.get(String(id));
    assert.deepEqual([r?.vocabulary_id, r?.concept_code, r?.concept_name], [vocabulary, code, name], `${id}`);
  };
  for (const e of CONDITIONS.values())
    for (const [code, name, id] of e.snomed) if (id !== null) check(id, "SNOMED", code, name);
  for (const d of DRUGS) check(d.omopId, "RxNorm", d.rxnorm, d.title);
  for (const p of PROCEDURES) if (p.omopId !== null) check(p.omopId, "SNOMED", p.snomed, p.title);
  const concepts = new OmopConcepts();
  const seen = new Set<string>();
  for (const c of concepts.rows()) {
    // Not from the sample: standard OMOP ids for gender, race, ethnicity, the EHR record type and "Patient died".
    const standard = [0, 8507, 8532, 8515, 8516, 8527, 32817, 4216643];
    assert.ok(c.id > LOCAL_CONCEPT_BASE || sample.has(String(c.id)) || standard.includes(c.id), `${c.id} ${c.name}`);
    const key = `${c.vocabulary}|${c.code}`;
    assert.ok(!seen.has(key), `${key} twice`);
    seen.add(key);
  }
});

test("every code written for type-2 diabetes, heart failure and excluded types is in docs/medbert-method.md's sets", () => {
  const sets: Record<string, { icd9: RegExp; icd10: RegExp; snomed: RegExp }> = {
    t2d: { icd9: /^250\d[02]$/, icd10: /^E11/, snomed: /^(44054006)$/ },
    hf: { icd9: /^(428|402\d1|404\d[13])/, icd10: /^(I50|I110|I130|I132)/, snomed: /^(84114007|88805009)$/ },
    t1d: { icd9: /^250\d[13]$/, icd10: /^E10/, snomed: /^46635009$/ },
    insipidus: { icd9: /^2535$/, icd10: /^E232$/, snomed: /^15771004$/ },
    gestational: { icd9: /^6488/, icd10: /^O244/, snomed: /^11687002$/ },
    secondaryDm: { icd9: /^249/, icd10: /^(E08|E09|E13)/, snomed: /^(8801005|427089005)$/ },
  };
  for (const [key, set] of Object.entries(sets)) {
    const e = CONDITIONS.get(key)!;
    for (const [code] of e.icd9) assert.match(code, set.icd9, `${key} ICD-9 ${code}`);
    for (const [code] of e.icd10) assert.match(code, set.icd10, `${key} ICD-10 ${code}`);
    for (const [code] of e.snomed) assert.match(code, set.snomed, `${key} SNOMED ${code}`);
  }
  // The complications are ICD-9 250.x0 / ICD-10 E11 too (in SNOMED they are other concepts, always next to 44054006).
  for (const key of ["t2dKidney", "t2dNeuropathy"]) {
    for (const [code] of CONDITIONS.get(key)!.icd9) assert.match(code, sets.t2d!.icd9);
    for (const [code] of CONDITIONS.get(key)!.icd10) assert.match(code, sets.t2d!.icd10);
  }
});

test("ICD codes with their dot, as OMOP's CONCEPT writes them", () => {
  assert.equal(icdDotted("icd10", "I509"), "I50.9");
  assert.equal(icdDotted("icd10", "E11"), "E11");
  assert.equal(icdDotted("icd10", "S72009A"), "S72.009A");
  assert.equal(icdDotted("icd9", "25000"), "250.00");
  assert.equal(icdDotted("icd9", "V5867"), "V58.67");
  assert.equal(icdDotted("icd9", "E8497"), "E849.7");
  assert.equal(icdDotted("icd9", "496"), "496");
});
