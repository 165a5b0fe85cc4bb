/**
 * The one way Prognos opens DuckDB: an in-memory instance with a memory limit (DuckDB spills sorts, joins and
 * tables beyond it) and a private spill folder under the system's temp folder, removed on close.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { PrognosError } from "./errors.ts";
import { DEFAULT_MEMORY_LIMIT } from "./memoryLimit.ts";

export { DEFAULT_MEMORY_LIMIT };

export interface DuckDBHandle {
  connection: DuckDBConnection;
  /** Closes the connection and the instance and removes the spill folder. */
  close(): void;
}

/**
 * Opens an in-memory DuckDB. `memoryLimit` is a size like "2GB" or "512MB" (a malformed one is a PrognosError);
 * null leaves DuckDB's own limit (80% of the machine's memory).
 */
export async function openDuckDB(memoryLimit: string | null = DEFAULT_MEMORY_LIMIT): Promise<DuckDBHandle> {
  if (memoryLimit !== null && !/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(memoryLimit.trim())) {
    throw new PrognosError(`--memory-limit: expected a size like 2GB or 512MB, got '${memoryLimit}'`);
  }
  const spill = mkdtempSync(join(tmpdir(), "prognos-duckdb-"));
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(":memory:", {
      ...(memoryLimit !== null && { memory_limit: memoryLimit.trim() }),
      temp_directory: spill,
    });
  } catch (e) {
    rmSync(spill, { recursive: true, force: true });
    throw e;
  }
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
