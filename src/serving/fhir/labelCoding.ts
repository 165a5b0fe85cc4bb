/** A FHIR Coding, as Prognos writes them. */
export interface FhirCoding {
  system: string;
  code: string;
  display?: string;
}

export const ICD9_CM = "http://hl7.org/fhir/sid/icd-9-cm";
export const ICD10_CM = "http://hl7.org/fhir/sid/icd-10-cm";
export const ICD10_PCS = "http://www.cms.gov/Medicare/Coding/ICD10";
export const SNOMED_CT = "http://snomed.info/sct";
/** Prognos' own code systems: a task's labels, the tasks, the models (docs/fhir.md). */
export const PROGNOS_TASK = "urn:prognos:task";
export const PROGNOS_MODEL = "urn:prognos:model";
export const PROGNOS_MODEL_SHA256 = "urn:prognos:model-sha256";
export const prognosLabelSystem = (task: string) => `urn:prognos:task:${task}`;

/** A task whose labels are procedure codes: CORe's PRO_* tasks, or one named after procedures. */
export function isProcedureTask(task: string): boolean {
  return /^PRO_|procedure/i.test(task);
}

/**
 * The coding of one label (docs/fhir.md): a multi-label task's ICD-9 group (`428`, `V586`, procedures `004`; the
 * MIMIC-IV `ICD9:` prefix too) in ICD-9-CM's dotted form under http://hl7.org/fhir/sid/icd-9-cm; `ICD10:` labels
 * under ICD-10-CM (diagnoses) or ICD-10-PCS (procedures); `SNOMED:` under SNOMED CT; any other label (a class of a
 * binary or multi-class task, a label that is no code) under the task's own system `urn:prognos:task:<task>`.
 */
export function labelCoding(task: string, multiLabel: boolean, label: string, title: string | null): FhirCoding {
  const display = title === null ? {} : { display: title };
  const procedure = isProcedureTask(task);
  if (multiLabel) {
    const colon = label.indexOf(":");
    const prefix = colon > 0 ? label.slice(0, colon) : "";
    const code = colon > 0 ? label.slice(colon + 1) : label;
    if (prefix === "" || prefix === "ICD9") {
      const dotted = procedure ? icd9Procedure(code) : icd9Diagnosis(code);
      if (dotted !== null) return { system: ICD9_CM, code: dotted, ...display };
    } else if (prefix === "ICD10" && /^[0-9A-Z]{3,7}$/.test(code)) {
      if (procedure) return { system: ICD10_PCS, code, ...display };
      return { system: ICD10_CM, code: code.length > 3 ? `${code.slice(0, 3)}.${code.slice(3)}` : code, ...display };
    } else if (prefix === "SNOMED" && /^\d{6,18}$/.test(code)) {
      return { system: SNOMED_CT, code, ...display };
    }
  }
  return { system: prognosLabelSystem(task), code: label, ...display };
}

/** `428` → `428`, `4280` → `428.0`, `V586` → `V58.6`, `E879` → `E879`, `E8790` → `E879.0`; null if no ICD-9 code. */
export function icd9Diagnosis(code: string): string | null {
  const m = /^(\d{3}|V\d{2}|E\d{3})(\d{0,2})$/.exec(code);
  if (!m) return null;
  return m[2] ? `${m[1]}.${m[2]}` : m[1]!;
}

/** `004` → `00.4`, `0040` → `00.40`, `36` → `36`; null if no ICD-9-CM procedure code. */
export function icd9Procedure(code: string): string | null {
  const m = /^(\d{2})(\d{0,2})$/.exec(code);
  if (!m) return null;
  return m[2] ? `${m[1]}.${m[2]}` : m[1]!;
}
