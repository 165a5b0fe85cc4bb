import type { SeededRandom } from "../../../util/SeededRandom.ts";

/**
 * MIMIC-III's de-identification placeholders (`[**…**]`): dates keep their shifted value without zero padding,
 * names, places and numbers become typed placeholders with an id.
 */

/** "[**2151-7-16**]" for a timestamp (ms since the epoch, UTC). */
export function deidDate(ms: number): string {
  const d = new Date(ms);
  return `[**${d.getUTCFullYear()}-${d.getUTCMonth() + 1}-${d.getUTCDate()}**]`;
}

/** "[**7-16**]" — a date without its year, common in running text. */
export function deidMonthDay(ms: number): string {
  const d = new Date(ms);
  return `[**${d.getUTCMonth() + 1}-${d.getUTCDate()}**]`;
}

/** "[**2140**]" — a year. */
export function deidYear(year: number): string {
  return `[**${year}**]`;
}

export function deidLastName(r: SeededRandom): string {
  return r.pick([
    `[**Known lastname ${r.int(100, 99999)}**]`,
    `[**Last Name (NamePattern1) ${r.int(100, 9999)}**]`,
    `[**Last Name (un) ${r.int(100, 9999)}**]`,
  ]);
}

export function deidDoctor(r: SeededRandom): string {
  return r.pick([
    `Dr. [**Last Name (STitle) ${r.int(100, 9999)}**]`,
    `Dr. [**First Name (STitle) ${r.int(100, 9999)}**]`,
    `[**First Name8 (NamePattern2) ${r.int(100, 9999)}**] [**Last Name (NamePattern1) ${r.int(100, 9999)}**], MD`,
  ]);
}

export function deidHospital(r: SeededRandom): string {
  return r.pick([
    `[**Hospital ${r.int(100, 9999)}**]`,
    `[**Hospital1 ${r.int(1, 999)}**]`,
    `[**Hospital3 ${r.int(100, 9999)}**]`,
    "[**Hospital1 18**]",
  ]);
}

export function deidFacility(r: SeededRandom): string {
  return r.pick([
    `[**Hospital ${r.int(100, 9999)}**] - [**Location (un) ${r.int(100, 9999)}**]`,
    `[**Location (un) ${r.int(100, 9999)}**] [**Hospital **] Rehab`,
    `[**Hospital3 ${r.int(100, 9999)}**] Nursing Home`,
  ]);
}

export function deidAttending(r: SeededRandom): string {
  return `[**First Name3 (LF) ${r.int(100, 9999)}**]`;
}

export function deidPhone(r: SeededRandom): string {
  return `[**Telephone/Fax (1) ${r.int(100, 9999)}**]`;
}

export function deidClip(r: SeededRandom): string {
  return `[**Clip Number (Radiology) ${r.int(1000, 99999)}**]`;
}
