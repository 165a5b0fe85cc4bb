/**
 * `ehr build --dhf-confirm`: diabetes confirmed by an antidiabetic drug or HbA1c ≥ 6.5% before the index, on a
 * hand-written OMOP fixture (test/fixtures/ehr/SOURCE.md says what each person tests; expected statuses worked out
 * by hand there).
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { getSourceReader } from "../../../src/sources/registry.ts";
import { buildEhrDataset } from "../../../src/tasks/ehr/buildEhrDataset.ts";
import { createCohortBase, decideCohort, getCohort } from "../../../src/tasks/ehr/cohorts/cohortSql.ts";
import { type ConfirmMode, prepareConfirmation } from "../../../src/tasks/ehr/cohorts/confirmationSql.ts";

const FIXTURE = "test/fixtures/ehr/omop-confirm";
const root = mkdtempSync(join(tmpdir(), "prognos-ehr-confirm-"));
after(() => rmSync(root, { recursive: true, force: true }));

async function statuses(mode: ConfirmMode): Promise<Record<string, string>> {
  const tl = await getSourceReader("omop").open(FIXTURE);
  try {
    const conn = tl.connection;
    await createCohortBase(conn);
    const dhf = getCohort("dhf");
    const c = await prepareConfirmation(conn, dhf, mode);
    await decideCohort(conn, dhf, { unconfirmedStatus: c?.summary.status });
    const out: Record<string, string> = {};
    for (const r of (
      await conn.runAndReadAll("SELECT patient_id, status FROM ehr_decided ORDER BY patient_id")
    ).getRowObjectsJson())
      out[String(r.patient_id)] = String(r.status);
    return out;
  } finally {
    tl.close();
  }
}

const NEAR = "near case (outcome fails the 30-day or 2-encounter rule)";
const FEWER = "fewer than 2 qualifying encounters";

test("none: the diagnoses alone decide (as before the option existed)", async () => {
  assert.deepEqual(await statuses("none"), {
    "1": "case",
    "2": "case",
    "3": "control",
    "4": "control",
    "5": "control",
    "6": "control",
    "7": "control",
    "8": NEAR,
    "9": FEWER,
  });
});

test("drugs: an antidiabetic drug (by title or RxNorm ingredient code) before the index; not at it", async () => {
  const u = "unconfirmed diabetes (no antidiabetic drug before the index)";
  assert.deepEqual(await statuses("drugs"), {
    "1": "case", // metformin 3 months before the first HF encounter
    "2": u, // metformin only at the index visit
    "3": u, // HbA1c only
    "4": u,
    "5": u,
    "6": "control", // RxNorm 6809 whose title names no drug: the code set
    "7": u, // lisinopril, and 'lactose' (contains 'actos' but not as a word)
    "8": NEAR, // insulin (Humulin) confirms; the HF rule still fails
    "9": FEWER, // metformin does not make a diabetic
  });
});

test("labs: HbA1c ≥ 6.5% before the index; 6.4, 6.5 at the index and a missing value do not confirm", async () => {
  const u = "unconfirmed diabetes (no HbA1c ≥ 6.5% before the index)";
  assert.deepEqual(await statuses("labs"), {
    "1": u,
    "2": u,
    "3": "control", // 7.1
    "4": u, // 6.4 before, 6.5 at the index (the last encounter)
    "5": u, // value_as_number empty
    "6": u,
    "7": u,
    "8": u,
    "9": FEWER,
  });
});

test("any: either kind; the manifest counts the statuses and the evidence", async () => {
  const u = "unconfirmed diabetes (no antidiabetic drug or HbA1c ≥ 6.5% before the index)";
  const s = await statuses("any");
  assert.deepEqual(
    Object.entries(s)
      .filter(([, v]) => v !== u)
      .map(([k, v]) => `${k} ${v}`),
    ["1 case", "3 control", "6 control", `8 ${NEAR}`, `9 ${FEWER}`],
  );
  const m = await buildEhrDataset({
    source: "omop",
    dir: FIXTURE,
    cohort: "dhf",
    out: join(root, "any"),
    confirm: "any",
  });
  assert.deepEqual(m.statuses, { case: 1, control: 2, [NEAR]: 1, [FEWER]: 1, [u]: 4 });
  assert.equal(m.options.confirm, "any");
  assert.deepEqual(m.confirmation, {
    mode: "any",
    used: ["drugs", "labs"],
    notInSource: [],
    sourceDrugEvents: 7,
    sourceLabValues: 3,
    // metformin ×3, the 6809 ingredient, insulin; lisinopril and lactose are not evidence
    evidenceEvents: { drugs: 5, labs: 2 },
    labsWithoutValue: 1,
    status: u,
  });
});

test("a kind the source lacks is refused alone, skipped (and named) with any; other cohorts refuse the option", async () => {
  const mimic = "test/fixtures/ehr/mimic3";
  const out = join(root, "refused");
  await assert.rejects(
    buildEhrDataset({ source: "mimic3", dir: mimic, cohort: "dhf", out, confirm: "drugs" }),
    /--dhf-confirm drugs: the source has no drug events/,
  );
  await assert.rejects(
    buildEhrDataset({ source: "mimic3", dir: mimic, cohort: "dhf", out, confirm: "any" }),
    /no drug events and no lab events with a value/,
  );
  await assert.rejects(
    buildEhrDataset({ source: "omop", dir: FIXTURE, cohort: "paca", out, confirm: "drugs" }),
    /applies to the dhf cohort only \(got --cohort paca\)/,
  );
});
