import { ACUTE_CONDITIONS } from "./acuteConditions.ts";
import { CHRONIC_CONDITIONS } from "./chronicConditions.ts";
import { type ConditionEntry, type DiagnosisSystem, icdDotted } from "./codeTypes.ts";
import { DRUGS } from "./drugCodes.ts";
import { PROCEDURES } from "./procedureCodes.ts";

/** OMOP's range for site-local concepts: ids the generator assigns to codes absent from the vocabulary sample. */
export const LOCAL_CONCEPT_BASE = 2_000_000_000;

export interface ConceptRow {
  id: number;
  name: string;
  domain: string;
  vocabulary: string;
  conceptClass: string;
  standard: "S" | "";
  code: string;
}

/** Fixed OMOP concepts the tables use (gender, race, ethnicity, visit types, record type, discharge as dead). */
const FIXED: readonly ConceptRow[] = [
  {
    id: 0,
    name: "No matching concept",
    domain: "Metadata",
    vocabulary: "None",
    conceptClass: "Undefined",
    standard: "",
    code: "No matching concept",
  },
  { id: 8507, name: "MALE", domain: "Gender", vocabulary: "Gender", conceptClass: "Gender", standard: "S", code: "M" },
  {
    id: 8532,
    name: "FEMALE",
    domain: "Gender",
    vocabulary: "Gender",
    conceptClass: "Gender",
    standard: "S",
    code: "F",
  },
  { id: 8515, name: "Asian", domain: "Race", vocabulary: "Race", conceptClass: "Race", standard: "S", code: "2" },
  {
    id: 8516,
    name: "Black or African American",
    domain: "Race",
    vocabulary: "Race",
    conceptClass: "Race",
    standard: "S",
    code: "3",
  },
  { id: 8527, name: "White", domain: "Race", vocabulary: "Race", conceptClass: "Race", standard: "S", code: "5" },
  {
    id: 38003563,
    name: "Hispanic or Latino",
    domain: "Ethnicity",
    vocabulary: "Ethnicity",
    conceptClass: "Ethnicity",
    standard: "S",
    code: "Hispanic",
  },
  {
    id: 38003564,
    name: "Not Hispanic or Latino",
    domain: "Ethnicity",
    vocabulary: "Ethnicity",
    conceptClass: "Ethnicity",
    standard: "S",
    code: "Not Hispanic",
  },
  {
    id: 9201,
    name: "Inpatient Visit",
    domain: "Visit",
    vocabulary: "Visit",
    conceptClass: "Visit",
    standard: "S",
    code: "IP",
  },
  {
    id: 9202,
    name: "Outpatient Visit",
    domain: "Visit",
    vocabulary: "Visit",
    conceptClass: "Visit",
    standard: "S",
    code: "OP",
  },
  {
    id: 9203,
    name: "Emergency Room Visit",
    domain: "Visit",
    vocabulary: "Visit",
    conceptClass: "Visit",
    standard: "S",
    code: "ER",
  },
  {
    id: 32817,
    name: "EHR",
    domain: "Type Concept",
    vocabulary: "Type Concept",
    conceptClass: "Type Concept",
    standard: "S",
    code: "OMOP4976890",
  },
  {
    id: 4216643,
    name: "Patient died",
    domain: "Observation",
    vocabulary: "SNOMED",
    conceptClass: "Clinical Finding",
    standard: "S",
    code: "397709008",
  },
];

export const CONCEPT = {
  none: 0,
  male: 8507,
  female: 8532,
  notHispanic: 38003564,
  hispanic: 38003563,
  inpatient: 9201,
  outpatient: 9202,
  emergency: 9203,
  ehr: 32817,
  patientDied: 4216643,
} as const;

export const RACE_CONCEPTS = { white: 8527, black: 8516, asian: 8515 } as const;

/** The OMOP vocabulary_id of each diagnosis code system. */
const VOCABULARY: Record<DiagnosisSystem, string> = { snomed: "SNOMED", icd10: "ICD10CM", icd9: "ICD9CM" };

/** A condition code as OMOP writes it: the source concept and the standard (SNOMED) concept it maps to. */
export interface OmopCode {
  sourceId: number;
  standardId: number;
  /** condition_source_value: the code as the source system writes it (ICD with its dot). */
  sourceValue: string;
}

/**
 * Every concept the OMOP writer can emit, with its id: real OMOP ids for what the Synthea27Nj sample has, local
 * ids (≥ 2,000,000,000, assigned in table order, so always the same) for the rest. `rows()` is CONCEPT.csv.
 */
export class OmopConcepts {
  private readonly rowsById = new Map<number, ConceptRow>();
  private readonly byKey = new Map<string, number>();
  private nextLocal = LOCAL_CONCEPT_BASE + 1;
  /** condition key → system → variant index → code. */
  private readonly conditions = new Map<string, Record<DiagnosisSystem, OmopCode[]>>();
  private readonly drugs = new Map<string, number>();
  private readonly procedures = new Map<string, number>();
  /** A concept whose vocabulary is not one Prognos knows (for the unknown-code-system bad rows). */
  readonly unknownSystem: ConceptRow;

  constructor() {
    for (const r of FIXED) this.add(r);
    for (const entry of [...CHRONIC_CONDITIONS, ...ACUTE_CONDITIONS] as readonly ConditionEntry[])
      this.addCondition(entry);
    for (const d of DRUGS) {
      this.drugs.set(d.key, this.concept(d.omopId, d.title, "Drug", "RxNorm", "Clinical Drug", "S", d.rxnorm));
    }
    for (const p of PROCEDURES) {
      this.procedures.set(p.key, this.concept(p.omopId, p.title, "Procedure", "SNOMED", "Procedure", "S", p.snomed));
    }
    const id = this.concept(
      null,
      "Acute bronchitis (site-local code)",
      "Condition",
      "Local",
      "Clinical Finding",
      "",
      "BRONCH-01",
    );
    this.unknownSystem = this.rowsById.get(id)!;
  }

  private addCondition(e: ConditionEntry): void {
    const domain = e.domain ?? "Condition";
    const snomed = e.snomed.map(([code, title, omopId]) => {
      const id = this.concept(omopId, title, domain, "SNOMED", "Clinical Finding", "S", code);
      return { sourceId: id, standardId: id, sourceValue: code };
    });
    const standardId = snomed[0]!.standardId;
    const icd = (system: "icd10" | "icd9", code: string, title: string): OmopCode => {
      const dotted = icdDotted(system, code);
      const cls = system === "icd10" ? `${code.length}-char billing code` : `${code.length}-dig billing code`;
      const id = this.concept(null, title, "Condition", VOCABULARY[system], cls, "", dotted);
      return { sourceId: id, standardId, sourceValue: dotted };
    };
    this.conditions.set(e.key, {
      snomed,
      icd10: e.icd10.map(([code, title]) => icd("icd10", code, title)),
      icd9: e.icd9.map(([code, , longTitle]) => icd("icd9", code, longTitle)),
    });
  }

  /** Registers a concept once per (vocabulary, code) and returns its id. */
  private concept(
    omopId: number | null,
    name: string,
    domain: string,
    vocabulary: string,
    conceptClass: string,
    standard: "S" | "",
    code: string,
  ): number {
    const key = `${vocabulary}\u0000${code}`;
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    const id = omopId ?? this.nextLocal++;
    this.add({ id, name, domain, vocabulary, conceptClass, standard, code });
    return id;
  }

  private add(r: ConceptRow): void {
    if (this.rowsById.has(r.id)) throw new Error(`concept_id ${r.id} registered twice`);
    this.rowsById.set(r.id, r);
    this.byKey.set(`${r.vocabulary}\u0000${r.code}`, r.id);
  }

  condition(key: string, system: DiagnosisSystem, variant: number): OmopCode {
    const c = this.conditions.get(key)?.[system][variant];
    if (!c) throw new Error(`no ${system} code ${variant} for condition '${key}'`);
    return c;
  }

  drug(key: string): number {
    const id = this.drugs.get(key);
    if (id === undefined) throw new Error(`unknown drug '${key}'`);
    return id;
  }

  procedure(key: string): number {
    const id = this.procedures.get(key);
    if (id === undefined) throw new Error(`unknown procedure '${key}'`);
    return id;
  }

  /** CONCEPT.csv rows, ordered by concept_id. */
  rows(): ConceptRow[] {
    return [...this.rowsById.values()].sort((a, b) => a.id - b.id);
  }
}
