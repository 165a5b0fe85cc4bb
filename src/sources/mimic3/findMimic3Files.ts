/**
 * Locates the MIMIC-III tables in a folder: `<TABLE>.csv` or `<TABLE>.csv.gz`, upper-case as PhysioNet ships them
 * or lower-case. Two spellings of one table side by side (e.g. ADMISSIONS.csv and ADMISSIONS.csv.gz) is an error:
 * which one is meant would be a guess.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { PrognosError } from "../../util/errors.ts";
import { MIMIC3_TABLES, type Mimic3TableSpec } from "./mimic3Tables.ts";

export interface Mimic3Files {
  /** Table name (upper case) → absolute or dir-relative path; optional tables absent when not found. */
  paths: Map<string, string>;
  /** Table name → file name as found (for messages). */
  names: Map<string, string>;
}

export function findMimic3Files(dir: string, tables: readonly Mimic3TableSpec[] = MIMIC3_TABLES): Mimic3Files {
  if (!existsSync(dir)) throw new PrognosError("the MIMIC-III folder does not exist", { file: dir });
  if (!statSync(dir).isDirectory())
    throw new PrognosError("not a folder (expected the MIMIC-III folder)", { file: dir });
  const entries = readdirSync(dir);
  const paths = new Map<string, string>();
  const names = new Map<string, string>();
  for (const table of tables) {
    const wanted = [".csv", ".csv.gz"].flatMap((ext) => [table.name + ext, table.name.toLowerCase() + ext]);
    const hits = entries.filter((e) => wanted.includes(e) && statSync(join(dir, e)).isFile());
    if (hits.length > 1) {
      throw new PrognosError(`table ${table.name} is there more than once (${hits.join(", ")}); keep one`, {
        file: dir,
      });
    }
    if (hits.length === 0) {
      if (table.optional) continue;
      throw new PrognosError(
        `missing MIMIC-III table ${table.name}: no ${table.name}.csv or ${table.name}.csv.gz (upper or lower case)`,
        { file: dir },
      );
    }
    paths.set(table.name, join(dir, hits[0]!));
    names.set(table.name, hits[0]!);
  }
  return { paths, names };
}
