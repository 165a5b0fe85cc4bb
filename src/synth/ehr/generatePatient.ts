import { SeededRandom } from "../../util/SeededRandom.ts";
import { codeEncounters } from "./Coding.ts";
import { planEncounters } from "./Encounters.ts";
import { samplePerson } from "./Person.ts";
import { simulateProgression } from "./Progression.ts";
import type { SyntheticPatient } from "./types.ts";

/**
 * One synthetic patient, from its own random streams (seed, patient number): the same seed and number give the
 * same patient whatever else is generated, in whatever order, and whatever the output format.
 */
export function generatePatient(seed: number | string, index: number): SyntheticPatient {
  const person = samplePerson(SeededRandom.from(seed, "ehr-person", index), index);
  const latent = simulateProgression(SeededRandom.from(seed, "ehr-progression", index), person);
  const encounters = planEncounters(SeededRandom.from(seed, "ehr-encounters", index), person, latent);
  codeEncounters(SeededRandom.from(seed, "ehr-coding", index), latent, encounters);
  return { person, latent, encounters };
}
