/** CORe's four outcome tasks (docs/core-method.md §2): the reference's folder names, label columns and label types. */
import { PrognosError } from "../util/errors.ts";
import {
  READMISSION_TASKS,
  type ReadmissionTaskName,
  type ReadmissionTaskSpec,
} from "./readmission/readmissionTasks.ts";

export type CoreTaskName = "DIA_GROUPS_3_DIGITS_adm" | "PRO_GROUPS_3_DIGITS_adm" | "MP_IN_adm" | "LOS_WEEKS_adm";

export interface CoreTaskSpec {
  name: CoreTaskName;
  /** Short name accepted by `--tasks`. */
  alias: string;
  labelColumn: "short_codes" | "hospital_expire_flag" | "los_label";
  labelType: "multi-label" | "binary" | "multi-class";
  description: string;
}

export const CORE_TASKS: readonly CoreTaskSpec[] = [
  {
    name: "DIA_GROUPS_3_DIGITS_adm",
    alias: "dia",
    labelColumn: "short_codes",
    labelType: "multi-label",
    description: "diagnosis groups: 3-character ICD-9 diagnosis codes of the admission (V/E codes: 4), comma-joined",
  },
  {
    name: "PRO_GROUPS_3_DIGITS_adm",
    alias: "pro",
    labelColumn: "short_codes",
    labelType: "multi-label",
    description: "procedure groups: first 3 characters of each ICD-9 procedure code (leading zeros kept)",
  },
  {
    name: "MP_IN_adm",
    alias: "mp",
    labelColumn: "hospital_expire_flag",
    labelType: "binary",
    description: "in-hospital mortality (HOSPITAL_EXPIRE_FLAG), notes with death mentions filtered",
  },
  {
    name: "LOS_WEEKS_adm",
    alias: "los",
    labelColumn: "los_label",
    labelType: "multi-class",
    description: "length of stay: 0 (≤ 3 days), 1 (≤ 7), 2 (≤ 14), 3 (> 14); in-hospital deaths excluded",
  },
];

/** Every task `prognos tasks build` makes: CORe's four, and ClinicalBERT's readmission tasks (readmission/). */
export type TaskSpec = CoreTaskSpec | ReadmissionTaskSpec;
export type TaskName = CoreTaskName | ReadmissionTaskName;
export const ALL_TASKS: readonly TaskSpec[] = [...CORE_TASKS, ...READMISSION_TASKS];

/**
 * `--tasks a,b`: full names or aliases (dia, pro, mp, los, readmit-discharge, readmit-2d, readmit-3d), any case;
 * unknown names are a PrognosError. Without the flag: CORe's four.
 */
export function parseTaskList(arg: string | undefined): TaskSpec[] {
  if (arg === undefined) return [...CORE_TASKS];
  const wanted = arg
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (wanted.length === 0) throw new PrognosError("--tasks: empty list");
  const out: TaskSpec[] = [];
  for (const w of wanted) {
    const spec = ALL_TASKS.find((t) => t.name.toLowerCase() === w.toLowerCase() || t.alias === w.toLowerCase());
    if (!spec) {
      const valid = ALL_TASKS.map((t) => `${t.name} (${t.alias})`).join(", ");
      throw new PrognosError(`--tasks: unknown task '${w}'; valid tasks: ${valid}`);
    }
    if (!out.includes(spec)) out.push(spec);
  }
  return ALL_TASKS.filter((t) => out.includes(t));
}
