import type { SeededRandom } from "../../util/SeededRandom.ts";
import type { AdmissionState, PatientState } from "./types.ts";

/** The ADMISSIONS columns that describe the person rather than the stay; stable per patient except LANGUAGE. */
export interface Demographics {
  religion: string;
  marital: string | null;
  ethnicity: string;
  /** MIMIC-III has no LANGUAGE for many older admissions; this is the patient's language when recorded. */
  language: string;
}

export function sampleDemographics(r: SeededRandom, p: PatientState): Demographics {
  const ethnicity = r.weighted(
    [
      "WHITE",
      "BLACK/AFRICAN AMERICAN",
      "UNKNOWN/NOT SPECIFIED",
      "HISPANIC OR LATINO",
      "ASIAN",
      "OTHER",
      "UNABLE TO OBTAIN",
      "PATIENT DECLINED TO ANSWER",
      "ASIAN - CHINESE",
      "HISPANIC/LATINO - PUERTO RICAN",
      "WHITE - RUSSIAN",
    ],
    [70, 9, 8, 3, 2, 3, 2, 1, 0.5, 0.5, 0.5],
  );
  const language = ethnicity.includes("HISPANIC")
    ? "SPAN"
    : ethnicity === "WHITE - RUSSIAN"
      ? "RUSS"
      : ethnicity.startsWith("ASIAN")
        ? r.pick(["CANT", "MAND", "ENGL"])
        : r.weighted(["ENGL", "SPAN", "PTUN", "RUSS", "HAIT"], [93, 2, 2, 2, 1]);
  const religion = r.weighted(
    [
      "CATHOLIC",
      "NOT SPECIFIED",
      "UNOBTAINABLE",
      "PROTESTANT QUAKER",
      "JEWISH",
      "OTHER",
      "EPISCOPALIAN",
      "GREEK ORTHODOX",
      "CHRISTIAN SCIENTIST",
      "BUDDHIST",
      "MUSLIM",
    ],
    [35, 20, 13, 13, 9, 5, 1.5, 1, 0.8, 0.5, 0.4],
  );
  const marital = p.newborn
    ? null
    : p.ageAtFirst > 75
      ? r.weighted(["WIDOWED", "MARRIED", "SINGLE", "DIVORCED"], [45, 38, 9, 8])
      : r.weighted(
          ["MARRIED", "SINGLE", "DIVORCED", "SEPARATED", "UNKNOWN (DEFAULT)", "LIFE PARTNER"],
          [50, 33, 10, 2, 1, 1],
        );
  return { religion, marital, ethnicity, language };
}

/** The LANGUAGE of one admission: often missing (as in MIMIC-III's older admissions), never for newborns. */
export function admissionLanguage(r: SeededRandom, d: Demographics, a: AdmissionState): string | null {
  if (a.admissionType === "NEWBORN") return null;
  return r.chance(0.4) ? null : d.language;
}
