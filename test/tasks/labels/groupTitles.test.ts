import assert from "node:assert/strict";
import { test } from "node:test";
import { icd9DiagnosisGroup, icd9ProcedureGroup } from "../../../src/tasks/labels/codeGroups.ts";
import { GroupTitleIndex } from "../../../src/tasks/labels/groupTitles.ts";

const dx = new GroupTitleIndex("ICD9", icd9DiagnosisGroup, {
  titles: new Map([["042", "HIV disease (source title)"]]),
  table: "D_ICD_DIAGNOSES",
});
const pr = new GroupTitleIndex("ICD9PROC", icd9ProcedureGroup, { titles: new Map(), table: "D_ICD_PROCEDURES" });

test("a group that is itself a code takes the source's title first, then CMS's", () => {
  assert.deepEqual(dx.title("042"), { title: "HIV disease (source title)", titleSource: "source:D_ICD_DIAGNOSES" });
  assert.deepEqual(dx.title("496"), {
    title: "Chronic airway obstruction, not elsewhere classified",
    titleSource: "CMS32",
  });
  assert.deepEqual(pr.title("966"), {
    title: "Enteral infusion of concentrated nutritional substances",
    titleSource: "CMS32",
  });
});

test("a category without its own line: its unspecified member, else the members' common words, else CCS", () => {
  assert.deepEqual(dx.title("428"), { title: "Heart failure", titleSource: "unspecified member 4289" });
  assert.deepEqual(dx.title("401"), { title: "Essential hypertension", titleSource: "unspecified member 4019" });
  assert.deepEqual(dx.title("250"), { title: "Diabetes", titleSource: "common start of 40 member titles" });
  assert.deepEqual(dx.title("276"), { title: "Fluid/elc dx; Complic proc", titleSource: "CCS 2015" });
  assert.deepEqual(pr.title("004"), { title: "Ot vessels; n-OR CV prs", titleSource: "CCS 2015" });
  assert.deepEqual(dx.title("ZZZ"), { title: "", titleSource: "none" });
});
