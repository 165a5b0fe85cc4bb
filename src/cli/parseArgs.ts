import { PrognosError } from "../util/errors.ts";

/** Parses a positive integer CLI argument, naming the flag in the error. */
export function parsePositiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1) {
    throw new PrognosError(`${flag} must be a positive integer, got ${JSON.stringify(value)}`);
  }
  return n;
}
