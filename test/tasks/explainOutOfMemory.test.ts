import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { buildCoreTasks } from "../../src/tasks/buildCoreTasks.ts";
import { explainOutOfMemory } from "../../src/tasks/explainOutOfMemory.ts";
import { isPrognosError, PrognosError } from "../../src/util/errors.ts";

test("a DuckDB out-of-memory error becomes a PrognosError naming the limit, the phase and the remedy", () => {
  const e = explainOutOfMemory(
    new Error("Out of Memory Error: failed to pin block of size 256.0 KiB (488.1 MiB/488.2 MiB used)\n\nPossible…"),
    "512MB",
    "building admission notes",
  );
  assert.ok(isPrognosError(e));
  assert.equal(
    (e as Error).message,
    "DuckDB ran out of memory (--memory-limit 512MB) while building admission notes: failed to pin block of size " +
      "256.0 KiB (488.1 MiB/488.2 MiB used). Give it more with --memory-limit (e.g. 2GB; peak memory is about that " +
      "plus 1 GB), or free memory on the machine",
  );
  const other = new Error("Binder Error: x");
  assert.equal(explainOutOfMemory(other, "1GB", "x"), other);
  const mine = new PrognosError("ADMISSIONS.csv: cannot read: Out of Memory Error: …");
  assert.equal(explainOutOfMemory(mine, "1GB", "x"), mine);
});

test("a memory limit too small for the input is a clear error, not a crash", async () => {
  const out = mkdtempSync(join(tmpdir(), "prognos-oom-"));
  try {
    await assert.rejects(
      buildCoreTasks({ source: "mimic3", dir: "test/fixtures/mimic3/hospital", out, memoryLimit: "1MB" }),
      (e: unknown) => isPrognosError(e) && /Out of Memory Error/.test((e as Error).message),
    );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
