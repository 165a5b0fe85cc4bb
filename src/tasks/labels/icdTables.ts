/**
 * The ICD tables bundled in data/icd (see its SOURCE.txt): CMS v32 long titles of billable ICD-9-CM codes and HCUP's
 * single-level CCS categories, for diagnoses and procedures; ICD-10-CM 2019 category titles (3 characters). Parsed on
 * first use, then cached.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const ICD_DATA_DIR = fileURLToPath(new URL("../../../data/icd/", import.meta.url));

export interface IcdTable {
  /** Code (no dot) → long title. */
  titles: ReadonlyMap<string, string>;
  /** Code (no dot) → CCS category description. */
  ccs: ReadonlyMap<string, string>;
}

const cache = new Map<string, IcdTable>();

/** `ICD9` (diagnoses) or `ICD9PROC` (procedures). */
export function icd9Table(system: "ICD9" | "ICD9PROC"): IcdTable {
  let table = cache.get(system);
  if (!table) {
    const dx = system === "ICD9";
    table = {
      titles: readCmsTitles(`${ICD_DATA_DIR}${dx ? "CMS32_DESC_LONG_DX.txt" : "CMS32_DESC_LONG_SG.txt"}`),
      ccs: readCcs(`${ICD_DATA_DIR}${dx ? "ccs_dxref_2015.csv" : "ccs_prref_2015.csv"}`),
    };
    cache.set(system, table);
  }
  return table;
}

let icd10Categories: ReadonlyMap<string, string> | undefined;

/** ICD-10-CM FY2019 3-character categories → title (`I50` → "Heart failure"). */
export function icd10CategoryTitles(): ReadonlyMap<string, string> {
  icd10Categories ??= readCmsTitles(`${ICD_DATA_DIR}icd10cm_categories_2019.txt`);
  return icd10Categories;
}

/** `<code>\t<title>` lines. */
function readCmsTitles(path: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of readFileSync(path, "utf8").split(/\r?\n/)) {
    const tab = line.indexOf("\t");
    if (tab > 0) out.set(line.slice(0, tab).trim(), line.slice(tab + 1).trim());
  }
  return out;
}

/** HCUP's layout: a note line, a header line, then `'code','category','description',"code title",…`. */
function readCcs(path: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = readFileSync(path, "utf8").split(/\r?\n/).slice(2);
  for (const line of lines) {
    if (line.trim() === "") continue;
    // Commas outside double quotes separate fields; the single-quoted ones never hold a comma.
    const fields = line.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/).map((f) => f.replace(/^['"]+|['"]+$/g, "").trim());
    const [code, , description] = fields;
    if (code && description) out.set(code, description);
  }
  return out;
}
