import { closeSync, existsSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { PrognosError } from "../util/errors.ts";
import { openDuckDB } from "../util/openDuckDB.ts";
import { writeError } from "../util/writeError.ts";
import { jobRanges, partPath, type ScoreRunManifest } from "./ScoreRun.ts";

export const COLLECT_FORMATS = ["jsonl", "parquet"] as const;
export type CollectFormat = (typeof COLLECT_FORMATS)[number];

/**
 * Merges a run's parts into one file in input order: JSON lines as `prognos predict` writes them, or Parquet with
 * columns row (1-based input row), id and predictions (JSON text). Each part is checked to hold exactly its job's
 * rows, so every note is there once; parts missing (`skip`: failed jobs, listed in RESULTS/failed-jobs.json) are
 * left out. The file is written beside itself and renamed into place. Returns the rows written.
 */
export async function collectScores(
  m: ScoreRunManifest,
  out: string,
  to: string,
  format: CollectFormat,
  skip: ReadonlySet<number>,
): Promise<number> {
  const jsonl = format === "jsonl" ? `${to}.tmp` : `${to}.jsonl.tmp`;
  let rows = 0;
  try {
    const fd = openSync(jsonl, "w");
    try {
      for (const [start, end] of jobRanges(m.notes, m.chunk)) {
        if (skip.has(start)) continue;
        const path = partPath(out, start);
        if (!existsSync(path)) throw new PrognosError(`rows ${start + 1}–${end}: no results yet`, { file: path });
        const text = readFileSync(path, "utf8");
        const lines = text === "" ? 0 : text.split("\n").length - 1;
        if (lines !== end - start || !text.endsWith("\n"))
          throw new PrognosError(`holds ${lines} rows, its job ${end - start} (rows ${start + 1}–${end})`, {
            file: path,
          });
        if (format === "jsonl") writeSync(fd, text);
        else {
          // The row number leads each line, so Parquet keeps input order whatever DuckDB does.
          let row = start;
          writeSync(
            fd,
            text.replace(/^\{/gm, () => `{"row":${++row},`),
          );
        }
        rows += end - start;
      }
    } finally {
      closeSync(fd);
    }
    if (format === "parquet") await jsonToParquet(jsonl, `${to}.tmp`);
    renameSync(`${to}.tmp`, to);
  } catch (e) {
    rmSync(`${to}.tmp`, { force: true });
    throw writeError(e, to);
  } finally {
    if (format === "parquet") rmSync(jsonl, { force: true });
  }
  return rows;
}

async function jsonToParquet(jsonl: string, parquet: string): Promise<void> {
  const q = (s: string) => `'${s.replaceAll("'", "''")}'`;
  const db = await openDuckDB();
  try {
    await db.connection.run(
      `COPY (SELECT "row", id, predictions FROM read_json(${q(jsonl)}, format = 'newline_delimited', ` +
        `columns = {'row': 'BIGINT', 'id': 'VARCHAR', 'predictions': 'JSON'}) ORDER BY "row") ` +
        `TO ${q(parquet)} (FORMAT parquet)`,
    );
  } finally {
    db.close();
  }
}
