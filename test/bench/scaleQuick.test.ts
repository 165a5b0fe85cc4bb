import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";

interface Phase {
  name: string;
  workers: number;
  seconds: number;
  notesPerSecond: number;
}

// bench/scale --quick end to end (docs/benchmarks.md, "Scale"): predict, then the queue with 1 and 2 workers on a
// redis-server of its own; the figures at this size mean nothing, the bookkeeping is checked (the bench itself
// fails when a collected file lacks a note or holds one twice).
test("scale bench --quick: predict and 1 and 2 workers on the same notes, ratios, the 2M-notes arithmetic", () => {
  const dir = mkdtempSync(join(tmpdir(), "prognos-scale-test-"));
  try {
    const json = join(dir, "scale.json");
    const r = spawnSync(process.execPath, ["--import", "tsx", "bench/scale/run.ts", "--quick", "--json", json], {
      encoding: "utf8",
    });
    assert.equal(r.status, 0, r.stderr.slice(-2000));
    const out = JSON.parse(readFileSync(json, "utf8")) as { notes: number; phases: Phase[]; perWorker: number };
    assert.equal(out.notes, 300);
    assert.deepEqual(
      out.phases.map((p) => p.workers),
      [0, 1, 2, 0],
    );
    for (const p of out.phases) assert.ok(Math.abs(p.notesPerSecond - 300 / p.seconds) < 1e-6, p.name);
    assert.equal(out.perWorker, out.phases[1]!.notesPerSecond);
    assert.match(r.stdout, /\| queue, 2 workers \| [\d.]+ \| [\d.]+ \| [\d.]+ \| [\d. ]+ → [\d. ]+ \|/);
    assert.match(r.stdout, /queue overhead at 1 worker: -?[\d.]+% of predict's notes\/s/);
    const hours = /16 machine\(s\) × 16 cores: ([\d.]+) h/.exec(r.stdout);
    assert.ok(hours);
    assert.ok(Math.abs(Number(hours[1]) - 2e6 / (out.perWorker * 256) / 3600) < 0.01);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
