/**
 * Label groups of diagnosis/procedure codes (docs/core-method.md §2), per source. Codes are text; one dot (OMOP, FHIR
 * write `428.0`, `E11.9`, `00.40`) is removed before grouping, nothing else is changed.
 *
 *   ICD-9-CM diagnoses   the first 3 characters; codes starting with V or E keep 4 (`4280` → `428`,
 *                        `V5861` → `V586`, `E8790` → `E879`, `0389` → `038`)
 *   ICD-9-CM procedures  the first 3 characters, leading zeros kept (`0040` → `004`; the reference parses procedure
 *                        codes as numbers and writes `40`: a documented divergence)
 *   ICD-10-CM            the first 3 characters (the category: `I5023` → `I50`)
 *   ICD-10-PCS           the first 3 characters (section, body system, operation: `0DJ08ZZ` → `0DJ`)
 *   SNOMED CT            the code itself (no hierarchy is bundled; no mapping to ICD)
 *
 * MIMIC-III labels are CORe's (no prefix). MIMIC-IV labels carry the ICD version (`ICD9:428`, `ICD10:I50`,
 * procedures `ICD9:004`, `ICD10:0DJ`). Synthea-derived sources (FHIR, OMOP, Synthea CSV) keep each code's own
 * system as the prefix (`SNOMED:44054006`, `ICD10:E11`). A code whose system has no rule for the source, or that
 * does not look like a code of its system, gets no label and is counted (labelTables.ts), never guessed.
 */
import type { CodeSystem, SourceId } from "../../sources/Timeline.ts";
import { PrognosError } from "../../util/errors.ts";

export type CodeKind = "diagnosis" | "procedure";

export interface CodeGroupRule {
  kind: CodeKind;
  system: CodeSystem;
  /** A valid code of the system, as sources write it (one optional dot). */
  pattern: RegExp;
  /** What a valid code is, for skip reasons ("an ICD-9-CM diagnosis code"). */
  expected: string;
  /** Prefix of the label ("" for MIMIC-III, "ICD9:", "SNOMED:"…). */
  prefix: string;
  /** The group of a valid code, without dot and prefix. */
  group(code: string): string;
}

export function icd9DiagnosisGroup(code: string): string {
  return code.startsWith("V") || code.startsWith("E") ? code.slice(0, 4) : code.slice(0, 3);
}

export function icd9ProcedureGroup(code: string): string {
  return code.slice(0, 3);
}

/** ICD-10-CM and ICD-10-PCS: the first 3 characters. */
export function icd10Group(code: string): string {
  return code.slice(0, 3);
}

function rule(kind: CodeKind, system: CodeSystem, prefix: string): CodeGroupRule {
  const spec = SYSTEM_SPECS[system];
  if (!spec) throw new PrognosError(`no label grouping rule for code system ${system}`);
  return {
    kind,
    system,
    prefix,
    ...spec,
    pattern: kind === "procedure" && spec.procPattern ? spec.procPattern : spec.pattern,
  };
}

interface SystemSpec {
  pattern: RegExp;
  procPattern?: RegExp;
  expected: string;
  group(code: string): string;
}

const SYSTEM_SPECS: Partial<Record<CodeSystem, SystemSpec>> = {
  ICD9: {
    pattern: /^(\d{3}(\.?\d{1,2})?|V\d{2}(\.?\d{1,2})?|E\d{3}(\.?\d)?)$/,
    expected: "an ICD-9-CM diagnosis code",
    group: icd9DiagnosisGroup,
  },
  ICD9PROC: { pattern: /^\d{2}(\.?\d{1,2})?$/, expected: "an ICD-9-CM procedure code", group: icd9ProcedureGroup },
  ICD10: {
    pattern: /^[A-Z]\d[0-9A-Z](\.?[0-9A-Z]{1,4})?$/,
    expected: "an ICD-10-CM diagnosis code",
    group: icd10Group,
  },
  ICD10PCS: { pattern: /^[0-9A-HJ-NP-Z]{7}$/, expected: "an ICD-10-PCS procedure code", group: icd10Group },
  SNOMED: { pattern: /^\d{6,18}$/, expected: "a SNOMED CT concept id", group: (code) => code },
};

const SYNTHEA_RULES: readonly CodeGroupRule[] = [
  rule("diagnosis", "SNOMED", "SNOMED:"),
  rule("diagnosis", "ICD10", "ICD10:"),
  rule("diagnosis", "ICD9", "ICD9:"),
  rule("procedure", "SNOMED", "SNOMED:"),
  rule("procedure", "ICD10PCS", "ICD10:"),
  rule("procedure", "ICD9PROC", "ICD9:"),
];

/** The grouping rules of each source: a (kind, system) pair not listed gets no label (counted). */
export const CODE_GROUP_RULES: Readonly<Record<SourceId, readonly CodeGroupRule[]>> = {
  mimic3: [rule("diagnosis", "ICD9", ""), rule("procedure", "ICD9PROC", "")],
  mimic4: [
    rule("diagnosis", "ICD9", "ICD9:"),
    rule("diagnosis", "ICD10", "ICD10:"),
    rule("procedure", "ICD9PROC", "ICD9:"),
    rule("procedure", "ICD10PCS", "ICD10:"),
  ],
  fhir: SYNTHEA_RULES,
  omop: SYNTHEA_RULES,
  "synthea-csv": SYNTHEA_RULES,
  // MEDS carries whatever its ETL wrote: ICD like MIMIC-IV, SNOMED like the Synthea-derived sources
  meds: [
    rule("diagnosis", "ICD9", "ICD9:"),
    rule("diagnosis", "ICD10", "ICD10:"),
    rule("procedure", "ICD9PROC", "ICD9:"),
    rule("procedure", "ICD10PCS", "ICD10:"),
  ],
};

export type CodeLabel = { label: string; group: string } | { label: null; reason: string };

/** The label of one code under `rules`, or why it has none. */
export function codeLabel(rules: readonly CodeGroupRule[], kind: CodeKind, system: string, code: string): CodeLabel {
  const r = rules.find((x) => x.kind === kind && x.system === system);
  if (!r) {
    const known = rules.filter((x) => x.kind === kind).map((x) => x.system);
    return { label: null, reason: `${kind} code of system ${system}: no label rule (labels use ${known.join(", ")})` };
  }
  if (!r.pattern.test(code)) return { label: null, reason: `not ${r.expected} (system ${system})` };
  const group = r.group(code.replace(".", ""));
  return { label: r.prefix + group, group };
}

/** The label group of a code (MIMIC-III rules unless `source` says otherwise); a code without one is an error. */
export function codeGroup(system: string, code: string, source: SourceId = "mimic3"): string {
  const rules = CODE_GROUP_RULES[source];
  const kind = rules.find((r) => r.system === system)?.kind;
  if (!kind) {
    const systems = [...new Set(rules.map((r) => r.system))].join(", ");
    throw new PrognosError(`no label grouping rule for code system ${system} (rules exist for ${systems})`);
  }
  const out = codeLabel(rules, kind, system, code);
  if (out.label === null) throw new PrognosError(`${code}: ${out.reason}`);
  return out.label;
}
