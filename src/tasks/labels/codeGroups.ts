/**
 * CORe's label groups from ICD-9-CM codes (core.md §2), codes read as strings:
 * - diagnoses: the first 3 characters; codes starting with V or E keep 4 (`4280` → `428`, `V5861` → `V586`,
 *   `E8790` → `E879`, `0389` → `038`);
 * - procedures: the first 3 characters, leading zeros kept (`0040` → `004`). The reference parses procedure
 *   codes as numbers and writes `40` here; Prognos keeps the code's own characters (documented divergence).
 */
import { PrognosError } from "../../util/errors.ts";

export function icd9DiagnosisGroup(code: string): string {
  return code.startsWith("V") || code.startsWith("E") ? code.slice(0, 4) : code.slice(0, 3);
}

export function icd9ProcedureGroup(code: string): string {
  return code.slice(0, 3);
}

/** Grouping rule per code system; a source with other systems adds its rule here. */
export const CODE_GROUP_RULES: Readonly<Record<string, (code: string) => string>> = {
  ICD9: icd9DiagnosisGroup,
  ICD9PROC: icd9ProcedureGroup,
};

/** The label group of a code; a system without a rule is a PrognosError naming it. */
export function codeGroup(system: string, code: string): string {
  const rule = CODE_GROUP_RULES[system];
  if (!rule) {
    throw new PrognosError(
      `no label grouping rule for code system ${system} (rules exist for ${Object.keys(CODE_GROUP_RULES).join(", ")})`,
    );
  }
  return rule(code);
}
