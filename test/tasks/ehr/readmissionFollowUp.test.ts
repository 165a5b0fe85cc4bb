/**
 * readmission-30d controls need 30 days of follow-up after the discharge: no death within them, and the end of the
 * data (the source's latest visit or event time) no earlier than the discharge + 30 days. Hand-written MIMIC-III
 * fixture (test/fixtures/ehr/SOURCE.md); its end of the data is patient 9's discharge, 2100-06-30 12:00.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { getSourceReader } from "../../../src/sources/registry.ts";
import { buildEhrDataset } from "../../../src/tasks/ehr/buildEhrDataset.ts";
import { createCohortBase, decideCohort, getCohort } from "../../../src/tasks/ehr/cohorts/cohortSql.ts";
import { ehrStats, formatEhrStats } from "../../../src/tasks/ehr/ehrStats.ts";

const FIXTURE = "test/fixtures/ehr/mimic3-followup";
const root = mkdtempSync(join(tmpdir(), "prognos-ehr-followup-"));
after(() => rmSync(root, { recursive: true, force: true }));

const DIED = "insufficient follow-up (died within 30 days after the discharge)";
const END = "insufficient follow-up (discharged less than 30 days before the end of the data)";

test("controls: death within 30 days or a discharge < 30 days before the end of the data excludes; cases stay", async () => {
  const tl = await getSourceReader("mimic3").open(FIXTURE);
  const got: Record<string, string> = {};
  try {
    await createCohortBase(tl.connection);
    await decideCohort(tl.connection, getCohort("readmission-30d"));
    const r = await tl.connection.runAndReadAll(
      "SELECT patient_id, status, strftime(index_time, '%Y-%m-%d %H:%M') AS t FROM ehr_decided",
    );
    for (const row of r.getRowObjectsJson()) got[String(row.patient_id)] = `${row.status} @ ${row.t}`;
  } finally {
    tl.close();
  }
  assert.deepEqual(got, {
    "1": "control @ 2100-03-05 08:00", // + 30 days = 04-04, well before 06-30
    "2": `${END} @ 2100-06-05 08:00`, // + 30 days = 07-05
    "3": "control @ 2100-05-31 12:00", // + 30 days = 06-30 12:00, exactly the end of the data
    "4": `${END} @ 2100-05-31 12:01`, // one minute later
    "5": `${DIED} @ 2100-01-10 08:00`, // DOD 02-09 00:00 ≤ 02-09 08:00
    "6": "control @ 2100-01-10 08:00", // DOD 02-10: after the 30 days
    "7": "case @ 2100-01-05 08:00", // readmitted on 01-20; its last discharge (06-20) does not matter
    "8": "case @ 2100-01-05 08:00", // readmitted within 30 days and died in that stay: still a case
    "9": `${END} @ 2100-06-30 12:00`, // the stay that ends the data
    "10": "no inpatient stay with a discharge alive @ null",
  });
});

test("the manifest counts the exclusions and records the end of the data; ehr stats prints the rule", async () => {
  const out = join(root, "readmission");
  const m = await buildEhrDataset({ source: "mimic3", dir: FIXTURE, cohort: "readmission-30d", out });
  assert.deepEqual(m.statuses, {
    case: 2,
    control: 3,
    [DIED]: 1,
    [END]: 3,
    "no inpatient stay with a discharge alive": 1,
  });
  assert.deepEqual(m.followUp, { days: 30, endOfData: "2100-06-30 12:00:00" });
  const text = formatEhrStats(await ehrStats(out));
  assert.match(text, new RegExp(`  ${END.replace(/[()]/g, "\\$&")}: 3`));
  assert.match(text, /follow-up: a control needs 30 days .*2100-06-30 12:00:00/);
  const dhf = await buildEhrDataset({ source: "mimic3", dir: FIXTURE, cohort: "dhf", out: join(root, "dhf") });
  assert.equal(dhf.followUp, null);
});
