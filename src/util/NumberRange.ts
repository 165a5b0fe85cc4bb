/**
 * The accepted values of a numeric option or config field: integer or not, and its bounds. One description serves
 * the check, the error message ("expected an integer from 1 to 512") and the --help text ("1 to 512"), so the three
 * never disagree.
 */
export interface NumberRange {
  /** Whole numbers only. */
  integer?: boolean;
  /** The smallest accepted value (or, with `exclusiveMin`, the bound every value must exceed). */
  min?: number;
  exclusiveMin?: boolean;
  /** The largest accepted value. */
  max?: number;
}

/** Whether `n` (a finite number) lies in `range`. */
export function inRange(n: number, range: NumberRange): boolean {
  if (!Number.isFinite(n)) return false;
  if (range.integer && !Number.isSafeInteger(n)) return false;
  if (range.min !== undefined && (range.exclusiveMin ? n <= range.min : n < range.min)) return false;
  return range.max === undefined || n <= range.max;
}

/** 10000 → "10,000"; 0.99 → "0.99"; Number.MAX_SAFE_INTEGER → "2^53 − 1". */
export function formatBound(n: number): string {
  if (n === Number.MAX_SAFE_INTEGER) return "2^53 − 1";
  return Number.isInteger(n) ? n.toLocaleString("en-US") : String(n);
}

/** The range alone, for --help: "1 to 512", "≥ 0", "> 0", "> 0 and ≤ 1", "any number". */
export function rangeLabel(range: NumberRange): string {
  const { min, max } = range;
  if (min !== undefined && max !== undefined) {
    return range.exclusiveMin
      ? `> ${formatBound(min)} and ≤ ${formatBound(max)}`
      : `${formatBound(min)} to ${formatBound(max)}`;
  }
  if (min !== undefined) return `${range.exclusiveMin ? ">" : "≥"} ${formatBound(min)}`;
  if (max !== undefined) return `≤ ${formatBound(max)}`;
  return range.integer ? "any integer" : "any number";
}

/** What an error message expects: "an integer from 1 to 512", "a number > 0", "an integer ≥ 0". */
export function describeRange(range: NumberRange): string {
  const kind = range.integer ? "an integer" : "a number";
  if (range.min === undefined && range.max === undefined) return kind;
  const label = rangeLabel(range);
  return range.min !== undefined && range.max !== undefined && !range.exclusiveMin
    ? `${kind} from ${label}`
    : `${kind} ${label}`;
}
