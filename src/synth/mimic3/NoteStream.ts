import type { SeededRandom } from "../../util/SeededRandom.ts";
import type { CsvFile } from "../common/CsvFile.ts";
import { DAY_MS, formatDate, formatDateTime, MINUTE_MS } from "../common/time.ts";
import { REASON_BY_ID } from "./catalog/reasons.ts";
import type { PatientHistory } from "./PatientHistory.ts";
import { addendum, dischargeSummary } from "./text/DischargeSummary.ts";
import { newbornSummary } from "./text/NewbornSummary.ts";
import { OTHER_CATEGORIES, OUTPATIENT_CATEGORIES, otherNote } from "./text/OtherNotes.ts";
import type { AdmissionState } from "./types.ts";

/** Counts of what was written, for the summary the CLI prints. */
export interface NoteCounts {
  reports: number;
  addenda: number;
  duplicates: number;
  reportsWithoutHadm: number;
  admissionsWithoutSummary: number;
  onlyAddendum: number;
  otherNotes: number;
  otherWithoutHadm: number;
  byCategory: Record<string, number>;
}

export function emptyNoteCounts(): NoteCounts {
  return {
    reports: 0,
    addenda: 0,
    duplicates: 0,
    reportsWithoutHadm: 0,
    admissionsWithoutSummary: 0,
    onlyAddendum: 0,
    otherNotes: 0,
    otherWithoutHadm: 0,
    byCategory: {},
  };
}

const CATEGORY_NAMES = OTHER_CATEGORIES.map((x) => x[0]);
const CATEGORY_WEIGHTS = OTHER_CATEGORIES.map((x) => x[1]);
const OUTPATIENT_NAMES = OUTPATIENT_CATEGORIES.map((x) => x[0]);
const OUTPATIENT_WEIGHTS = OUTPATIENT_CATEGORIES.map((x) => x[1]);

/**
 * Writes one patient's NOTEEVENTS rows: per admission, the discharge summary ("Report"), sometimes addenda, a
 * duplicate, or nothing; the admission's share of other notes; and the patient's notes without an admission.
 * ROW_IDs continue from `nextRowId`, which is returned advanced.
 */
export function writePatientNotes(
  r: SeededRandom,
  h: PatientHistory,
  otherPerAdmission: Int32Array,
  outpatientNotes: number,
  titleOf: (code: string) => string,
  out: CsvFile,
  counts: NoteCounts,
): void {
  const p = h.patient;
  const note = (
    a: AdmissionState | null,
    chartDate: number,
    chartTime: number | null,
    storeTime: number | null,
    category: string,
    description: string,
    cgid: number | null,
    text: string,
  ) => {
    out.row([
      out.rows + 1,
      p.subjectId,
      a ? a.hadmId : null,
      formatDate(chartDate),
      chartTime === null ? null : formatDateTime(chartTime),
      storeTime === null ? null : formatDateTime(storeTime),
      category,
      description,
      cgid,
      r.chance(0.0005) ? 1 : null,
      text,
    ]);
  };
  for (const a of h.admissions) {
    const c = { r, p, a };
    const hasSummary = r.chance(a.admissionType === "NEWBORN" ? 0.55 : 0.965);
    if (!hasSummary) counts.admissionsWithoutSummary++;
    else if (a.admissionType !== "NEWBORN" && r.chance(0.004)) {
      // Only an addendum survives for this admission: CORe drops such admissions.
      note(
        a,
        a.dischTime + r.int(0, 5) * DAY_MS,
        null,
        null,
        "Discharge summary",
        "Addendum",
        null,
        addendum(c, h.dob),
      );
      counts.addenda++;
      counts.onlyAddendum++;
    } else {
      const text =
        a.admissionType === "NEWBORN"
          ? newbornSummary(c)
          : dischargeSummary(c, REASON_BY_ID.get(a.reason)!, h.dob, a.incidental.map(titleOf)).text;
      const withoutHadm = r.chance(0.002);
      note(withoutHadm ? null : a, a.dischTime, null, null, "Discharge summary", "Report", null, text);
      counts.reports++;
      if (withoutHadm) counts.reportsWithoutHadm++;
      if (r.chance(0.01)) {
        note(a, a.dischTime + r.int(0, 2) * DAY_MS, null, null, "Discharge summary", "Report", null, text);
        counts.duplicates++;
      }
      const addenda = a.admissionType === "NEWBORN" ? 0 : r.weighted([0, 1, 2], [88, 10, 2]);
      for (let k = 0; k < addenda; k++) {
        note(
          a,
          a.dischTime + r.int(0, 30) * DAY_MS,
          null,
          null,
          "Discharge summary",
          "Addendum",
          null,
          addendum(c, h.dob),
        );
        counts.addenda++;
      }
    }
    const n = otherPerAdmission[a.index]!;
    const span = Math.max(MINUTE_MS, a.dischTime - a.admitTime);
    for (let k = 0; k < n; k++) {
      const category =
        a.admissionType === "NEWBORN"
          ? r.chance(0.8)
            ? "Nursing/other"
            : "Radiology"
          : r.weighted(CATEGORY_NAMES, CATEGORY_WEIGHTS);
      const time = a.admitTime + Math.floor((r.next() * span) / MINUTE_MS) * MINUTE_MS;
      const last = time > a.dischTime - DAY_MS;
      const o = otherNote(r, category, p, a, time, last);
      note(
        a,
        time,
        o.hasChartTime ? time : null,
        o.hasStoreTime ? time + r.int(5, 120) * MINUTE_MS : null,
        category,
        o.description,
        o.hasCaregiver ? r.int(14_000, 21_600) : null,
        o.text,
      );
      counts.byCategory[category] = (counts.byCategory[category] ?? 0) + 1;
      counts.otherNotes++;
    }
  }
  const first = h.admissions[0]!.admitTime;
  for (let k = 0; k < outpatientNotes; k++) {
    const category = r.weighted(OUTPATIENT_NAMES, OUTPATIENT_WEIGHTS);
    const time = first - r.int(1, 700) * DAY_MS - r.int(0, 1440) * MINUTE_MS;
    const o = otherNote(r, category, p, null, time, false);
    note(null, time, o.hasChartTime ? time : null, null, category, o.description, null, o.text);
    counts.byCategory[category] = (counts.byCategory[category] ?? 0) + 1;
    counts.otherNotes++;
    counts.otherWithoutHadm++;
  }
}

/** The relative number of other notes an admission gets: longer and sicker stays are charted more. */
export function noteWeight(a: AdmissionState): number {
  const icu = a.events.intubated || a.events.pressors || a.severity > 0.9 ? 2.5 : 1;
  return Math.max(0.3, Math.min(60, a.losDays)) * (a.admissionType === "NEWBORN" ? 0.8 : icu);
}
