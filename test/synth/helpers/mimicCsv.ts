import { readFileSync } from "node:fs";

/** A CSV file as header names and rows of fields (null for an empty unquoted field, "" for `""`). */
export interface CsvTable {
  header: string[];
  rows: Array<Array<string | null>>;
  /** The raw first line, to compare quoting. */
  headerLine: string;
}

/**
 * A small RFC 4180 reader for the test only (quoted fields may hold commas, doubled quotes and line breaks). It keeps
 * the difference between an empty unquoted field (NULL in MIMIC-III) and an empty quoted one.
 */
export function readCsv(file: string): CsvTable {
  const text = readFileSync(file, "utf8");
  const rows: Array<Array<string | null>> = [];
  let row: Array<string | null> = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    let value: string | null;
    if (text[i] === '"') {
      let j = i + 1;
      let out = "";
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) throw new Error(`${file}: unterminated quote`);
        out += text.slice(j, q);
        if (text[q + 1] === '"') {
          out += '"';
          j = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      value = out;
    } else {
      let j = i;
      while (j < n && text[j] !== "," && text[j] !== "\n") j++;
      value = j === i ? null : text.slice(i, j);
      i = j;
    }
    row.push(value);
    if (text[i] === ",") i++;
    else if (text[i] === "\n" || i >= n) {
      rows.push(row);
      row = [];
      i++;
    } else throw new Error(`${file}: unexpected character after a field at offset ${i}`);
  }
  const header = rows.shift()!.map((x) => x ?? "");
  return { header, rows, headerLine: text.slice(0, text.indexOf("\n")) };
}

/** Rows as objects keyed by column name. */
export function records(t: CsvTable): Array<Record<string, string | null>> {
  return t.rows.map((r) => Object.fromEntries(t.header.map((h, k) => [h, r[k] ?? null])));
}
