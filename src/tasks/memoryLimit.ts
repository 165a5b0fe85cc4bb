/** DuckDB's memory limit for task and cohort builds unless `--memory-limit` says otherwise (DuckDB spills beyond it). */
export const DEFAULT_MEMORY_LIMIT = "1GB";
