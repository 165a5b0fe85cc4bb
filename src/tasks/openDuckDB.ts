/**
 * The DuckDB connection a task build runs on: in memory, with a memory limit (DuckDB spills sorts and joins
 * beyond it) and a private spill folder under the system's temp folder, removed on close.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { PrognosError } from "../util/errors.ts";

export const DEFAULT_MEMORY_LIMIT = "1GB";

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
