/**
 * DuckDB's memory limit (it spills beyond it) for task and cohort builds unless `--memory-limit` says otherwise, and
 * for a source reader that opens its own instance. DuckDB's own default is 80% of the machine's memory: an OMOP source
 * of 100k patients then took 7 GB instead of spilling. Kept apart from openDuckDB.ts so that the CLI's option
 * parsing does not load DuckDB.
 */
export const DEFAULT_MEMORY_LIMIT = "1GB";
