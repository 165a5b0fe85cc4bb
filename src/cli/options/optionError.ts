import { PrognosError } from "../../util/errors.ts";

/**
 * The one shape of every bad-option error: the flag, what it accepts, and the value given (quoted as JSON, so an
 * empty or blank value is visible): `--epochs: expected an integer from 1 to 10,000, got "-1"`.
 */
export function optionError(flag: string, expected: string, value: string): PrognosError {
  return new PrognosError(`${flag}: expected ${expected}, got ${JSON.stringify(value)}`);
}
