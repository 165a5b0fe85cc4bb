/**
 * CORe's fixed MIMIC-III patient split (data/core-tasks/mimic_{train,val,test}.csv: one SUBJECT_ID per line under a
 * `SUBJECT_ID` header). Patients in none of the lists are in no split: the reference drops their admissions
 * silently; Prognos drops them too and counts them.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PrognosError } from "../../util/errors.ts";
import { type PatientSplitter, SPLITS, type Split } from "./Split.ts";

export const CORE_TASKS_DIR = fileURLToPath(new URL("../../../data/core-tasks/", import.meta.url));

/** SUBJECT_ID → split, from `dir` (default: the bundled copy). A patient in two different lists is an error. */
export function readCoreSplitLists(dir: string = CORE_TASKS_DIR): Map<string, Split> {
  const out = new Map<string, Split>();
  for (const split of SPLITS) {
    const file = `${dir.replace(/\/?$/, "/")}mimic_${split}.csv`;
    const lines = readFileSync(file, "utf8").split(/\r?\n/);
    if (lines[0]?.trim().replace(/^\uFEFF/, "") !== "SUBJECT_ID") {
      throw new PrognosError(`line 1 must be the header SUBJECT_ID`, { file });
    }
    lines.slice(1).forEach((line, i) => {
      const id = line.trim();
      if (id === "") return;
      if (!/^\d+$/.test(id)) throw new PrognosError(`line ${i + 2}: '${id}' is not a SUBJECT_ID`, { file });
      const before = out.get(id);
      // A list names a patient once per admission: repeats within one list are expected.
      if (before && before !== split)
        throw new PrognosError(`line ${i + 2}: SUBJECT_ID ${id} is also in mimic_${before}.csv`, { file });
      out.set(id, split);
    });
  }
  return out;
}

export function coreListSplitter(dir?: string): PatientSplitter {
  const lists = readCoreSplitLists(dir);
  return {
    description: "CORe's fixed SUBJECT_ID lists (data/core-tasks/mimic_{train,val,test}.csv)",
    splitOf: (patientId) => lists.get(patientId) ?? null,
  };
}
