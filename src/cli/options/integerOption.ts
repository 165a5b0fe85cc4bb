import { describeRange, inRange, type NumberRange } from "../../util/NumberRange.ts";
import { optionError } from "./optionError.ts";

const INTEGER = /^-?\d+$/;

/**
 * Parses an integer option strictly: decimal digits only (no blank, "+", exponent, hex, fraction or separators),
 * within `range`. The error names the flag, the accepted range and the value given. An option not given
 * (undefined) stays undefined.
 */
export function integerOption(value: string, flag: string, range: NumberRange): number;
export function integerOption(value: string | undefined, flag: string, range: NumberRange): number | undefined;
export function integerOption(value: string | undefined, flag: string, range: NumberRange): number | undefined {
  if (value === undefined) return undefined;
  const r = { ...range, integer: true };
  const n = Number(value);
  if (!INTEGER.test(value) || !inRange(n, r)) throw optionError(flag, describeRange(r), value);
  return n;
}
