/**
 * bench/long-notes/run.ts --quick on a `prognos demo --quick` folder: mortality fine-tuned from where the demo
 * started it (the diagnoses task's fine-tuned encoder) once truncating and once in windows, each scored on test by `prognos evaluate`, and the paired difference.
 * Guards the bench against drifting from the demo (it once looked for an encoder the demo no longer writes).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";

const out = mkdtempSync(join(tmpdir(), "prognos-bench-long-notes-"));
after(() => rmSync(out, { recursive: true, force: true }));

test("bench:long-notes --quick trains both policies from where the demo started and pairs their test AUROCs", () => {
  const demo = join(out, "demo");
  const d = spawnSync(process.execPath, ["bin/prognos.js", "demo", "--quick", "--out", demo, "--threads", "1"], {
    encoding: "utf8",
    timeout: 300_000,
  });
  assert.equal(d.status, 0, d.stderr.slice(-2000));
  const json = join(out, "long-notes.json");
  const argv = ["--import", "tsx", "bench/long-notes/run.ts", "--quick", "--demo", demo, "--out", join(out, "runs")];
  const r = spawnSync(process.execPath, [...argv, "--max-windows", "4", "--threads", "1", "--json", json], {
    encoding: "utf8",
    timeout: 300_000,
  });
  assert.equal(r.status, 0, r.stderr.slice(-2000));
  // The folder the demo fine-tuned mortality from (its run.json: the diagnoses task's best/, a new classifier), with
  // the demo's pooling.
  const start = JSON.parse(readFileSync(join(demo, "runs", "MP_IN_adm", "run.json"), "utf8"));
  assert.equal(start.model, join(demo, "runs", "DIA_GROUPS_3_DIGITS_adm", "best"));
  assert.ok(r.stderr.includes(`train --model ${start.model} --reinit-head `), r.stderr.slice(0, 400));
  assert.match(r.stderr, / --pooling mean /);
  assert.match(r.stdout, /^\| MP_IN_adm \| 0\.\d{3} \(/m);

  const result = JSON.parse(readFileSync(json, "utf8"));
  const [truncate, windows] = ["truncate", "windows"].map((p) =>
    result.results.find((x: { policy: string }) => x.policy === p),
  );
  assert.equal(result.results.length, 2);
  assert.equal(truncate.testInput.long_notes, "truncate");
  assert.ok(truncate.testInput.truncated > 0, "quick notes are longer than 64 word pieces");
  assert.equal(windows.testInput.long_notes, "windows");
  assert.equal(windows.testInput.windowed, windows.testRows, "every test note split into windows");
  assert.ok(windows.testInput.capped > 0, "--max-windows 4 caps the long notes");
  for (const x of [truncate, windows]) assert.ok(x.test.value > 0 && x.test.value < 1 && x.steps > 0);
  const diff = result.diffs.MP_IN_adm;
  assert.ok(Math.abs(diff.value - (windows.test.value - truncate.test.value)) < 1e-9, "windows − truncate, paired");
  assert.ok(diff.lower <= diff.value && diff.value <= diff.upper);
});
