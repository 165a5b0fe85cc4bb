/**
 * File discovery for source readers: `<table>.csv` or `<table>.csv.gz` (any case, as OMOP and MIMIC ship them),
 * FHIR bulk `<Type>.ndjson` / `<Type>.<n>.ndjson` (optionally .gz) and per-patient Bundle `*.json` files.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { PrognosError } from "../../util/errors.ts";

const CSV_EXTENSIONS = [".csv", ".csv.gz"];

function listFiles(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isFile())
    .sort();
}

/** The folder the user passed must exist. */
export function requireDir(dir: string): void {
  if (!existsSync(dir)) throw new PrognosError(`source folder does not exist`, { file: dir });
  if (!statSync(dir).isDirectory()) throw new PrognosError(`not a folder`, { file: dir });
}

/**
 * Finds table `name` as .csv or .csv.gz, case-insensitively, in `dir` or one of its `subdirs` (in that order).
 * Throws when two spellings of the same table sit side by side (which one is meant would be a guess).
 */
export function findCsvFile(dir: string, name: string, subdirs: readonly string[] = [""]): string | undefined {
  for (const sub of subdirs) {
    const folder = join(dir, sub);
    const hits = listFiles(folder).filter((f) =>
      CSV_EXTENSIONS.some((ext) => f.toLowerCase() === name.toLowerCase() + ext),
    );
    if (hits.length > 1) {
      throw new PrognosError(`table ${name} is there more than once (${hits.join(", ")}); keep one`, { file: folder });
    }
    if (hits.length === 1) return join(folder, hits[0]!);
  }
  return undefined;
}

/** Like findCsvFile, but a missing table is a PrognosError naming where it was looked for. */
export function requireCsvFile(dir: string, name: string, subdirs: readonly string[] = [""]): string {
  const file = findCsvFile(dir, name, subdirs);
  if (file) return file;
  const where = subdirs.map((s) => join(dir, s)).join(", ");
  throw new PrognosError(`missing table ${name}: no ${name}.csv or ${name}.csv.gz (any case) in ${where}`, {
    file: dir,
  });
}

/** FHIR bulk files of one resource type: `<Type>.ndjson`, `<Type>.000.ndjson`, … (and .ndjson.gz). */
export function findNdjsonFiles(dir: string, resourceType: string): string[] {
  const pattern = new RegExp(`^${resourceType}(\\.[^.]+)*\\.ndjson(\\.gz)?$`);
  return listFiles(dir)
    .filter((f) => pattern.test(f))
    .map((f) => join(dir, f));
}

/** Candidate FHIR Bundle files (`*.json`, `*.json.gz`) in `dir` and in its `fhir/` sub-folder (Synthea's layout). */
export function findJsonFiles(dir: string): string[] {
  return [dir, join(dir, "fhir")].flatMap((folder) =>
    listFiles(folder)
      .filter((f) => /\.json(\.gz)?$/i.test(f))
      .map((f) => join(folder, f)),
  );
}

/** A file's path relative to the source folder, the way skips and errors name it. */
export function relativeName(dir: string, file: string): string {
  return relative(dir, file) || file;
}
