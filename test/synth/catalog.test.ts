import assert from "node:assert/strict";
import { test } from "node:test";
import { CHRONIC_BY_ID, CHRONIC_CONDITIONS } from "../../src/synth/mimic3/catalog/chronicConditions.ts";
import { COMPLICATIONS } from "../../src/synth/mimic3/catalog/complications.ts";
import { PROCEDURE_WORDS } from "../../src/synth/mimic3/catalog/procedures.ts";
import { REASONS } from "../../src/synth/mimic3/catalog/reasons.ts";
import { IcdTables, shortTitle } from "../../src/synth/mimic3/IcdTables.ts";
import { conditionCodes, samplePatient } from "../../src/synth/mimic3/PatientModel.ts";
import { SeededRandom } from "../../src/util/SeededRandom.ts";

const tables = IcdTables.load();

test("code tables: CMS v32 counts, CCS categories, short titles as CMS-like abbreviations", () => {
  assert.equal(tables.diagnoses.size, 14_567);
  assert.equal(tables.procedures.size, 3_882);
  assert.equal(tables.diagnoses.get("4280")!.ccs, 108);
  assert.equal(tables.procedures.get("0040")!.ccs, 61);
  assert.equal(shortTitle("SINGLE LB IN-HOSP W/O CS (Begin 1989)"), "Single lb in-hosp w/o cs");
});

test("every chronic condition's codes (for many sampled patients) lie in its declared CCS categories", () => {
  for (let i = 0; i < 3000; i++) {
    const p = samplePatient(SeededRandom.from("catalog", i), {
      index: i,
      subjectId: i,
      newborn: false,
      admissionCount: 1,
    });
    for (const id of p.conditions) {
      const c = CHRONIC_BY_ID.get(id)!;
      for (const [code] of conditionCodes(c, p)) {
        const e = tables.diagnoses.get(code);
        assert.ok(e, `${id}: ${code} is not a CMS v32 code`);
        assert.ok(c.ccs.includes(e.ccs), `${id}: ${code} is in CCS ${e.ccs}, not ${c.ccs}`);
      }
    }
  }
  for (const c of CHRONIC_CONDITIONS) {
    for (const x of c.extras ?? []) assert.equal(tables.diagnoses.get(x.code)?.ccs, x.ccs, `${c.id} extra ${x.code}`);
  }
  for (const c of COMPLICATIONS) assert.equal(tables.diagnoses.get(c.code)?.ccs, c.ccs, `complication ${c.id}`);
});

test("conditions depend only on conditions sampled before them; reasons and complications name real conditions", () => {
  const seen = new Set<string>();
  for (const c of CHRONIC_CONDITIONS) {
    for (const id of Object.keys(c.after ?? {})) assert.ok(seen.has(id), `${c.id} depends on ${id}, which comes later`);
    seen.add(c.id);
  }
  for (const r of REASONS) {
    for (const id of [...Object.keys(r.boosts ?? {}), ...(r.requires ?? [])]) assert.ok(seen.has(id), `${r.id}: ${id}`);
    for (const id of Object.keys(r.complications ?? {}))
      assert.ok(
        COMPLICATIONS.some((c) => c.id === id),
        `${r.id}: ${id}`,
      );
  }
  for (const c of COMPLICATIONS)
    for (const id of [...Object.keys(c.boosts ?? {}), ...(c.excludes ?? [])]) assert.ok(seen.has(id), `${c.id}: ${id}`);
  assert.equal(new Set(REASONS.map((r) => r.id)).size, REASONS.length);
});

test("every procedure code the generator names is an ICD-9-CM procedure code (leading zeros kept)", () => {
  for (const code of Object.keys(PROCEDURE_WORDS)) assert.ok(tables.procedures.has(code), code);
  assert.ok(Object.keys(PROCEDURE_WORDS).includes("0040"));
});
