import type { ChronicCondition } from "../types.ts";
import { CANCER_NEURO } from "./chronicCancerNeuro.ts";
import { CARDIOMETABOLIC } from "./chronicCardiometabolic.ts";
import { OTHER_CHRONIC } from "./chronicOther.ts";
import { SUBSTANCE_LUNG_LIVER } from "./chronicSubstanceLungLiver.ts";

/** Every chronic condition, in sampling order (a condition's `after` boosts refer to earlier ones only). */
export const CHRONIC_CONDITIONS: readonly ChronicCondition[] = [
  ...CARDIOMETABOLIC,
  ...SUBSTANCE_LUNG_LIVER,
  ...CANCER_NEURO,
  ...OTHER_CHRONIC,
];

export const CHRONIC_BY_ID: ReadonlyMap<string, ChronicCondition> = new Map(CHRONIC_CONDITIONS.map((c) => [c.id, c]));

/** Drug allergies as MIMIC's "Allergies:" section lists them, with the V code some of them bring. */
export const ALLERGIES: ReadonlyArray<readonly [name: string, weight: number, code: string | null]> = [
  ["Penicillins", 10, "V140"],
  ["Sulfa (Sulfonamide Antibiotics)", 8, "V142"],
  ["Codeine", 5, null],
  ["Morphine", 3, null],
  ["Aspirin", 2, null],
  ["Iodine; Iodine Containing", 2, null],
  ["Latex", 1, null],
  ["Ace Inhibitors", 2, null],
  ["Levofloxacin", 1, null],
  ["Vancomycin", 1, null],
  ["Percocet", 1, null],
  ["Erythromycin Base", 1, null],
];
