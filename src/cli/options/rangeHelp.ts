import { type NumberRange, rangeLabel } from "../../util/NumberRange.ts";

/** An option's --help text with its accepted range appended: "number of patients (1 to 10,000,000)". */
export function rangeHelp(text: string, range: NumberRange): string {
  return `${text} (${rangeLabel(range)})`;
}
