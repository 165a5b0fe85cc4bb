// The output loads through the project's own OMOP and MIMIC-III readers, unchanged: the DHF cohort counted by SQL
// over their tl_* views (bench/ehr/dhfFromTimeline.ts) equals the generator's tally, and every bad-input row the manifest
// lists is reported by the reader at that file and row.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { dhfFromTimeline } from "../../../bench/ehr/dhfFromTimeline.ts";
import { mimic3Reader } from "../../../src/sources/mimic3/Mimic3Reader.ts";
import { omopReader } from "../../../src/sources/omop/OmopReader.ts";
import type { SkipRecord, SourceReader } from "../../../src/sources/Timeline.ts";
import type { BadRow } from "../../../src/synth/ehr/BadInput.ts";
import { BAD_INPUT_KINDS } from "../../../src/synth/ehr/BadInput.ts";
import { MANIFEST_FILE, type SynthEhrOptions } from "../../../src/synth/ehr/synthesizeEhr.ts";
import { cleanUp, generate } from "./helpers.ts";

after(cleanUp);

/**
 * The reader's skip reason for each bad row ("kind|file"). The MIMIC-III reader keeps an admission that ends before
 * it starts (reported) with its diagnoses (not reported).
 */
const REASONS: Record<"omop" | "mimic3", Record<string, RegExp>> = {
  omop: {
    "visitEndsBeforeStart|VISIT_OCCURRENCE.csv": /visit ends before it starts/,
    "visitEndsBeforeStart|CONDITION_OCCURRENCE.csv": /event outside any visit \(visit not in the visit table/,
    "eventOutsideVisit|CONDITION_OCCURRENCE.csv": /event outside any visit \(no visit id\)/,
    "duplicateRow|CONDITION_OCCURRENCE.csv": /duplicate row/,
    "unknownCodeSystem|CONDITION_OCCURRENCE.csv": /vocabulary Local is not a Prognos code system/,
    "missingBirthDate|PERSON.csv": /patient without birth date/,
  },
  mimic3: {
    "visitEndsBeforeStart|ADMISSIONS.csv": /DISCHTIME before ADMITTIME/,
    "eventOutsideVisit|DIAGNOSES_ICD.csv": /HADM_ID not in ADMISSIONS/,
    "unknownCodeSystem|DIAGNOSES_ICD.csv": /ICD9_CODE is not an ICD-9-CM code/,
    "duplicateRow|DIAGNOSES_ICD.csv": /duplicate row/,
    "missingBirthDate|PATIENTS.csv": /no DOB/,
  },
};

/**
 * The generator writes every PRESCRIPTIONS row with NDC 0 (as MIMIC-III often has it): the MIMIC-III reader keeps each
 * with its FORMULARY_DRUG_CD and reports it. Not a bad row: the tests below check it covers every PRESCRIPTIONS row
 * and leave it out of the bad-row counts.
 */
const FORMULARY = "prescription without NDC (formulary code used: system MIMIC3_FORMULARY)";

/** tl.skips less the per-row formulary report, after checking that report covers every PRESCRIPTIONS row. */
function withoutFormulary(dir: string, skips: readonly SkipRecord[]): SkipRecord[] {
  const formulary = skips.filter((s) => s.reason === FORMULARY);
  if (formulary.length > 0) {
    const rows = readFileSync(join(dir, "PRESCRIPTIONS.csv"), "utf8").trimEnd().split("\n").length - 1;
    assert.deepEqual(
      formulary.map((s) => [s.file, s.count]),
      [["PRESCRIPTIONS.csv", rows]],
    );
    assert.ok(rows > 0);
  }
  return skips.filter((s) => s.reason !== FORMULARY);
}

const cases: Array<[SourceReader, Omit<SynthEhrOptions, "outDir">]> = [
  [omopReader, { patients: 2000, seed: 11, format: "omop" }],
  [omopReader, { patients: 1200, seed: 12, format: "omop", conditionCodes: "icd10" }],
  [omopReader, { patients: 1200, seed: 13, format: "omop", conditionCodes: "icd9" }],
  [mimic3Reader, { patients: 2500, seed: 11, format: "mimic3" }],
];

for (const [reader, options] of cases) {
  describe(`${options.format}${options.conditionCodes ? ` (${options.conditionCodes})` : ""} through the ${reader.id} reader`, () => {
    test("DHF counted from the files equals the generator's tally; bad rows reported where the manifest says", async () => {
      const { dir, summary } = await generate(options);
      const tl = await reader.open(dir);
      try {
        const sql = await dhfFromTimeline(tl);
        const { patients: _, ...tally } = summary.dhf;
        assert.deepEqual(sql, tally);
        assert.ok(sql.cases > 0 && sql.controls > 0);

        const manifest = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), "utf8")) as { badRows: BadRow[] };
        assert.deepEqual(manifest.badRows, summary.badRows);
        assert.deepEqual([...new Set(summary.badRows.map((b) => b.kind))].sort(), [...BAD_INPUT_KINDS].sort());
        for (const bad of summary.badRows) {
          const reason = REASONS[options.format][`${bad.kind}|${bad.file}`];
          if (!reason) continue;
          const hit = tl.skips.find((s) => s.file === bad.file && reason.test(s.reason));
          assert.ok(hit, `${bad.kind}: no skip for ${bad.file} matching ${reason}`);
          assert.ok(hit.exampleRows.includes(bad.row), `${bad.kind}: row ${bad.row} not in ${hit.exampleRows}`);
        }
        const reported = withoutFormulary(dir, tl.skips).reduce((n, s) => n + s.count, 0);
        const expected = summary.badRows.filter((b) => REASONS[options.format][`${b.kind}|${b.file}`]).length;
        assert.equal(reported, expected, JSON.stringify(tl.skips));
      } finally {
        tl.close();
      }
    });
  });
}

describe("--clean", () => {
  for (const [reader, format] of [
    [omopReader, "omop"],
    [mimic3Reader, "mimic3"],
  ] as const) {
    test(`${format}: no bad rows, the reader skips nothing, the cohort is the same as with bad rows`, async () => {
      const clean = await generate({ patients: 1000, seed: 11, format, clean: true });
      const dirty = await generate({ patients: 1000, seed: 11, format });
      assert.deepEqual(clean.summary.badRows, []);
      assert.deepEqual(clean.summary.dhf, dirty.summary.dhf);
      const tl = await reader.open(clean.dir);
      try {
        assert.deepEqual(withoutFormulary(clean.dir, tl.skips), []);
        const { patients: _, ...tally } = clean.summary.dhf;
        assert.deepEqual(await dhfFromTimeline(tl), tally);
      } finally {
        tl.close();
      }
    });
  }
});
