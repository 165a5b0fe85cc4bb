import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";

interface Row {
  task: string;
  auroc: Record<string, { value: number | null; lower: number | null; upper: number | null }>;
  val: Record<string, number | null>;
  differences: Record<string, { value: number | null; rows: number }>;
}

const runBench = (out: string) =>
  spawnSync(process.execPath, ["--import", "tsx", "bench/core-ablation/run.ts", "--quick", "--out", out], {
    encoding: "utf8",
  });

// bench/core-ablation --quick end to end (docs/benchmarks.md, "CORe ablation"): every stage is a real prognos
// command on tiny sizes; the table's numbers are meaningless at this size, but their bookkeeping is checked.
test("core ablation --quick: four models per task, equal pre-training budgets, paired differences, resumable", () => {
  const out = mkdtempSync(join(tmpdir(), "prognos-ablation-"));
  try {
    const first = runBench(out);
    assert.equal(first.status, 0, first.stderr.slice(-2000));
    const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8")) as { table: Row[] };
    assert.deepEqual(
      results.table.map((r) => r.task),
      ["MP_IN_adm", "LOS_WEEKS_adm"],
    );
    for (const row of results.table) {
      for (const arm of ["none", "mlm", "core", "bow"]) {
        const a = row.auroc[arm]!;
        assert.ok(a.value !== null && a.value >= 0 && a.value <= 1, `${row.task} ${arm}: ${a.value}`);
        // The val figure an arm is chosen on: the run's own early-stopping metric, or the baseline's val headline.
        const runDir = join(out, "runs", `${row.task}-${arm}`);
        const expected =
          arm === "bow"
            ? JSON.parse(readFileSync(join(runDir, "eval-val", "metrics.json"), "utf8")).headline.value
            : JSON.parse(readFileSync(join(runDir, "best", "run.json"), "utf8")).val_metric;
        assert.equal(row.val[arm], expected, `${row.task} ${arm} val`);
        assert.ok(expected > 0 && expected < 1, `${row.task} ${arm} val ${expected}`);
      }
      // A paired difference on the same rows is the difference of the two headline values.
      for (const [pair, d] of Object.entries(row.differences)) {
        const [a, b] = pair.split("−") as [string, string];
        assert.ok(d.rows > 0);
        assert.ok(Math.abs(d.value! - (row.auroc[a]!.value! - row.auroc[b]!.value!)) < 1e-9, pair);
      }
    }
    // Equal token budgets: both pre-trainings stop at the same cap.
    const done = (s: string) => JSON.parse(readFileSync(join(out, "stages", s, "done.json"), "utf8"));
    const mlm = done("pretrain-mlm").result;
    const core = done("pretrain-core").result;
    assert.equal(mlm.objective, "mlm");
    assert.equal(core.objective, "core+mlm");
    for (const r of [mlm, core]) assert.ok(r.tokens >= 20_000 && r.tokens < 20_000 + 8 * 64, `${r.tokens}`);
    assert.match(readFileSync(join(out, "results.md"), "utf8"), /\| MP_IN_adm \| 0\.\d{3} \(/);

    // Resumable: a second run skips every finished stage and writes the same table.
    const before = statSync(join(out, "runs", "MP_IN_adm-core", "eval-test", "predictions.csv")).mtimeMs;
    const second = runBench(out);
    assert.equal(second.status, 0, second.stderr.slice(-2000));
    assert.doesNotMatch(second.stdout, /\$ prognos/);
    assert.equal(statSync(join(out, "runs", "MP_IN_adm-core", "eval-test", "predictions.csv")).mtimeMs, before);
    assert.deepEqual(JSON.parse(readFileSync(join(out, "results.json"), "utf8")).table, results.table);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
