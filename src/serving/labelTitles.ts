import type { ModelHead } from "../models/heads/ModelHead.ts";
import { icd9Table } from "../tasks/labels/icdTables.ts";
import { LOS_LABEL_TITLES } from "../tasks/labels/lengthOfStay.ts";

const CORE_CLASS_TITLES: Record<string, Readonly<Record<string, string>>> = {
  MP_IN_adm: { "0": "survived", "1": "died in hospital" },
  LOS_WEEKS_adm: LOS_LABEL_TITLES,
};

/**
 * Each label's title, in the head's label order: the head's own, else CORe's class names for its tasks, else an
 * ICD-9 code's long title from the bundled tables (data/icd); null when none is known. Computed once per model
 * (the page's in-browser mode gets them with the head, so the page needs no ICD tables).
 */
export function labelTitles(head: ModelHead): (string | null)[] {
  return head.labels.map((label) => {
    if (label.title) return label.title;
    const core = CORE_CLASS_TITLES[head.task]?.[label.name];
    if (core) return core;
    if (head.problemType === "multi_label_classification") {
      return icd9Table("ICD9").titles.get(label.name.replace(".", "")) ?? null;
    }
    return null;
  });
}
