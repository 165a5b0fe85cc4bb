import { basename } from "node:path";
import { readCsvRecords } from "../../util/CsvRecordParser.ts";
import { PrognosError } from "../../util/errors.ts";
import { headerForMessage } from "../../util/headerForMessage.ts";

/** One data row as written: the label column's raw text, and where the row starts (for error messages). */
export interface RawRow {
  id: string;
  text: string;
  label: string;
  line: number;
}

export interface SplitFile {
  /** The file's name as shown in messages (e.g. val.csv). */
  name: string;
  /** The label column as the header spells it. */
  labelColumn: string;
  rows: RawRow[];
}

/** CORe's label columns; when a file has several candidates, the one of these is the label. */
export const CORE_LABEL_COLUMNS = ["short_codes", "hospital_expire_flag", "los_label"] as const;

/**
 * Reads one split file: a header with `id`, `text` and the label column (names matched case-insensitively; other
 * columns are ignored when the label column is known), then one record per row with as many fields as the header.
 * `labelColumn` is the column wanted; without it, the one column besides id and text, or the one CORe label
 * column among several. Missing columns, ragged rows and an empty file are PrognosErrors naming file and line.
 */
export async function readSplitFile(path: string, labelColumn?: string): Promise<SplitFile> {
  const name = basename(path);
  const rows: RawRow[] = [];
  let header: string[] | undefined;
  let cols: { id: number; text: number; label: number } | undefined;
  for await (const record of readCsvRecords(path, name)) {
    if (!header) {
      header = record.fields.map((f) => f.trim());
      cols = columnsOf(name, header, labelColumn);
      continue;
    }
    const f = record.fields;
    if (f.length !== header.length) {
      throw new PrognosError(
        `line ${record.line}: ${f.length} fields, the header has ${header.length} (${headerForMessage(header)})`,
        { file: name },
      );
    }
    rows.push({ id: f[cols!.id]!, text: f[cols!.text]!, label: f[cols!.label]!, line: record.line });
  }
  if (!header) throw new PrognosError("the file is empty (no header line)", { file: name });
  return { name, labelColumn: header[cols!.label]!, rows };
}

function columnsOf(file: string, header: string[], wanted?: string) {
  const find = (col: string) => header.findIndex((h) => h.toLowerCase() === col.toLowerCase());
  const shown = headerForMessage(header);
  const id = find("id");
  const text = find("text");
  for (const [col, index] of [
    ["id", id],
    ["text", text],
  ] as const) {
    if (index < 0) throw new PrognosError(`missing column '${col}' (the header has ${shown})`, { file });
  }
  let label: number;
  if (wanted !== undefined) {
    label = find(wanted);
    if (label < 0) throw new PrognosError(`missing label column '${wanted}' (the header has ${shown})`, { file });
  } else {
    const others = header.map((_, i) => i).filter((i) => i !== id && i !== text);
    if (others.length === 0) {
      throw new PrognosError(`no label column: the header has only ${shown}`, { file });
    }
    const core = others.filter((i) => (CORE_LABEL_COLUMNS as readonly string[]).includes(header[i]!.toLowerCase()));
    if (others.length === 1) label = others[0]!;
    else if (core.length === 1) label = core[0]!;
    else {
      throw new PrognosError(
        `cannot tell the label column among ${headerForMessage(others.map((i) => header[i]!))}; name it ` +
          "(--label-column / labelColumn)",
        { file },
      );
    }
  }
  return { id, text, label };
}
