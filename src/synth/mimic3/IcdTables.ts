import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PrognosError } from "../../util/errors.ts";

/** The folder with the copied code tables (CMS v32 titles, HCUP CCS 2015); see its SOURCE.txt. */
export const ICD_SYNTH_DIR = fileURLToPath(new URL("../../../data/icd-synth/", import.meta.url));

export interface CodeEntry {
  code: string;
  longTitle: string;
  shortTitle: string;
  ccs: number;
}

/**
 * ICD-9-CM diagnosis and procedure codes with titles (CMS v32, the same code set and long titles as MIMIC-III's
 * D_ICD_* tables) and their HCUP CCS single-level category. MIMIC's short titles are CMS short descriptions, which
 * are not among the copied tables: short titles here are the CCS file's abbreviated descriptions, sentence-cased
 * and cut to 24 characters like CMS's.
 */
export class IcdTables {
  readonly diagnoses: ReadonlyMap<string, CodeEntry>;
  readonly procedures: ReadonlyMap<string, CodeEntry>;

  private constructor(diagnoses: Map<string, CodeEntry>, procedures: Map<string, CodeEntry>) {
    this.diagnoses = diagnoses;
    this.procedures = procedures;
  }

  private static cached: IcdTables | null = null;

  /** Loads (once per process) the tables from `data/icd-synth/`. */
  static load(dir = ICD_SYNTH_DIR): IcdTables {
    if (IcdTables.cached && dir === ICD_SYNTH_DIR) return IcdTables.cached;
    const dx = merge(
      readTitles(`${dir}/CMS32_DESC_LONG_DX.txt`),
      readCcs(`${dir}/$dxref 2015.csv`),
      `${dir}/$dxref 2015.csv`,
    );
    const pr = merge(
      readTitles(`${dir}/CMS32_DESC_LONG_SG.txt`),
      readCcs(`${dir}/$prref 2015.csv`),
      `${dir}/$prref 2015.csv`,
    );
    const tables = new IcdTables(dx, pr);
    if (dir === ICD_SYNTH_DIR) IcdTables.cached = tables;
    return tables;
  }

  /** Diagnosis codes in the given CCS categories (sorted). */
  diagnosesInCcs(categories: ReadonlySet<number>): string[] {
    const out: string[] = [];
    for (const e of this.diagnoses.values()) if (categories.has(e.ccs)) out.push(e.code);
    return out.sort();
  }
}

function read(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    throw new PrognosError(`cannot read the ICD-9 table (${(e as Error).message})`, { file, cause: e });
  }
}

/** CMS "code<TAB>title" lines. MIMIC-III writes the non-ASCII letters of a few titles as '?'. */
function readTitles(file: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = read(file).split("\n");
  lines.forEach((line, i) => {
    if (line.trim() === "") return;
    const tab = line.indexOf("\t");
    if (tab < 0) throw new PrognosError(`line ${i + 1}: expected "code<TAB>title"`, { file });
    out.set(
      line.slice(0, tab),
      line
        .slice(tab + 1)
        .replace(/\r$/, "")
        .replace(/[^\x20-\x7e]/g, "?"),
    );
  });
  return out;
}

/** HCUP CCS "$dxref"/"$prref" files: a note line, a header, then 'code','category','cat. title',"description",…. */
function readCcs(file: string): Map<string, { ccs: number; description: string }> {
  const out = new Map<string, { ccs: number; description: string }>();
  const lines = read(file).split(/\r?\n/);
  for (let i = 2; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === "") continue;
    const m = /^'([^']*)','([^']*)','.*?',"([^"]*)"/.exec(line);
    if (!m) throw new PrognosError(`line ${i + 1}: not a CCS row`, { file });
    const code = m[1]!.trim();
    if (code !== "") out.set(code, { ccs: Number(m[2]!.trim()), description: m[3]! });
  }
  return out;
}

function merge(
  titles: Map<string, string>,
  ccs: Map<string, { ccs: number; description: string }>,
  ccsFile: string,
): Map<string, CodeEntry> {
  const out = new Map<string, CodeEntry>();
  for (const [code, longTitle] of titles) {
    const c = ccs.get(code);
    if (!c) throw new PrognosError(`code ${code} has a CMS title but no CCS category`, { file: ccsFile });
    out.set(code, { code, longTitle, shortTitle: shortTitle(c.description), ccs: c.ccs });
  }
  return out;
}

/** "SINGLE LB IN-HOSP W/O CS (Begin 1989)" → "Single lb in-hosp w/o cs". */
export function shortTitle(description: string): string {
  const text = description.replace(/\s*\((Begin|End)[^)]*\)/gi, "").trim();
  const sentence = text.charAt(0).toUpperCase() + text.slice(1).toLowerCase();
  return sentence.length > 24 ? sentence.slice(0, 24).trimEnd() : sentence;
}
