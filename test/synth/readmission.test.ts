// The synthetic hospital as ClinicalBERT's readmission task needs it (docs/synthetic-hospital.md "Readmissions"):
// early returns, elective and non-elective next admissions, early notes with chart times, and a history that makes
// the label depend on what the notes show.
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { earlyReturnProbability } from "../../src/synth/mimic3/ReadmissionModel.ts";
import type { AdmissionState, PatientState } from "../../src/synth/mimic3/types.ts";
import { buildCoreTasks } from "../../src/tasks/buildCoreTasks.ts";
import { parseTaskList } from "../../src/tasks/coreTasks.ts";
import type { TaskManifest } from "../../src/tasks/taskManifest.ts";
import { readJson } from "../tasks/taskFiles.ts";
import { type Hospital, makeHospital } from "./helpers/hospital.ts";

let h: Hospital;
let m: TaskManifest;
before(async () => {
  h = await makeHospital(2500, 60_000, 31);
  const out = join(h.dir, "tasks");
  await buildCoreTasks({ source: "mimic3", dir: h.dir, out, tasks: parseTaskList("readmit-discharge") });
  m = readJson<TaskManifest>(join(out, "READMISSION_30D_discharge", "manifest.json"));
});
after(() => rmSync(h.dir, { recursive: true, force: true }));

const time = (s: string) => Date.parse(`${s.replace(" ", "T")}Z`);
const DAY = 86_400_000;

test("about 6–7% of the labelled admissions are readmitted within 30 days (MIMIC-III: 6.5%)", () => {
  const a = m.readmission!.admissions;
  const rate = a.positives / a.labelled;
  assert.ok(rate > 0.045 && rate < 0.09, `positive rate ${rate}`);
  assert.ok(a.newborn > 0 && a.died > 0);
});

test("next admissions within 30 days are of both kinds: elective ones (passed over by the label) and others", () => {
  const byPatient = new Map<string, Array<Record<string, string | null>>>();
  for (const a of h.admissions) byPatient.set(a.SUBJECT_ID!, [...(byPatient.get(a.SUBJECT_ID!) ?? []), a]);
  const kinds = { ELECTIVE: 0, other: 0 };
  for (const stays of byPatient.values()) {
    stays.sort((x, y) => time(x.ADMITTIME!) - time(y.ADMITTIME!));
    for (let i = 0; i + 1 < stays.length; i++) {
      if (time(stays[i + 1]!.ADMITTIME!) - time(stays[i]!.DISCHTIME!) < 30 * DAY) {
        kinds[stays[i + 1]!.ADMISSION_TYPE === "ELECTIVE" ? "ELECTIVE" : "other"]++;
      }
    }
  }
  assert.ok(kinds.ELECTIVE >= 3, `elective returns ${kinds.ELECTIVE}`);
  assert.ok(kinds.other > 5 * kinds.ELECTIVE, `non-elective returns ${kinds.other}`);
  assert.ok(m.readmission!.admissions.electiveNextSkipped > 0);
});

test("early notes carry a CHARTTIME and fall in the first days; discharge summaries and ECGs have none", () => {
  const admit = new Map(h.admissions.map((a) => [a.HADM_ID!, time(a.ADMITTIME!)]));
  let early = 0;
  for (const n of h.notes) {
    if (n.CATEGORY === "Discharge summary" || n.CATEGORY === "ECG") assert.equal(n.CHARTTIME, null);
    if (n.HADM_ID && n.CHARTTIME && time(n.CHARTTIME) < admit.get(n.HADM_ID)! + 2 * DAY) early++;
  }
  assert.ok(early > 1000, `notes charted in the first 2 days: ${early}`);
  const physician = h.notes.filter((n) => n.CATEGORY === "Physician " && n.HADM_ID);
  assert.ok(physician.length > 0 && physician.every((n) => /\nPMH: /.test(n.TEXT!)));
});

test("early returns are likelier with the chronic conditions the notes name, frailty and leaving against advice", () => {
  const patient = (conditions: string[], frailty = 0) =>
    ({ conditions: new Set(conditions), frailty }) as unknown as PatientState;
  const stay = (extra: Partial<AdmissionState> = {}) =>
    ({
      severity: 0,
      complications: [],
      losDays: 4,
      dischargeLocation: "HOME",
      admissionType: "EMERGENCY",
      ...extra,
    }) as AdmissionState;
  const base = earlyReturnProbability(patient([]), stay());
  assert.ok(base > 0.02 && base < 0.08, `base ${base}`);
  assert.ok(earlyReturnProbability(patient(["chf", "copd"]), stay()) > 4 * base);
  assert.ok(earlyReturnProbability(patient([], 2), stay()) > base);
  assert.ok(earlyReturnProbability(patient([]), stay({ dischargeLocation: "LEFT AGAINST MEDICAL ADVI" })) > 2 * base);
  assert.ok(earlyReturnProbability(patient([]), stay({ admissionType: "ELECTIVE" })) < base);
});
