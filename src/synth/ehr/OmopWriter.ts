import { join } from "node:path";
import { CsvFile } from "../common/CsvFile.ts";
import { DAY_MS, formatDate, formatDateTime } from "../common/time.ts";
import type { BadInputKind, BadRow } from "./BadInput.ts";
import type { DiagnosisSystem } from "./codeTypes.ts";
import { conditionVariant } from "./conditions.ts";
import { drugEntry } from "./drugCodes.ts";
import { CONCEPT, OmopConcepts, RACE_CONCEPTS } from "./OmopConcepts.ts";
import { conditionRow, drugRow, procedureRow, visitRow } from "./omopRows.ts";
import * as T from "./omopTables.ts";
import { procedureEntry } from "./procedureCodes.ts";
import type { Encounter, SyntheticPatient } from "./types.ts";

const VISIT_CONCEPT = { outpatient: CONCEPT.outpatient, emergency: CONCEPT.emergency, inpatient: CONCEPT.inpatient };
/** The condition a cause of death is coded as in DEATH (none for "other"). */
const DEATH_CAUSE: Readonly<Record<string, string>> = {
  hf: "hf",
  esrd: "esrd",
  copd: "copd",
  t2d: "t2d",
  cad: "cad",
  mi: "mi",
  paca: "paca",
};

/**
 * Writes patients as OMOP CDM 5.4 CSV (PERSON, OBSERVATION_PERIOD, VISIT_OCCURRENCE, CONDITION_OCCURRENCE,
 * DRUG_EXPOSURE, PROCEDURE_OCCURRENCE, DEATH, CONCEPT), one patient at a time. Conditions carry the chosen code
 * system's source concept (condition_source_concept_id, condition_source_value as that system writes the code) and
 * the SNOMED standard concept (condition_concept_id); drugs RxNorm, procedures SNOMED. Times are UTC.
 */
export class OmopWriter {
  readonly concepts = new OmopConcepts();
  private readonly files: {
    person: CsvFile;
    period: CsvFile;
    visit: CsvFile;
    condition: CsvFile;
    drug: CsvFile;
    procedure: CsvFile;
    death: CsvFile;
    concept: CsvFile;
  };
  private visitId = 0;
  private conditionId = 0;
  private drugId = 0;
  private procedureId = 0;

  constructor(
    dir: string,
    private readonly system: DiagnosisSystem,
  ) {
    const open = (t: T.OmopTable) => new CsvFile(join(dir, t.file), t.file, t.columns);
    this.files = {
      person: open(T.PERSON),
      period: open(T.OBSERVATION_PERIOD),
      visit: open(T.VISIT_OCCURRENCE),
      condition: open(T.CONDITION_OCCURRENCE),
      drug: open(T.DRUG_EXPOSURE),
      procedure: open(T.PROCEDURE_OCCURRENCE),
      death: open(T.DEATH),
      concept: open(T.CONCEPT),
    };
  }

  /**
   * Writes one patient with the due bad-input kinds it can host (all of them, but a duplicate row needs a
   * condition row of the patient to copy) and returns the bad rows written.
   */
  writePatient(p: SyntheticPatient, bad: readonly BadInputKind[]): BadRow[] {
    const f = this.files;
    const pid = p.person.index + 1;
    const badRows: BadRow[] = [];
    const mark = (kind: BadInputKind, file: CsvFile, row: number) =>
      badRows.push({ kind, file: file.name, row, patient: pid });
    const birth = new Date(p.person.birth);
    const noBirth = bad.includes("missingBirthDate");
    const row = f.person.row([
      pid,
      p.person.sex === "M" ? CONCEPT.male : CONCEPT.female,
      noBirth ? null : birth.getUTCFullYear(),
      noBirth ? null : birth.getUTCMonth() + 1,
      noBirth ? null : birth.getUTCDate(),
      noBirth ? null : formatDateTime(p.person.birth),
      p.person.race === "unknown" ? CONCEPT.none : RACE_CONCEPTS[p.person.race],
      p.person.hispanic ? CONCEPT.hispanic : CONCEPT.notHispanic,
      null,
      null,
      null,
      `synth-${pid}`,
      p.person.sex,
      0,
      p.person.race,
      0,
      p.person.hispanic ? "hispanic" : "nonhispanic",
      0,
    ]);
    if (noBirth) mark("missingBirthDate", f.person, row);
    f.period.row([pid, pid, formatDate(p.person.entry), formatDate(p.latent.death ?? p.latent.end - 1), CONCEPT.ehr]);

    const ids = p.encounters.map(() => ++this.visitId);
    const conditionsBefore = f.condition.rows;
    p.encounters.forEach((e, i) => {
      const id = ids[i]!;
      f.visit.row(
        visitRow(id, pid, VISIT_CONCEPT[e.type], e.start, e.end, e.reason, e.died, i > 0 ? ids[i - 1]! : null),
      );
      this.codes(pid, id, e);
    });
    if (bad.includes("duplicateRow") && f.condition.rows > conditionsBefore) {
      mark("duplicateRow", f.condition, f.condition.repeatLast());
    }

    if (p.latent.death !== null) {
      const cause = p.latent.deathCause === null ? undefined : DEATH_CAUSE[p.latent.deathCause];
      const code = cause === undefined ? null : this.concepts.condition(cause, this.system, 0);
      f.death.row([
        pid,
        formatDate(p.latent.death),
        formatDateTime(p.latent.death),
        CONCEPT.ehr,
        code?.standardId ?? 0,
        code?.sourceValue ?? null,
        code?.sourceId ?? 0,
      ]);
    }
    this.badRows(pid, p, ids[0]!, bad, mark);
    return badRows;
  }

  private codes(pid: number, visitId: number, e: Encounter): void {
    const f = this.files;
    for (const c of e.conditions) {
      const code = this.concepts.condition(c.key, this.system, conditionVariant(c.key, this.system, c.u));
      f.condition.row(
        conditionRow(++this.conditionId, pid, code.standardId, e.start, visitId, code.sourceValue, code.sourceId),
      );
    }
    for (const key of e.drugs) {
      const d = drugEntry(key);
      f.drug.row(drugRow(++this.drugId, pid, this.concepts.drug(key), e.start, d.days, visitId, d.rxnorm));
    }
    for (const key of e.procedures) {
      const id = this.concepts.procedure(key);
      f.procedure.row(procedureRow(++this.procedureId, pid, id, e.start, visitId, procedureEntry(key).snomed));
    }
  }

  /** The extra rows of the due bad-input kinds (the missing birth date is written with the person). */
  private badRows(
    pid: number,
    p: SyntheticPatient,
    firstVisitId: number,
    bad: readonly BadInputKind[],
    mark: (kind: BadInputKind, file: CsvFile, row: number) => void,
  ): void {
    const f = this.files;
    const first = p.encounters[0]!.start;
    const noise = this.concepts.condition("bronchitis", this.system, 0);
    if (bad.includes("visitEndsBeforeStart")) {
      const id = ++this.visitId;
      const start = first + 3 * DAY_MS;
      mark(
        "visitEndsBeforeStart",
        f.visit,
        f.visit.row(visitRow(id, pid, CONCEPT.outpatient, start, start - DAY_MS, "bad-input", false, null)),
      );
      const row = conditionRow(++this.conditionId, pid, noise.standardId, start, id, noise.sourceValue, noise.sourceId);
      mark("visitEndsBeforeStart", f.condition, f.condition.row(row));
    }
    if (bad.includes("eventOutsideVisit")) {
      const sinus = this.concepts.condition("sinusitis", this.system, 0);
      const row = conditionRow(
        ++this.conditionId,
        pid,
        sinus.standardId,
        first,
        null,
        sinus.sourceValue,
        sinus.sourceId,
      );
      mark("eventOutsideVisit", f.condition, f.condition.row(row));
    }
    if (bad.includes("unknownCodeSystem")) {
      const u = this.concepts.unknownSystem;
      const row = conditionRow(++this.conditionId, pid, 0, first, firstVisitId, u.code, u.id);
      mark("unknownCodeSystem", f.condition, f.condition.row(row));
    }
  }

  async flushIfFull(): Promise<void> {
    for (const file of Object.values(this.files)) await file.flushIfFull();
  }

  /** Writes CONCEPT.csv (every concept any row can reference) and closes the files; returns rows per file. */
  async close(): Promise<Record<string, number>> {
    for (const c of this.concepts.rows()) {
      this.files.concept.row([
        c.id,
        c.name,
        c.domain,
        c.vocabulary,
        c.conceptClass,
        c.standard,
        c.code,
        "1970-01-01",
        "2099-12-31",
        null,
      ]);
    }
    const rows: Record<string, number> = {};
    for (const file of Object.values(this.files)) {
      await file.close();
      rows[file.name] = file.rows;
    }
    return rows;
  }
}
