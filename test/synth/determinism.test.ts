import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { MIMIC3_TABLES } from "../../src/synth/mimic3/mimicTables.ts";
import { synthesizeMimic3 } from "../../src/synth/mimic3/synthesizeMimic3.ts";

async function digests(seed: number): Promise<Record<string, string>> {
  const dir = mkdtempSync(join(tmpdir(), "prognos-synth-det-"));
  try {
    await synthesizeMimic3({ admissions: 300, otherNotes: 400, seed, outDir: dir });
    return Object.fromEntries(
      MIMIC3_TABLES.map((t) => [
        t.file,
        createHash("sha256")
          .update(readFileSync(join(dir, t.file)))
          .digest("hex"),
      ]),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("same arguments give byte-identical files; another seed gives other data (same code tables)", async () => {
  const a = await digests(5);
  const b = await digests(5);
  const c = await digests(6);
  assert.deepEqual(a, b);
  for (const file of ["PATIENTS.csv", "ADMISSIONS.csv", "DIAGNOSES_ICD.csv", "PROCEDURES_ICD.csv", "NOTEEVENTS.csv"]) {
    assert.notEqual(a[file], c[file], file);
  }
  assert.equal(a["D_ICD_DIAGNOSES.csv"], c["D_ICD_DIAGNOSES.csv"]);
});

test("an existing output is refused unless overwrite is set", async () => {
  const dir = mkdtempSync(join(tmpdir(), "prognos-synth-det-"));
  try {
    await synthesizeMimic3({ admissions: 5, otherNotes: 0, seed: 1, outDir: dir });
    await assert.rejects(
      synthesizeMimic3({ admissions: 5, otherNotes: 0, seed: 1, outDir: dir }),
      /already holds MIMIC-III tables/,
    );
    await synthesizeMimic3({ admissions: 5, otherNotes: 0, seed: 1, outDir: dir, overwrite: true });
    await assert.rejects(
      synthesizeMimic3({ admissions: 5, patients: 6, seed: 1, outDir: dir, overwrite: true }),
      /--patients/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
