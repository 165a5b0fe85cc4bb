/**
 * The dhf cohort on `prognos synth ehr` output equals the generator's own DHF tally (written by a separate code
 * path in src/synth/ehr/), in OMOP (SNOMED) and MIMIC-III (ICD-9) form.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { main } from "../../../src/cli/main.ts";
import { buildEhrDataset } from "../../../src/tasks/ehr/buildEhrDataset.ts";

const root = mkdtempSync(join(tmpdir(), "prognos-ehr-synth-"));
after(() => rmSync(root, { recursive: true, force: true }));

for (const [format, source] of [
  ["omop", "omop"],
  ["mimic3", "mimic3"],
] as const) {
  test(`dhf on synthetic ${format} = the generator's tally`, async () => {
    const dir = join(root, format);
    const code = await main([
      "synth",
      "ehr",
      "--patients",
      "1500",
      "--seed",
      "11",
      "--format",
      format,
      "--out",
      dir,
      "--no-progress",
    ]);
    assert.equal(code, 0);
    const tally = (
      JSON.parse(readFileSync(join(dir, "synth-ehr-manifest.json"), "utf8")) as {
        dhf: { cases: number; controls: number; nearCases: number; excludedTypes: number };
      }
    ).dhf;
    const m = await buildEhrDataset({ source, dir, cohort: "dhf", out: join(root, `${format}-dhf`) });
    assert.deepEqual(
      {
        cases: m.statuses.case ?? 0,
        controls: m.statuses.control ?? 0,
        nearCases: Object.entries(m.statuses).find(([k]) => k.startsWith("near case"))?.[1] ?? 0,
        excludedTypes: m.statuses["excluded diagnosis (any time)"] ?? 0,
      },
      { cases: tally.cases, controls: tally.controls, nearCases: tally.nearCases, excludedTypes: tally.excludedTypes },
    );
    assert.ok(tally.cases > 0);
  });
}
