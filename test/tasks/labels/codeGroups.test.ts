import assert from "node:assert/strict";
import { test } from "node:test";
import {
  CODE_GROUP_RULES,
  codeGroup,
  codeLabel,
  icd9DiagnosisGroup,
  icd9ProcedureGroup,
} from "../../../src/tasks/labels/codeGroups.ts";

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

test("per-source rules: MIMIC-IV prefixes by version; Synthea sources keep each code's own system", () => {
  const m4 = CODE_GROUP_RULES.mimic4;
  const label = (rules: typeof m4, kind: "diagnosis" | "procedure", system: string, code: string) =>
    codeLabel(rules, kind, system, code).label;
  assert.deepEqual(
    [
      label(m4, "diagnosis", "ICD9", "4280"),
      label(m4, "diagnosis", "ICD9", "V5861"),
      label(m4, "diagnosis", "ICD10", "I5023"),
      label(m4, "procedure", "ICD9PROC", "0040"),
      label(m4, "procedure", "ICD10PCS", "0DJ08ZZ"),
    ],
    ["ICD9:428", "ICD9:V586", "ICD10:I50", "ICD9:004", "ICD10:0DJ"],
  );
  const fhir = CODE_GROUP_RULES.fhir;
  assert.deepEqual(
    [
      label(fhir, "diagnosis", "SNOMED", "44054006"),
      label(fhir, "diagnosis", "ICD10", "E11.9"),
      label(fhir, "diagnosis", "ICD9", "V58.61"),
      label(fhir, "procedure", "ICD9PROC", "00.40"),
      label(fhir, "procedure", "SNOMED", "16335031000119103"),
    ],
    ["SNOMED:44054006", "ICD10:E11", "ICD9:V586", "ICD9:004", "SNOMED:16335031000119103"],
  );
});

test("a code not of its system, or of a system without a rule, gets no label and a reason", () => {
  const m4 = CODE_GROUP_RULES.mimic4;
  assert.deepEqual(codeLabel(m4, "diagnosis", "ICD9", "I5023"), {
    label: null,
    reason: "not an ICD-9-CM diagnosis code (system ICD9)",
  });
  assert.deepEqual(codeLabel(m4, "procedure", "ICD10PCS", "3893"), {
    label: null,
    reason: "not an ICD-10-PCS procedure code (system ICD10PCS)",
  });
  assert.deepEqual(codeLabel(m4, "diagnosis", "SNOMED", "44054006"), {
    label: null,
    reason: "diagnosis code of system SNOMED: no label rule (labels use ICD9, ICD10)",
  });
  assert.equal(codeLabel(CODE_GROUP_RULES.fhir, "procedure", "CPT", "99213").label, null);
  assert.equal(codeLabel(CODE_GROUP_RULES.fhir, "diagnosis", "SNOMED", "12ab").label, null);
  assert.equal(codeLabel(CODE_GROUP_RULES.mimic3, "diagnosis", "ICD9", "428.0").label, "428"); // one dot removed
});
