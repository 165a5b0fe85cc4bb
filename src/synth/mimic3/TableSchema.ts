import { CsvFile } from "../common/CsvFile.ts";

/**
 * How MIMIC-III v1.4's CSV files write a column: numbers and timestamps bare, text in double quotes (a quote inside
 * doubled), and a missing value (NULL) as nothing at all — `,,` — whatever the type.
 */
export type ColumnType = "int" | "text" | "time";

export interface TableSchema {
  file: string;
  columns: ReadonlyArray<readonly [name: string, type: ColumnType]>;
}

/** The CSV file of one MIMIC-III table in `dir`: every header name quoted, as MIMIC-III writes it; text quoted. */
export function openTable(schema: TableSchema, dir: string): CsvFile {
  return new CsvFile(
    `${dir}/${schema.file}`,
    schema.file,
    schema.columns.map(([name]) => name),
    { header: "always", columns: schema.columns.map(([, type]) => (type === "text" ? "always" : "needed")) },
  );
}
