import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";

interface Row {
  model: string;
  set: string;
  notes: number;
  medianWordPieces: number;
  prognos: { seconds: number; notesPerSecond: number };
  int8: { notesPerSecond: number; maxAbsDiff: number };
  coreuser: { notes: number; maxAbsDiff: number; notesPerSecond: number } | null;
  fast: { maxAbsDiff: number; notesPerSecond: number } | null;
}

const runBench = (out: string) =>
  spawnSync(process.execPath, ["--import", "tsx", "bench/score/run.ts", "--quick", "--out", out], {
    encoding: "utf8",
  });

const torch = spawnSync("/usr/bin/python3", ["-c", "import torch"]).status === 0;

// bench/score --quick end to end (docs/benchmarks.md, "Scoring notes"): the figures mean nothing at 16 notes, but
// the bookkeeping does: both note sets, every note scored, and — where PyTorch is installed (not in CI) — the
// peers compute the same probabilities as Prognos from the same weights, so the ratio compares like with like.
test("bench/score --quick: both note sets, the same probabilities as PyTorch's two paths, resumable", () => {
  const out = mkdtempSync(join(tmpdir(), "prognos-bench-score-"));
  try {
    const first = runBench(out);
    assert.equal(first.status, 0, first.stderr.slice(-2000));
    const rows = JSON.parse(readFileSync(join(out, "results.json"), "utf8")) as Row[];
    assert.deepEqual(
      rows.map((r) => `${r.model}×${r.set}`),
      ["demo×mtsamples", "demo×hospital"],
    );
    for (const r of rows) {
      assert.equal(r.notes, 16);
      assert.ok(r.medianWordPieces > 2 && r.medianWordPieces <= 256, `${r.set}: ${r.medianWordPieces}`);
      assert.ok(r.prognos.notesPerSecond > 0 && Number.isFinite(r.prognos.notesPerSecond));
      // int8 scores the same notes, close to fp32 but not identical (it is really quantized).
      assert.ok(r.int8.maxAbsDiff > 0 && r.int8.maxAbsDiff < 0.05, `${r.set}: int8 ${r.int8.maxAbsDiff}`);
      if (torch) {
        assert.ok(r.coreuser && r.coreuser.maxAbsDiff < 1e-4, `${r.set}: CORe-user path ${r.coreuser?.maxAbsDiff}`);
        assert.ok(r.fast && r.fast.maxAbsDiff < 1e-4, `${r.set}: fast path ${r.fast?.maxAbsDiff}`);
      } else {
        assert.equal(r.coreuser, null);
        assert.match(first.stdout, /PyTorch not available/);
      }
    }
    assert.match(readFileSync(join(out, "results.md"), "utf8"), /\| demo \| mtsamples \(16\) \|/);
    // Resumable: a rerun skips the rows already measured.
    const before = statSync(join(out, "results.json")).mtimeMs;
    const second = runBench(out);
    assert.equal(second.status, 0, second.stderr.slice(-2000));
    assert.doesNotMatch(second.stdout, /done \(/);
    assert.equal(statSync(join(out, "results.json")).mtimeMs, before);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
