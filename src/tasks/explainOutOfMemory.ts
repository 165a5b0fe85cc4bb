import { PrognosError } from "../util/errors.ts";

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
