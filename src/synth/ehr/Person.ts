import type { SeededRandom } from "../../util/SeededRandom.ts";
import { DAY_MS, utc, YEAR_MS } from "../common/time.ts";
import type { Person, Race } from "./types.ts";

/** The synthetic EHR's calendar: patients enter between these dates and are followed to DATA_END at most. */
export const FIRST_ENTRY = utc(2005, 1, 1);
export const LAST_ENTRY = utc(2021, 1, 1);
export const DATA_END = utc(2025, 1, 1);

/** Age at entry by decade (18–29, 30–39, …, 80–90): an adult EHR population, older than the census. */
const AGE_BANDS: readonly [from: number, to: number, weight: number][] = [
  [18, 30, 0.13],
  [30, 40, 0.13],
  [40, 50, 0.16],
  [50, 60, 0.19],
  [60, 70, 0.19],
  [70, 80, 0.13],
  [80, 91, 0.07],
];
const RACES: readonly Race[] = ["white", "black", "asian", "unknown"];
const RACE_WEIGHTS = [0.72, 0.16, 0.06, 0.06];
/** Mean years before a patient leaves the health system (loss to follow-up, exponential). */
const MEAN_YEARS_IN_SYSTEM = 30;

/** Draws sex, race, ethnicity, birth date, entry (age 18–90) and the end of follow-up. */
export function samplePerson(r: SeededRandom, index: number): Person {
  const sex = r.chance(0.54) ? "F" : "M";
  const race = RACES[r.weightedIndex(RACE_WEIGHTS)]!;
  const hispanic = r.chance(0.15);
  const band = AGE_BANDS[r.weightedIndex(AGE_BANDS.map((b) => b[2]))]!;
  const age = r.uniform(band[0], band[1]);
  const entry = Math.floor(r.uniform(FIRST_ENTRY, LAST_ENTRY) / DAY_MS) * DAY_MS;
  const birth = Math.floor((entry - age * YEAR_MS) / DAY_MS) * DAY_MS;
  const stay = -Math.log(1 - r.next()) * MEAN_YEARS_IN_SYSTEM * YEAR_MS;
  const followUpEnd = Math.min(DATA_END, entry + Math.max(stay, 30 * DAY_MS));
  return { index, sex, race, hispanic, birth, entry, followUpEnd };
}
