/** A CSV value: text, a number, or null (a missing value, written as nothing: `,,`). */
export type CsvValue = string | number | null;

/**
 * When a field is put in double quotes (RFC 4180: a `"` inside is doubled):
 * - "needed": only when it holds a comma, a quote or a line break (the OMOP sample, the MIMIC-III demo's data);
 * - "needed-or-spaced": also when it starts or ends with white space, which some readers trim (predictions.csv);
 * - "always": every field (pandas' QUOTE_ALL, as the task CSVs; MIMIC-III's header and text columns).
 */
export type CsvQuoting = "needed" | "needed-or-spaced" | "always";

const NEEDED = /[",\r\n]/;
const NEEDED_OR_SPACED = /[",\r\n]|^\s|\s$/;

/** One CSV field as `quoting` says; null is always written as nothing (a missing value, never `""`). */
export function csvField(value: CsvValue, quoting: CsvQuoting = "needed"): string {
  if (value === null) return "";
  const s = typeof value === "number" ? String(value) : value;
  if (quoting === "always" || (quoting === "needed" ? NEEDED : NEEDED_OR_SPACED).test(s)) {
    return `"${s.replaceAll('"', '""')}"`;
  }
  return s;
}
