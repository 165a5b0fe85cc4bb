/**
 * bench/int8/run.ts --quick: fp32 and both int8 forms of a small BERT run side by side; the table and the JSON
 * carry a ratio per shape and the load average. Speed itself is not asserted (docs/benchmarks.md holds figures).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";

const out = mkdtempSync(join(tmpdir(), "prognos-bench-int8-"));
after(() => rmSync(out, { recursive: true, force: true }));

test("bench:int8 --quick prints fp32 vs int8 ratios for both ONNX forms with the load average", () => {
  const json = join(out, "int8.json");
  const r = spawnSync(
    process.execPath,
    ["--import", "tsx", "bench/int8/run.ts", "--quick", "--threads", "1", "--json", json],
    { encoding: "utf8", timeout: 300_000 },
  );
  assert.equal(r.status, 0, r.stderr.slice(-2000));
  assert.match(r.stdout, /load average before: \d+\.\d\d, /);
  assert.match(r.stdout, /^1x32 +\| +[\d.]+ \| +[\d.]+ \| +[\d.]+ \| +[\d.]+× \| +[\d.]+× \| +0\.\d{4}$/m);
  const result = JSON.parse(readFileSync(json, "utf8"));
  assert.equal(result.rows.length, 2);
  for (const row of result.rows) {
    assert.ok(row.ratio_fused > 0 && row.ratio_integer > 0);
    assert.ok(row.max_abs_diff > 0 && row.max_abs_diff < 0.5, `int8 vs fp32 ${row.max_abs_diff}`);
  }
  assert.equal(result.loadavg.length, 3);
});
