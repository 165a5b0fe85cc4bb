import { PrognosError } from "../util/errors.ts";

/**
 * Parses RFC 4180 CSV text into rows of fields: fields may be quoted ("" inside quotes is one "), quoted fields
 * may hold commas and line breaks, lines end in LF or CRLF, a leading byte-order mark is ignored, a final line
 * break is optional. Each row's `line` is the 1-based line where it starts, for error messages.
 */
export function parseCsv(text: string, file?: string): Array<{ line: number; fields: string[] }> {
  const rows: Array<{ line: number; fields: string[] }> = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < text.length) {
    const start = line;
    const fields: string[] = [];
    for (;;) {
      let value = "";
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= text.length) throw new PrognosError(`line ${start}: a quoted field is never closed`, { file });
          const ch = text[i]!;
          if (ch === '"') {
            if (text[i + 1] === '"') {
              value += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (ch === "\n") line++;
          value += ch;
          i++;
        }
        const next = text[i];
        if (next !== undefined && next !== "," && next !== "\n" && next !== "\r") {
          throw new PrognosError(`line ${line}: unexpected '${next}' after a closing quote`, { file });
        }
      } else {
        let end = i;
        while (end < text.length && text[end] !== "," && text[end] !== "\n" && text[end] !== "\r") end++;
        value = text.slice(i, end);
        if (value.includes('"')) throw new PrognosError(`line ${line}: a quote inside an unquoted field`, { file });
        i = end;
      }
      fields.push(value);
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text[i] === "\r") i++;
      if (text[i] === "\n") i++;
      line++;
      break;
    }
    rows.push({ line: start, fields });
  }
  return rows;
}

/** Quotes a field when RFC 4180 requires it (a comma, quote, or line break) or when it has surrounding spaces. */
export function quoteCsvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
