/** The Timeline object every reader returns: the connection (created here unless the caller passed one). */
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import type { SkipRecord, SourceId, Timeline } from "../Timeline.ts";

export interface TimelineConnection {
  connection: DuckDBConnection;
  /** Closes the connection and instance when they were created here; a caller's connection is left open. */
  close(): void;
}

/** Uses the caller's connection, or opens an in-memory DuckDB instance (it spills to disk beyond its memory limit). */
export async function timelineConnection(options?: { connection?: DuckDBConnection }): Promise<TimelineConnection> {
  if (options?.connection) return { connection: options.connection, close: () => {} };
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  return {
    connection,
    close: () => {
      connection.closeSync();
      instance.closeSync();
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
