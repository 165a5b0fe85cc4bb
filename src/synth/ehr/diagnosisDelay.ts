import type { SeededRandom } from "../../util/SeededRandom.ts";
import { DAY_MS, YEAR_MS } from "../common/time.ts";

/**
 * How long a condition stays unknown after its latent onset: with probability `quick` it is found within
 * `quickDays` (uniform), else after an exponential wait of mean `slowYears`. Conditions not listed are found
 * within 60 days.
 */
const DELAYS: Readonly<Record<string, readonly [quick: number, quickDays: number, slowYears: number]>> = {
  hypertension: [0.5, 60, 2],
  t2d: [0.6, 60, 1.5],
  hyperlipidemia: [0.4, 60, 2],
  obesity: [0.5, 60, 2],
  prediabetes: [0.3, 60, 1],
  ckd1: [0.4, 60, 1],
  ckd2: [0.4, 60, 1],
  ckd3: [0.5, 60, 0.7],
  ckd4: [0.7, 30, 0.3],
  cad: [0.5, 60, 1],
  afib: [0.6, 30, 0.5],
  copd: [0.5, 60, 1.5],
  t2dNeuropathy: [0.3, 60, 1],
  depression: [0.5, 60, 1],
  hypothyroid: [0.6, 60, 0.5],
  osteoarthritis: [0.5, 60, 1],
  gerd: [0.5, 60, 1],
  anemia: [0.5, 60, 0.5],
  gallstones: [0.2, 60, 2],
};

/** The delay (ms) from latent onset to diagnosis. */
export function diagnosisDelay(r: SeededRandom, condition: string): number {
  const [quick, quickDays, slowYears] = DELAYS[condition] ?? [1, 60, 0];
  if (r.chance(quick)) return r.uniform(0, quickDays) * DAY_MS;
  return -Math.log(1 - r.next()) * slowYears * YEAR_MS;
}
