/** Test helpers for the readmission task folders: the fixture, temp folders, and a built task's rows. */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after } from "node:test";
import { readSplitCsv } from "../taskFiles.ts";

/** Hand-written MIMIC-III tables; test/fixtures/mimic3/SOURCE.md says what each admission and note tests. */
export const FIXTURE = "test/fixtures/mimic3/readmission";
export const SPLITS = ["train", "val", "test"] as const;

const temps: string[] = [];
export const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "prognos-readmit-"));
  temps.push(d);
  return d;
};
after(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** id → {label, text, split} of a built task, all splits together. */
export function rowsOf(out: string, task: string): Map<string, { label: string; text: string; split: string }> {
  const rows = new Map<string, { label: string; text: string; split: string }>();
  for (const split of SPLITS) {
    const file = readSplitCsv(join(out, task), split);
    assert.deepEqual(file.header, ["id", "text", "readmission_30d"]);
    for (const [id, text, label] of file.rows) rows.set(id!, { label: label!, text: text!, split });
  }
  return rows;
}
