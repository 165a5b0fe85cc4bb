import assert from "node:assert/strict";
import { test } from "node:test";
import { codeGroup, icd9DiagnosisGroup, icd9ProcedureGroup } from "../../../src/tasks/labels/codeGroups.ts";

test("diagnosis groups: 3 characters, V and E codes 4, leading zeros kept", () => {
  assert.deepEqual(["4280", "42821", "0389", "042", "V5861", "V3000", "E8790", "E849"].map(icd9DiagnosisGroup), [
    "428",
    "428",
    "038",
    "042",
    "V586",
    "V300",
    "E879",
    "E849",
  ]);
});

test("procedure groups: first 3 characters, leading zeros kept (the reference's numbers give 40 for 0040)", () => {
  assert.deepEqual(["0040", "0131", "9604", "3893", "640"].map(icd9ProcedureGroup), [
    "004",
    "013",
    "960",
    "389",
    "640",
  ]);
});

test("codeGroup dispatches on the code system and rejects systems without a rule", () => {
  assert.equal(codeGroup("ICD9", "V5861"), "V586");
  assert.equal(codeGroup("ICD9PROC", "0040"), "004");
  assert.throws(() => codeGroup("SNOMED", "44054006"), /no label grouping rule for code system SNOMED/);
});
