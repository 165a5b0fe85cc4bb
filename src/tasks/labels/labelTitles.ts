/**
 * Titles of code labels, per code system (the label list of the DIA and PRO tasks):
 *   ICD9, ICD9PROC  groupTitles.ts (the source's own title, CMS v32, the unspecified member, common words, CCS);
 *   ICD10           the source's own title of the 3-character category ("source:<table>"), else ICD-10-CM 2019's
 *                   category title ("ICD-10-CM 2019"), else the words all member titles in the source start with;
 *   ICD10PCS        the source's own title of the 3-character group, else the words its members' titles start
 *                   with (PCS titles begin with the operation: "Inspection of …" → "Inspection");
 *   SNOMED          the source's title of the code (FHIR coding display, OMOP CONCEPT name).
 * Source titles come from tl_code_titles; codes are compared without their dot (OMOP writes `428.0`).
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { sqlString } from "../../sources/common/sql.ts";
import type { CodeGroupRule } from "./codeGroups.ts";
import { commonWords, type GroupTitle, GroupTitleIndex } from "./groupTitles.ts";
import { icd10CategoryTitles } from "./icdTables.ts";

const NONE: GroupTitle = { title: "", titleSource: "none" };

type Titler = (group: string) => GroupTitle;

/**
 * A function giving the title of a label (with its prefix) of `rule`'s system. `table` names the source's title
 * table in titleSource ("D_ICD_DIAGNOSES", "CONCEPT"…).
 */
export async function labelTitler(
  conn: DuckDBConnection,
  rule: CodeGroupRule,
  table: string,
): Promise<(label: string) => GroupTitle> {
  const own = await sourceTitles(conn, rule.system);
  const titler = makeTitler(rule, own, table);
  return (label) => titler(label.slice(rule.prefix.length));
}

function makeTitler(rule: CodeGroupRule, own: ReadonlyMap<string, string>, table: string): Titler {
  const fromSource = (code: string): GroupTitle | null => {
    const t = own.get(code);
    return t ? { title: t, titleSource: `source:${table}` } : null;
  };
  switch (rule.system) {
    case "ICD9":
    case "ICD9PROC": {
      const index = new GroupTitleIndex(rule.system, rule.group, { titles: own, table });
      return (group) => index.title(group);
    }
    case "ICD10":
    case "ICD10PCS": {
      const members = membersByGroup(own, rule.group);
      const categories = rule.system === "ICD10" ? icd10CategoryTitles() : new Map<string, string>();
      return (group) => {
        const source = fromSource(group);
        if (source) return source;
        const official = categories.get(group);
        if (official) return { title: official, titleSource: "ICD-10-CM 2019" };
        const titles = (members.get(group) ?? []).map((c) => own.get(c)!);
        const words = commonWords(titles);
        return words ? { title: words, titleSource: `common start of ${titles.length} member titles` } : NONE;
      };
    }
    default:
      return (group) => fromSource(group) ?? NONE;
  }
}

/** Source titles of one system (tl_code_titles), keyed by the code without its dot. */
async function sourceTitles(conn: DuckDBConnection, system: string): Promise<Map<string, string>> {
  const rows = await conn.runAndReadAll(
    `SELECT code, any_value(title) FROM tl_code_titles WHERE system = ${sqlString(system)} AND code IS NOT NULL
     AND title IS NOT NULL GROUP BY code ORDER BY code`,
  );
  const out = new Map<string, string>();
  for (const [code, title] of rows.getRows() as [string, string][]) {
    const key = code.replace(".", "");
    if (!out.has(key)) out.set(key, title);
  }
  return out;
}

function membersByGroup(titles: ReadonlyMap<string, string>, group: (code: string) => string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const code of [...titles.keys()].sort()) {
    const g = group(code);
    const list = out.get(g);
    if (list) list.push(code);
    else out.set(g, [code]);
  }
  return out;
}
