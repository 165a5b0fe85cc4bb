/** Test helpers: run SQL on a timeline, find a skip record. */
import type { SkipRecord, Timeline } from "../../../src/sources/Timeline.ts";

export type Row = Record<string, string | number | boolean | null>;

/** Rows as JSON-safe values (BIGINT and TIMESTAMP as strings). */
export async function rows(tl: Timeline, sql: string): Promise<Row[]> {
  return (await tl.connection.runAndReadAll(sql)).getRowObjectsJson() as Row[];
}

/** The single number a `SELECT count(*) AS n …` returns. */
export async function count(tl: Timeline, sql: string): Promise<number> {
  return Number((await rows(tl, sql))[0]!.n);
}

/** The skip record for file + reason (undefined when absent). */
export function skipOf(tl: Timeline, file: string, reason: string): SkipRecord | undefined {
  return tl.skips.find((s) => s.file === file && s.reason === reason);
}

/** file → reason → [count, example rows], for whole-list comparisons. */
export function skipTable(tl: Timeline): Record<string, [number, number[]]> {
  return Object.fromEntries(tl.skips.map((s) => [`${s.file} | ${s.reason}`, [s.count, s.exampleRows]]));
}
