/** Time helpers for the synthetic EHR: all times are ms since the epoch, UTC; formats as OMOP and MIMIC-III write them. */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
export const YEAR_MS = 365.25 * DAY_MS;

/** Midnight (UTC) of the day of a timestamp. */
export function dayOf(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** Rounds a time to whole minutes (no seconds in the output). */
export function toMinute(ms: number): number {
  return Math.round(ms / MINUTE_MS) * MINUTE_MS;
}

/** "2016-05-14", the format of OMOP `*_date` columns. */
export function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** "2016-05-14 08:30:00", the format of OMOP `*_datetime` and MIMIC-III timestamp columns. */
export function formatDateTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/** UTC time of a calendar date. */
export function utc(year: number, month = 1, day = 1): number {
  return Date.UTC(year, month - 1, day);
}

/** Whole years between two times (age in completed years). */
export function yearsBetween(from: number, to: number): number {
  return (to - from) / YEAR_MS;
}
