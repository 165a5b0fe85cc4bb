/** Time helpers for the shifted MIMIC-III calendar (all times are ms since the epoch, UTC). */

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
export const YEAR_MS = 365.25 * DAY_MS;

/** Midnight (UTC) of the day of a timestamp. */
export function dayOf(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** Rounds a duration or time to whole minutes (MIMIC-III times have no seconds). */
export function toMinute(ms: number): number {
  return Math.round(ms / MINUTE_MS) * MINUTE_MS;
}

/** "2151-07-16 17:30:00", MIMIC-III's timestamp format. */
export function formatTimestamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/** "2151-07-16", the format of NOTEEVENTS.CHARTDATE. */
export function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
