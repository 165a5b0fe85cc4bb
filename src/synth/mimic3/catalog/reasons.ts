import type { AcuteReason } from "../types.ts";
import { CARDIOPULMONARY_REASONS } from "./reasonsCardioPulmonary.ts";
import { INFECTION_REASONS } from "./reasonsInfection.ts";
import { NEURO_GI_REASONS } from "./reasonsNeuroGi.ts";
import { OTHER_REASONS } from "./reasonsOther.ts";
import { TRAUMA_TOXIC_REASONS } from "./reasonsTraumaToxic.ts";

/** Every reason for an adult admission. */
export const REASONS: readonly AcuteReason[] = [
  ...INFECTION_REASONS,
  ...CARDIOPULMONARY_REASONS,
  ...NEURO_GI_REASONS,
  ...TRAUMA_TOXIC_REASONS,
  ...OTHER_REASONS,
];

export const REASON_BY_ID: ReadonlyMap<string, AcuteReason> = new Map(REASONS.map((r) => [r.id, r]));
