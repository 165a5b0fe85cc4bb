import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { buildCoreTasks } from "../../src/tasks/buildCoreTasks.ts";
import { buildDigests } from "../helpers/buildDigests.ts";
import { readJson } from "./taskFiles.ts";

// A small synthetic hospital (test/fixtures/mimic3/SOURCE.md) and the digests of what `tasks build` wrote for it
// before the build was made faster (commit ecd44d2: two NOTEEVENTS passes, per-stay hash buckets for every stay).
const HOSPITAL = "test/fixtures/mimic3/synthetic-150";
const DIGESTS = "test/fixtures/tasks/synthetic-150-digests.json";
const temps: string[] = [];
after(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

test("a small synthetic hospital: every CSV, label list and manifest the same bytes as before the speed work", async () => {
  const out = mkdtempSync(join(tmpdir(), "prognos-golden-"));
  temps.push(out);
  await buildCoreTasks({ source: "mimic3", dir: HOSPITAL, out });
  const expected = readJson<Record<string, string>>(DIGESTS);
  assert.equal(Object.keys(expected).length, 25);
  assert.deepEqual(buildDigests(out), expected);
});
