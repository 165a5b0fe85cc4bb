/** Test helpers: read a built task folder back (an RFC 4180 parser of our own, and Parquet through DuckDB). */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { openDuckDB } from "../../src/util/openDuckDB.ts";

/** Parses RFC 4180 CSV; also reports whether every field was quoted. */
export function parseCsv(text: string): { rows: string[][]; allQuoted: boolean } {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  let allQuoted = true;
  while (i < text.length) {
    let value = "";
    if (text[i] === '"') {
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new Error("unterminated quote");
        value += text.slice(i, q);
        if (text[q + 1] === '"') {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
    } else {
      allQuoted = false;
      while (i < text.length && text[i] !== "," && text[i] !== "\n") value += text[i++];
    }
    row.push(value);
    if (text[i] === ",") i++;
    else {
      rows.push(row);
      row = [];
      if (text[i] === "\n") i++;
    }
  }
  return { rows, allQuoted };
}

export function readSplitCsv(
  folder: string,
  split: string,
): { header: string[]; rows: string[][]; allQuoted: boolean } {
  const { rows, allQuoted } = parseCsv(readFileSync(join(folder, `${split}.csv`), "utf8"));
  return { header: rows[0]!, rows: rows.slice(1), allQuoted };
}

export async function readParquet(path: string): Promise<{ columns: string[]; types: string[]; rows: unknown[][] }> {
  const db = await openDuckDB();
  try {
    const r = await db.connection.runAndReadAll(`SELECT * FROM read_parquet('${path.replaceAll("'", "''")}')`);
    return { columns: r.columnNames(), types: r.columnTypes().map(String), rows: r.getRowsJS() as unknown[][] };
  } finally {
    db.close();
  }
}

export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, "utf8")) as T;
}
