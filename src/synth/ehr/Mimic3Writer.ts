import { join } from "node:path";
import { SeededRandom } from "../../util/SeededRandom.ts";
import { CsvFile } from "../common/CsvFile.ts";
import { DAY_MS, dayOf, formatDateTime, YEAR_MS } from "../common/time.ts";
import type { BadInputKind, BadRow } from "./BadInput.ts";
import { CONDITIONS, icd9Code } from "./conditions.ts";
import { drugEntry } from "./drugCodes.ts";
import * as T from "./mimic3Tables.ts";
import { PROCEDURES, procedureEntry } from "./procedureCodes.ts";
import type { Encounter, SyntheticPatient } from "./types.ts";

const RELIGIONS = ["CATHOLIC", "PROTESTANT QUAKER", "NOT SPECIFIED", "JEWISH", "UNOBTAINABLE", "OTHER"];
const RELIGION_WEIGHTS = [0.35, 0.15, 0.2, 0.08, 0.12, 0.1];
const MARITAL = ["MARRIED", "SINGLE", "WIDOWED", "DIVORCED", null];
const MARITAL_WEIGHTS = [0.45, 0.25, 0.13, 0.07, 0.1];
const ETHNICITY = { white: "WHITE", black: "BLACK/AFRICAN AMERICAN", asian: "ASIAN", unknown: "UNKNOWN/NOT SPECIFIED" };
const DISCHARGE = ["HOME", "HOME HEALTH CARE", "SNF", "REHAB/DISTINCT PART HOSP"];
const DISCHARGE_WEIGHTS = [0.45, 0.3, 0.18, 0.07];
/** A HADM_ID no admission has: for diagnoses written outside any admission (bad input). */
const NO_ADMISSION = 900_000_000;

/**
 * Writes patients as MIMIC-III CSV tables: only the inpatient stays (MIMIC-III is a hospital database), each with
 * the codes of the emergency visit that led into it first (the admitting diagnosis), then the stay's, as ICD-9-CM
 * without dots, ranked by SEQ_NUM; procedures with an ICD-9-CM procedure code; the stay's drugs as PRESCRIPTIONS.
 * Patients without a stay are not written (their SUBJECT_IDs are skipped). Headers, quoting and timestamps as the
 * MIMIC-III demo; the calendar is not shifted into the future as MIMIC-III's is.
 */
export class Mimic3Writer {
  private readonly files: Record<"patients" | "admissions" | "diagnoses" | "procedures" | "prescriptions", CsvFile>;
  private readonly dictionaries: { diagnoses: CsvFile; procedures: CsvFile; notes: CsvFile };
  private hadmId = 100_000;

  constructor(
    dir: string,
    private readonly seed: number | string,
  ) {
    const open = (t: T.Mimic3Table) => new CsvFile(join(dir, t.file), t.file, t.columns);
    this.files = {
      patients: open(T.PATIENTS),
      admissions: open(T.ADMISSIONS),
      diagnoses: open(T.DIAGNOSES_ICD),
      procedures: open(T.PROCEDURES_ICD),
      prescriptions: open(T.PRESCRIPTIONS),
    };
    this.dictionaries = {
      diagnoses: open(T.D_ICD_DIAGNOSES),
      procedures: open(T.D_ICD_PROCEDURES),
      notes: open(T.NOTEEVENTS),
    };
  }

  /** Writes one patient's stays (none: nothing) with the due bad-input kinds, and returns the bad rows written. */
  writePatient(p: SyntheticPatient, bad: readonly BadInputKind[]): BadRow[] {
    const stays = p.encounters.filter((e) => e.type === "inpatient");
    if (stays.length === 0) return [];
    const f = this.files;
    const sid = p.person.index + 1;
    const badRows: BadRow[] = [];
    const mark = (kind: BadInputKind, file: CsvFile, row: number) =>
      badRows.push({ kind, file: file.name, row, patient: sid });
    const r = SeededRandom.from(this.seed, "ehr-mimic3", p.person.index);
    const ts = (t: number | null) => (t === null ? null : formatDateTime(t));
    const death = p.latent.death === null ? null : dayOf(p.latent.death);
    const inHospital = stays.some((s) => s.died);
    const noBirth = bad.includes("missingBirthDate");
    const row = f.patients.row([
      f.patients.rows + 1,
      sid,
      p.person.sex,
      noBirth ? null : ts(p.person.birth),
      ts(death),
      inHospital ? ts(death) : null,
      death !== null && r.chance(0.8) ? ts(death) : null,
      death === null ? 0 : 1,
    ]);
    if (noBirth) mark("missingBirthDate", f.patients, row);

    const religion = RELIGIONS[r.weightedIndex(RELIGION_WEIGHTS)]!;
    const marital = MARITAL[r.weightedIndex(MARITAL_WEIGHTS)]!;
    const ethnicity = p.person.hispanic ? "HISPANIC OR LATINO" : ETHNICITY[p.person.race];
    const leadOf = new Map<Encounter, Encounter>();
    for (const e of p.encounters) if (e.leadsInto !== null) leadOf.set(p.encounters[e.leadsInto]!, e);
    for (const s of stays) {
      const hadm = ++this.hadmId;
      const lead = leadOf.get(s) ?? null;
      const age = (s.start - p.person.birth) / YEAR_MS;
      f.admissions.row([
        f.admissions.rows + 1,
        sid,
        hadm,
        ts(s.start),
        ts(s.end),
        s.died ? ts(s.end) : null,
        lead ? "EMERGENCY" : s.reason === "pacaDiagnosis" ? "ELECTIVE" : "URGENT",
        lead ? "EMERGENCY ROOM ADMIT" : r.chance(0.5) ? "CLINIC REFERRAL/PREMATURE" : "PHYS REFERRAL/NORMAL DELI",
        s.died ? "DEAD/EXPIRED" : DISCHARGE[r.weightedIndex(DISCHARGE_WEIGHTS)]!,
        age >= 65 ? "Medicare" : r.chance(0.75) ? "Private" : "Medicaid",
        r.chance(0.9) ? "ENGL" : null,
        religion,
        marital,
        ethnicity,
        lead ? ts(lead.start) : null,
        lead ? ts(lead.end) : null,
        T.ADMIT_DIAGNOSIS[s.reason] ?? "FEVER",
        s.died ? 1 : 0,
        1,
      ]);
      const codes: string[] = [];
      for (const c of [...(lead?.conditions ?? []), ...s.conditions]) {
        const code = icd9Code(c.key, c.u);
        if (!codes.includes(code)) codes.push(code);
      }
      codes.forEach((code, k) => f.diagnoses.row([f.diagnoses.rows + 1, sid, hadm, k + 1, code]));
      let seq = 0;
      for (const key of s.procedures) {
        const icd9 = procedureEntry(key).icd9;
        if (icd9) f.procedures.row([f.procedures.rows + 1, sid, hadm, ++seq, icd9[0]]);
      }
      for (const key of s.drugs) {
        const m = drugEntry(key).mimic;
        f.prescriptions.row([
          f.prescriptions.rows + 1,
          sid,
          hadm,
          null,
          ts(dayOf(s.start)),
          ts(dayOf(s.end) + DAY_MS),
          "MAIN",
          m.drug,
          m.generic,
          m.generic,
          m.formulary,
          null,
          0,
          m.strength,
          m.dose,
          m.unit,
          m.formValue,
          m.formUnit,
          m.route,
        ]);
      }
      if (s === stays[0] && bad.includes("unknownCodeSystem")) {
        mark(
          "unknownCodeSystem",
          f.diagnoses,
          f.diagnoses.row([f.diagnoses.rows + 1, sid, hadm, codes.length + 1, "J0190"]),
        );
      }
      if (s === stays[0] && bad.includes("duplicateRow") && codes.length > 0) {
        mark("duplicateRow", f.diagnoses, f.diagnoses.repeatLast());
      }
    }
    if (bad.includes("visitEndsBeforeStart")) {
      const hadm = ++this.hadmId;
      const admit = stays[0]!.start + 2 * DAY_MS;
      const disch = admit - DAY_MS;
      mark(
        "visitEndsBeforeStart",
        f.admissions,
        f.admissions.row([
          f.admissions.rows + 1,
          sid,
          hadm,
          ts(admit),
          ts(disch),
          null,
          "URGENT",
          "CLINIC REFERRAL/PREMATURE",
          "HOME",
          "Private",
          "ENGL",
          religion,
          marital,
          ethnicity,
          null,
          null,
          "BRONCHITIS",
          0,
          1,
        ]),
      );
      mark(
        "visitEndsBeforeStart",
        f.diagnoses,
        f.diagnoses.row([f.diagnoses.rows + 1, sid, hadm, 1, icd9Code("bronchitis", 0)]),
      );
    }
    if (bad.includes("eventOutsideVisit")) {
      mark(
        "eventOutsideVisit",
        f.diagnoses,
        f.diagnoses.row([f.diagnoses.rows + 1, sid, NO_ADMISSION + sid, 1, icd9Code("sinusitis", 0)]),
      );
    }
    return badRows;
  }

  async flushIfFull(): Promise<void> {
    for (const file of Object.values(this.files)) await file.flushIfFull();
  }

  /** Writes the dictionaries (every code any row uses) and the empty NOTEEVENTS, closes; returns rows per file. */
  async close(): Promise<Record<string, number>> {
    const diagnoses = new Map<string, readonly [string, string]>();
    for (const e of CONDITIONS.values()) for (const [code, short, long] of e.icd9) diagnoses.set(code, [short, long]);
    for (const code of [...diagnoses.keys()].sort()) {
      const [short, long] = diagnoses.get(code)!;
      this.dictionaries.diagnoses.row([this.dictionaries.diagnoses.rows + 1, code, short, long]);
    }
    const procedures = PROCEDURES.flatMap((p) => (p.icd9 ? [p.icd9] : [])).sort((a, b) => (a[0] < b[0] ? -1 : 1));
    for (const [code, short, long] of procedures) {
      this.dictionaries.procedures.row([this.dictionaries.procedures.rows + 1, code, short, long]);
    }
    const rows: Record<string, number> = {};
    for (const file of [...Object.values(this.files), ...Object.values(this.dictionaries)]) {
      await file.close();
      rows[file.name] = file.rows;
    }
    return rows;
  }
}
