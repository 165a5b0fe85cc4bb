/**
 * The DuckDB connection a task build runs on: in memory, with a memory limit (DuckDB spills sorts and joins
 * beyond it) and a private spill folder under the system's temp folder, removed on close.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { PrognosError } from "../util/errors.ts";
import { DEFAULT_MEMORY_LIMIT } from "./memoryLimit.ts";

export { DEFAULT_MEMORY_LIMIT };

export interface DuckDBHandle {
  connection: DuckDBConnection;
  close(): void;
}

export async function openDuckDB(memoryLimit: string = DEFAULT_MEMORY_LIMIT): Promise<DuckDBHandle> {
  if (!/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(memoryLimit.trim())) {
    throw new PrognosError(`--memory-limit: expected a size like 2GB or 512MB, got '${memoryLimit}'`);
  }
  const spill = mkdtempSync(join(tmpdir(), "prognos-duckdb-"));
  const instance = await DuckDBInstance.create(":memory:", { memory_limit: memoryLimit.trim(), temp_directory: spill });
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

/**
 * A DuckDB "Out of Memory Error" as a PrognosError saying what was running and what to do; other errors unchanged.
 * (DuckDB spills sorts, joins and tables to disk, but not everything: a limit far below the data can still fail.)
 */
export function explainOutOfMemory(e: unknown, memoryLimit: string, doing: string): unknown {
  const message = e instanceof Error ? e.message : String(e);
  if (!/Out of Memory Error/.test(message) || e instanceof PrognosError) return e;
  const first = message.split("\n")[0]!.replace(/^.*Out of Memory Error: /, "");
  return new PrognosError(
    `DuckDB ran out of memory (--memory-limit ${memoryLimit}) while ${doing}: ${first}. ` +
      `Give it more with --memory-limit (e.g. 2GB; peak memory is about that plus 1 GB), or free memory on the machine`,
  );
}
