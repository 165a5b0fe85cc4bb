/** The Timeline object every reader returns: the connection (created here unless the caller passed one). */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import type { SkipRecord, SourceId, Timeline } from "../Timeline.ts";

export interface TimelineConnection {
  connection: DuckDBConnection;
  /** Closes the connection and instance when they were created here; a caller's connection is left open. */
  close(): void;
}

/**
 * DuckDB's memory limit when a reader opens its own instance (`prognos tasks build` and `ehr build` pass theirs,
 * with --memory-limit). DuckDB's own default is 80% of the machine's memory: an OMOP source of 100k patients then
 * took 7 GB instead of spilling.
 */
export const TIMELINE_MEMORY_LIMIT = "1GB";

/**
 * Uses the caller's connection, or opens an in-memory DuckDB instance limited to TIMELINE_MEMORY_LIMIT that spills
 * to a private folder under the system's temp folder (removed on close).
 */
export async function timelineConnection(options?: { connection?: DuckDBConnection }): Promise<TimelineConnection> {
  if (options?.connection) return { connection: options.connection, close: () => {} };
  const spill = mkdtempSync(join(tmpdir(), "prognos-duckdb-"));
  const instance = await DuckDBInstance.create(":memory:", {
    memory_limit: TIMELINE_MEMORY_LIMIT,
    temp_directory: spill,
  });
  const connection = await instance.connect();
  return {
    connection,
    close: () => {
      connection.closeSync();
      instance.closeSync();
      rmSync(spill, { recursive: true, force: true });
    },
  };
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
