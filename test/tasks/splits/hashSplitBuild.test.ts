// The seeded patient-hash split through a whole build, on a generated MIMIC-IV-shaped set (3,000 patients, some
// with two admissions): 70/10/20 of the patients within tolerance, patients never split across train/val/test,
// byte-identical output for the same seed, another split for another seed.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { buildCoreTasks } from "../../../src/tasks/buildCoreTasks.ts";
import { parseTaskList } from "../../../src/tasks/coreTasks.ts";
import { readSplitCsv } from "../taskFiles.ts";

const PATIENTS = 3000;
const SPLITS = ["train", "val", "test"] as const;
const temps: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "prognos-hashsplit-"));
  temps.push(d);
  return d;
};
after(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** subject i has admission 2000000+i, and every 7th subject a second one (3000000+i). */
function writeHospital(dir: string): Map<string, string> {
  mkdirSync(join(dir, "hosp"));
  mkdirSync(join(dir, "note"));
  const patient = new Map<string, string>();
  const pats = ["subject_id,gender,anchor_age,anchor_year,anchor_year_group,dod"];
  const adms = ["subject_id,hadm_id,admittime,dischtime,deathtime,admission_type,hospital_expire_flag"];
  const dx = ["subject_id,hadm_id,seq_num,icd_code,icd_version"];
  const notes = ["note_id,subject_id,hadm_id,note_type,note_seq,charttime,storetime,text"];
  for (let i = 1; i <= PATIENTS; i++) {
    const sid = String(10_000_000 + i);
    pats.push(`${sid},F,50,2150,2014 - 2016,`);
    for (const hadm of i % 7 === 0 ? [2_000_000 + i, 3_000_000 + i] : [2_000_000 + i]) {
      patient.set(String(hadm), sid);
      adms.push(`${sid},${hadm},2150-01-01 00:00:00,2150-01-0${1 + (i % 8)} 12:00:00,,URGENT,0`);
      dx.push(`${sid},${hadm},1,${i % 2 ? "I509" : "4280"},${i % 2 ? 10 : 9}`);
      notes.push(`${sid}-DS-${hadm},${sid},${hadm},DS,1,2150-01-09 00:00:00,,"Chief Complaint:\nsymptom ${i}\n\nEnd:"`);
    }
  }
  const files: [string, string[]][] = [
    ["hosp/patients.csv", pats],
    ["hosp/admissions.csv", adms],
    ["hosp/diagnoses_icd.csv", dx],
    ["hosp/procedures_icd.csv", ["subject_id,hadm_id,seq_num,chartdate,icd_code,icd_version"]],
    ["note/discharge.csv", notes],
  ];
  for (const [name, lines] of files) writeFileSync(join(dir, name), `${lines.join("\n")}\n`);
  return patient;
}

let src: string;
let patientOf: Map<string, string>;
before(() => {
  src = tempDir();
  patientOf = writeHospital(src);
});

async function build(seed: number): Promise<string> {
  const out = tempDir();
  await buildCoreTasks({ source: "mimic4", dir: src, out, seed, tasks: parseTaskList("dia") });
  return join(out, "DIA_GROUPS_3_DIGITS_adm");
}

test("70/10/20 of the patients within tolerance; a patient's admissions all in one split", async () => {
  const folder = await build(7);
  const splitOf = new Map<string, string>();
  let rows = 0;
  for (const split of SPLITS) {
    for (const [id] of readSplitCsv(folder, split).rows) {
      rows++;
      const pid = patientOf.get(id!)!;
      assert.ok((splitOf.get(pid) ?? split) === split, `patient ${pid} in two splits`);
      splitOf.set(pid, split);
    }
  }
  assert.equal(rows, patientOf.size);
  assert.equal(splitOf.size, PATIENTS);
  const share = (s: string) => [...splitOf.values()].filter((v) => v === s).length / PATIENTS;
  // binomial standard deviations at n = 3000: 0.0084, 0.0055, 0.0073 — tolerances are ~3.5 of them
  assert.ok(Math.abs(share("train") - 0.7) < 0.03, `train ${share("train")}`);
  assert.ok(Math.abs(share("val") - 0.1) < 0.02, `val ${share("val")}`);
  assert.ok(Math.abs(share("test") - 0.2) < 0.025, `test ${share("test")}`);
});

test("deterministic by seed: the same seed gives byte-identical files, another seed another split", async () => {
  const [a, b, c] = [await build(7), await build(7), await build(8)];
  for (const split of SPLITS) {
    assert.equal(readFileSync(join(a, `${split}.csv`), "utf8"), readFileSync(join(b, `${split}.csv`), "utf8"));
  }
  const members = (folder: string) => new Set(readSplitCsv(folder, "train").rows.map((r) => r[0]));
  const [trainA, trainC] = [members(a), members(c)];
  const moved = [...trainA].filter((id) => !trainC.has(id)).length;
  assert.ok(moved > 300, `${moved} admissions left train with another seed`);
});
