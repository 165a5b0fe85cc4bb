/** The Timeline object every reader returns: the connection (opened here unless the caller passed one). */
import type { DuckDBConnection } from "@duckdb/node-api";
import { DEFAULT_MEMORY_LIMIT } from "../../util/memoryLimit.ts";
import { type DuckDBHandle, openDuckDB } from "../../util/openDuckDB.ts";
import type { SkipRecord, SourceId, Timeline } from "../Timeline.ts";

/** A reader's connection; close() closes it only when it was opened here (a caller's connection is left open). */
export type TimelineConnection = DuckDBHandle;

/**
 * Uses the caller's connection (`prognos tasks build` and `ehr build` pass theirs, with --memory-limit), or opens an
 * in-memory DuckDB (openDuckDB: a private spill folder, removed on close) limited to `memoryLimit`.
 */
export async function timelineConnection(
  options?: { connection?: DuckDBConnection },
  memoryLimit: string | null = DEFAULT_MEMORY_LIMIT,
): Promise<TimelineConnection> {
  if (options?.connection) return { connection: options.connection, close: () => {} };
  return openDuckDB(memoryLimit);
}

export function makeTimeline(
  source: SourceId,
  dir: string,
  conn: TimelineConnection,
  hasNotes: boolean,
  skips: SkipRecord[],
): Timeline {
  return { source, dir, connection: conn.connection, hasNotes, skips, close: conn.close };
}

/** Whether a reader's notes table kept any note (a source "has notes" only if one survives the checks). */
export async function hasKeptNotes(conn: DuckDBConnection, notesTable: string | undefined): Promise<boolean> {
  if (!notesTable) return false;
  const r = await conn.runAndReadAll(`SELECT count(*) AS n FROM ${notesTable} WHERE skip_reason IS NULL`);
  return Number(r.getRowObjectsJS()[0]!.n) > 0;
}
