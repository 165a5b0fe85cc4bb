import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { openMimic3 } from "../../../src/sources/mimic3/Mimic3Reader.ts";
import type { Timeline } from "../../../src/sources/Timeline.ts";

const temps: string[] = [];

/** Removes the folders tempCopy made (call from the test file's `after`). */
export function removeTempCopies(): void {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** A copy of a fixture folder, files renamed by `rename` and optionally gzipped. */
export function tempCopy(from: string, rename: (name: string) => string = (n) => n, gzip = false): string {
  const dir = mkdtempSync(join(tmpdir(), "prognos-m3-"));
  temps.push(dir);
  for (const name of readdirSync(from)) {
    const target = join(dir, rename(name) + (gzip ? ".gz" : ""));
    if (gzip) writeFileSync(target, gzipSync(readFileSync(join(from, name))));
    else copyFileSync(join(from, name), target);
  }
  return dir;
}

export async function rows(tl: Timeline, sql: string): Promise<Record<string, unknown>[]> {
  return (await tl.connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}

export async function withTimeline<T>(dir: string, f: (tl: Timeline) => Promise<T>): Promise<T> {
  const tl = await openMimic3(dir);
  try {
    return await f(tl);
  } finally {
    tl.close();
  }
}
