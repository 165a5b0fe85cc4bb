import { ACUTE_CONDITIONS } from "./acuteConditions.ts";
import { CHRONIC_CONDITIONS } from "./chronicConditions.ts";
import { type ConditionEntry, type DiagnosisSystem, pickVariant } from "./codeTypes.ts";

/** Every condition the generator codes, by key. */
export const CONDITIONS: ReadonlyMap<string, ConditionEntry> = new Map(
  ([...CHRONIC_CONDITIONS, ...ACUTE_CONDITIONS] as readonly ConditionEntry[]).map((e) => [e.key, e]),
);

/** Variant weights per condition and system, computed once. */
const WEIGHTS = new Map<string, Record<DiagnosisSystem, number[]>>(
  [...CONDITIONS].map(([key, e]) => [
    key,
    {
      snomed: e.snomed.map((c) => c[3] ?? 1),
      icd10: e.icd10.map((c) => c[2] ?? 1),
      icd9: e.icd9.map((c) => c[3] ?? 1),
    },
  ]),
);

/** Which of the condition's codes in `system` a coded condition (its uniform draw `u`) uses. */
export function conditionVariant(key: string, system: DiagnosisSystem, u: number): number {
  const w = WEIGHTS.get(key);
  if (!w) throw new Error(`unknown condition key '${key}'`);
  return pickVariant(w[system], u);
}

/** The ICD-9-CM code (no dot, as MIMIC-III writes it) of a coded condition. */
export function icd9Code(key: string, u: number): string {
  return CONDITIONS.get(key)!.icd9[conditionVariant(key, "icd9", u)]![0];
}
