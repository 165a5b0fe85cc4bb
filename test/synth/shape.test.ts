import assert from "node:assert/strict";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { BertTokenizer } from "../../src/tokenizer/index.ts";
import { admissionNote, admissionSections } from "./helpers/coreSections.ts";
import { adultReports, diagnosisGroup, type Hospital, makeHospital } from "./helpers/hospital.ts";

// One seeded hospital of 3,000 admissions; the ranges below bracket MIMIC-III's figures (docs/core-method.md §2,
// docs/synthetic-hospital.md).
let h: Hospital;
let adult: Array<Record<string, string | null>>;
const dx = new Map<string, string[]>();
const pr = new Map<string, string[]>();

before(async () => {
  h = await makeHospital(3000, 3000, 2024);
  adult = h.admissions.filter((a) => a.ADMISSION_TYPE !== "NEWBORN");
  for (const d of h.diagnoses) if (d.ICD9_CODE) dx.set(d.HADM_ID!, [...(dx.get(d.HADM_ID!) ?? []), d.ICD9_CODE]);
  for (const p of h.procedures) pr.set(p.HADM_ID!, [...(pr.get(p.HADM_ID!) ?? []), p.ICD9_CODE!]);
});
after(() => rmSync(h.dir, { recursive: true, force: true }));

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

test("about 9 diagnosis groups and 3–4 procedure groups per admission; most admissions have procedures", () => {
  const dxGroups = adult.map((a) => new Set((dx.get(a.HADM_ID!) ?? []).map(diagnosisGroup)).size);
  const withProcs = adult.filter((a) => pr.has(a.HADM_ID!));
  const prGroups = withProcs.map((a) => new Set(pr.get(a.HADM_ID!)!.map((c) => c.slice(0, 3))).size);
  assert.ok(mean(dxGroups) > 7.5 && mean(dxGroups) < 11, `dx groups ${mean(dxGroups)}`);
  assert.ok(mean(prGroups) > 2.5 && mean(prGroups) < 4.5, `procedure groups ${mean(prGroups)}`);
  const share = withProcs.length / adult.length;
  assert.ok(share > 0.8 && share < 0.98, `with procedures ${share}`);
  const labels = new Set([...dx.values()].flat().map(diagnosisGroup));
  assert.ok(labels.size > 400, `distinct diagnosis groups ${labels.size}`);
});

test("about 10% in-hospital deaths, 13% newborn admissions, all four LOS buckets well populated", () => {
  const deaths = h.admissions.filter((a) => a.HOSPITAL_EXPIRE_FLAG === "1").length / h.admissions.length;
  assert.ok(deaths > 0.07 && deaths < 0.13, `death rate ${deaths}`);
  const newborn = 1 - adult.length / h.admissions.length;
  assert.ok(newborn > 0.11 && newborn < 0.15, `newborn share ${newborn}`);
  const buckets = [0, 0, 0, 0];
  for (const a of adult) {
    if (a.HOSPITAL_EXPIRE_FLAG === "1") continue;
    const days = Math.round(((Date.parse(`${a.DISCHTIME}Z`) - Date.parse(`${a.ADMITTIME}Z`)) / 86_400_000) * 10) / 10;
    buckets[days <= 3 ? 0 : days <= 7 ? 1 : days <= 14 ? 2 : 3]!++;
  }
  const total = buckets.reduce((s, x) => s + x, 0);
  for (const b of buckets) assert.ok(b / total > 0.1, `LOS buckets ${buckets}`);
});

test("V and E codes, leading-zero procedure codes, and CHF/CKD/diabetes, sepsis/pneumonia, alcohol/cirrhosis co-occur", () => {
  const has = (hadm: string, group: string) => (dx.get(hadm) ?? []).some((c) => diagnosisGroup(c) === group);
  const share = (f: (hadm: string) => boolean) => adult.filter((a) => f(a.HADM_ID!)).length / adult.length;
  assert.ok(share((x) => (dx.get(x) ?? []).some((c) => c.startsWith("V"))) > 0.4);
  assert.ok(share((x) => (dx.get(x) ?? []).some((c) => c.startsWith("E"))) > 0.1);
  const procs = [...pr.values()].flat();
  for (const code of ["0040", "0066", "0017", "9604", "3893"]) assert.ok(procs.includes(code), code);
  assert.ok(procs.filter((c) => c.startsWith("0")).length > 50);
  const lift = (a: string, b: string) => {
    const both = share((x) => has(x, a) && has(x, b));
    return both / (share((x) => has(x, a)) * share((x) => has(x, b)));
  };
  for (const [a, b] of [
    ["428", "585"],
    ["250", "585"],
    ["428", "427"],
    ["038", "486"],
    ["571", "303"],
  ] as const) {
    assert.ok(lift(a, b) > 1.3, `lift ${a}/${b} = ${lift(a, b)}`);
  }
});

test("patients: several admissions for some, SUBJECT_IDs of adults mostly from CORe's split lists, newborns outside", () => {
  const perPatient = new Map<string, number>();
  for (const a of adult) perPatient.set(a.SUBJECT_ID!, (perPatient.get(a.SUBJECT_ID!) ?? 0) + 1);
  const repeat = [...perPatient.values()].filter((n) => n > 1).length / perPatient.size;
  assert.ok(repeat > 0.08 && repeat < 0.35, `patients with more than one admission ${repeat}`);
  const listed = new Set(
    readFileSync(join(import.meta.dirname, "../../data/icd-synth/core-split-subject-ids.csv"), "utf8")
      .split("\n")
      .slice(1)
      .map((l) => l.split(",")[0]),
  );
  const adultListed = [...perPatient.keys()].filter((s) => listed.has(s)).length / perPatient.size;
  assert.ok(adultListed > 0.95 && adultListed < 1, `adult patients in the split lists ${adultListed}`);
  const newborns = h.admissions.filter((a) => a.ADMISSION_TYPE === "NEWBORN");
  assert.ok(newborns.every((a) => !listed.has(a.SUBJECT_ID!)));
});

test("notes: exactly K other notes, addenda, duplicates, only-addendum admissions, notes without an admission", () => {
  const other = h.notes.filter((n) => n.CATEGORY !== "Discharge summary");
  assert.equal(other.length, 3000);
  const reports = h.notes.filter((n) => n.CATEGORY === "Discharge summary");
  const texts = new Map<string, number>();
  for (const n of reports) texts.set(n.TEXT!, (texts.get(n.TEXT!) ?? 0) + 1);
  assert.ok(
    [...texts.values()].some((k) => k > 1),
    "a duplicated discharge summary",
  );
  const byAdmission = new Map<string, string[]>();
  for (const n of reports)
    if (n.HADM_ID) byAdmission.set(n.HADM_ID, [...(byAdmission.get(n.HADM_ID) ?? []), n.DESCRIPTION!]);
  assert.ok([...byAdmission.values()].some((d) => d.includes("Report") && d.includes("Addendum")));
  assert.ok(
    [...byAdmission.values()].some((d) => !d.includes("Report")),
    "an admission with only an addendum",
  );
  assert.ok(other.some((n) => n.HADM_ID === null));
  assert.ok(h.admissions.some((a) => a.ADMISSION_TYPE === "NEWBORN" && byAdmission.has(a.HADM_ID!)));
});

test("admission notes run to a few hundred words; many exceed 512 WordPiece tokens", async () => {
  const { tokenizer } = await BertTokenizer.fromFolder(
    join(import.meta.dirname, "../fixtures/tokenizer/bert-base-uncased"),
  );
  const lengths: number[] = [];
  const words: number[] = [];
  for (const text of adultReports(h).values()) {
    const sections = admissionSections(text);
    if (!sections[0] && !sections[1] && !sections[2]) continue;
    lengths.push(tokenizer.textToIds(admissionNote(sections)).length);
    words.push(sections.join(" ").split(/\s+/).length);
  }
  const over = lengths.filter((n) => n > 512).length / lengths.length;
  assert.ok(mean(words) > 220 && mean(words) < 500, `words ${mean(words)}`);
  assert.ok(over > 0.35 && over < 0.9, `share over 512 tokens ${over}`);
});
