/** Shared by the synth/ehr tests: a generated folder per (options) within one test file, and DuckDB queries. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type SynthEhrOptions, type SynthEhrSummary, synthesizeEhr } from "../../../src/synth/ehr/synthesizeEhr.ts";
import { openDuckDB } from "../../../src/util/openDuckDB.ts";

const made: string[] = [];

/** Writes a synthetic EHR into a fresh temporary folder. */
export async function generate(
  options: Omit<SynthEhrOptions, "outDir">,
): Promise<{ dir: string; summary: SynthEhrSummary }> {
  const dir = mkdtempSync(join(tmpdir(), "prognos-synth-ehr-"));
  made.push(dir);
  return { dir, summary: await synthesizeEhr({ ...options, outDir: dir }) };
}

/** Removes every folder `generate` made (call from `after`). */
export function cleanUp(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Runs a query on a throw-away in-memory DuckDB (read_csv over the written files) and returns plain rows. */
export async function query(sql: string): Promise<Record<string, unknown>[]> {
  const db = await openDuckDB();
  try {
    return (await db.connection.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
  } finally {
    db.close();
  }
}

/** `read_csv` of a written file, every column as text. */
export function csv(dir: string, file: string): string {
  return `read_csv('${join(dir, file).replaceAll("'", "''")}', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')`;
}
