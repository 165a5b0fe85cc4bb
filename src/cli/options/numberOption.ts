import { describeRange, inRange, type NumberRange } from "../../util/NumberRange.ts";
import { optionError } from "./optionError.ts";

/** A decimal number as people write one: 3, -0.5, .5, 1e-5, 2.5E+3. Not blank, hex, Infinity or NaN. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parses a number option strictly (`Number("")` is 0, so `Number` alone would turn an empty value into 0): a
 * decimal number within `range`. The error names the flag, the accepted range and the value given. An option not
 * given (undefined) stays undefined.
 */
export function numberOption(value: string, flag: string, range: NumberRange): number;
export function numberOption(value: string | undefined, flag: string, range: NumberRange): number | undefined;
export function numberOption(value: string | undefined, flag: string, range: NumberRange): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!DECIMAL.test(value) || !inRange(n, range)) throw optionError(flag, describeRange(range), value);
  return n;
}
