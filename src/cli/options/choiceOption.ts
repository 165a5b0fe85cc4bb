import { optionError } from "./optionError.ts";

/**
 * Checks that an option's value is one of `choices` (exactly, case included) and returns it typed. An option not
 * given (undefined) stays undefined.
 */
export function choiceOption<T extends string>(value: string, flag: string, choices: readonly T[]): T;
export function choiceOption<T extends string>(
  value: string | undefined,
  flag: string,
  choices: readonly T[],
): T | undefined;
export function choiceOption<T extends string>(
  value: string | undefined,
  flag: string,
  choices: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (!(choices as readonly string[]).includes(value)) throw optionError(flag, `one of ${choices.join(", ")}`, value);
  return value as T;
}
