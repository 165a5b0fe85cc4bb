/**
 * Time helpers for the synthetic generators (synth/mimic3, synth/ehr): all times are ms since the epoch, UTC; formats
 * as OMOP and MIMIC-III write them.
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
export const YEAR_MS = 365.25 * DAY_MS;

/** Midnight (UTC) of the day of a timestamp. */
export function dayOf(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** Rounds a duration or time to whole minutes (no seconds in the output; MIMIC-III times have none). */
export function toMinute(ms: number): number {
  return Math.round(ms / MINUTE_MS) * MINUTE_MS;
}

/** Day number → "YYYY-MM-DD", for the days written so far (the writers format millions of dates). */
const dayText = new Map<number, string>();
const two = (n: number) => (n < 10 ? `0${n}` : String(n));

/** "2016-05-14", the format of OMOP `*_date` columns and MIMIC-III's NOTEEVENTS.CHARTDATE. */
export function formatDate(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  let text = dayText.get(day);
  if (text === undefined) {
    text = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (dayText.size < 100_000) dayText.set(day, text);
  }
  return text;
}

/** "2016-05-14 08:30:00", the format of OMOP `*_datetime` and MIMIC-III timestamp columns (whole seconds). */
export function formatDateTime(ms: number): string {
  const s = Math.floor(ms / 1000);
  const inDay = ((s % 86_400) + 86_400) % 86_400;
  const h = Math.floor(inDay / 3600);
  const m = Math.floor((inDay % 3600) / 60);
  return `${formatDate(ms)} ${two(h)}:${two(m)}:${two(inDay % 60)}`;
}

/** UTC time of a calendar date. */
export function utc(year: number, month = 1, day = 1): number {
  return Date.UTC(year, month - 1, day);
}

/** Whole years between two times (age in completed years). */
export function yearsBetween(from: number, to: number): number {
  return (to - from) / YEAR_MS;
}
