/**
 * `ehr build --cohort pretrain`: every patient's whole history without an outcome, minus the patients a model will
 * be tested on — the test split of the same seed (so any cohort built with that seed has none of its test patients
 * here), and the val/test patients of --exclude folders (cohorts built with another seed).
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { main } from "../../../src/cli/main.ts";
import { buildEhrDataset } from "../../../src/tasks/ehr/buildEhrDataset.ts";
import { seededHashSplit } from "../../../src/tasks/splits/seededHashSplit.ts";

const root = mkdtempSync(join(tmpdir(), "prognos-ehr-pretrain-cohort-"));
const source = join(root, "omop");
after(() => rmSync(root, { recursive: true, force: true }));
before(async () => {
  const code = await main(["synth", "ehr", "--patients", "400", "--seed", "4", "--out", source, "--no-progress"]);
  assert.equal(code, 0);
});

const jsonl = (dir: string) =>
  readFileSync(join(dir, "sequences.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { patient_id: string; split: string; label: number | null; n_codes: number });

test("pretrain keeps every patient with a code, no label, and holds out the test split of its seed", async () => {
  const out = join(root, "pretrain");
  const m = await buildEhrDataset({ source: "omop", dir: source, cohort: "pretrain", out, seed: 3 });
  const rows = jsonl(out);
  assert.ok(rows.length > 300, `${rows.length} patients`);
  for (const r of rows) {
    assert.equal(r.label, null);
    assert.notEqual(seededHashSplit(r.patient_id, 3), "test");
    assert.equal(r.split, seededHashSplit(r.patient_id, 3));
  }
  const heldOut = m.statuses["held out: test split (seed 3)"]!;
  assert.ok(heldOut > 40, `held out ${heldOut}`);
  assert.equal(m.splits.test!.patients, 0);
  assert.equal(rows.length + heldOut + (m.noInputCodes.kept ?? 0), 400);
  // A cohort built with the same seed: none of its test patients is in the pre-training folder.
  const dhf = join(root, "dhf3");
  await buildEhrDataset({ source: "omop", dir: source, cohort: "paca", out: dhf, seed: 3 });
  const kept = new Set(rows.map((r) => r.patient_id));
  const tested = jsonl(dhf).filter((r) => r.split === "test");
  assert.ok(tested.length > 20);
  assert.equal(tested.filter((r) => kept.has(r.patient_id)).length, 0);
});

test("--exclude holds out the val and test patients of a cohort built with another seed", async () => {
  const other = join(root, "paca9");
  await buildEhrDataset({ source: "omop", dir: source, cohort: "paca", out: other, seed: 9 });
  const valTest = jsonl(other).filter((r) => r.split !== "train");
  const out = join(root, "pretrain-excl");
  const m = await buildEhrDataset({ source: "omop", dir: source, cohort: "pretrain", out, seed: 3, exclude: [other] });
  const kept = new Set(jsonl(out).map((r) => r.patient_id));
  assert.equal(valTest.filter((r) => kept.has(r.patient_id)).length, 0);
  assert.equal(m.heldOut!.excluded[0]!.valTestPatients, valTest.length);
  assert.equal(m.heldOut!.excluded[0]!.foundInSource, valTest.length);
  assert.ok(m.statuses["held out: val/test patient of an --exclude cohort"]! > 0);
  await assert.rejects(
    buildEhrDataset({ source: "omop", dir: source, cohort: "dhf", out: join(root, "x"), exclude: [other] }),
    /--exclude: applies to --cohort pretrain only \(got --cohort dhf\)/,
  );
  await assert.rejects(
    buildEhrDataset({ source: "omop", dir: source, cohort: "pretrain", out: join(root, "y"), exclude: [root] }),
    /--exclude: not an EHR cohort folder/,
  );
});
