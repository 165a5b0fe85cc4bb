/**
 * SHA-256 digests of a `tasks build` output folder, to tell whether two builds wrote the same bytes: every file but
 * Parquet (its bytes follow DuckDB's version; taskFolders.test.ts checks it holds the CSV's rows), JSON files with
 * the fields that name the run rather than the data left out (createdAt, inputDir, prognosVersion).
 *
 *   node --import tsx test/helpers/buildDigests.ts <out folder>   # prints the digests as JSON
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const RUN_FIELDS = new Set(["createdAt", "inputDir", "prognosVersion"]);

function files(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? files(p) : [p];
    });
}

export function buildDigests(out: string): Record<string, string> {
  const digests: Record<string, string> = {};
  for (const path of files(out)) {
    if (path.endsWith(".parquet")) continue;
    let bytes: Buffer | string = readFileSync(path);
    if (path.endsWith(".json")) {
      bytes = JSON.stringify(JSON.parse(bytes.toString("utf8"), (k, v) => (RUN_FIELDS.has(k) ? undefined : v)));
    }
    digests[relative(out, path)] = createHash("sha256").update(bytes).digest("hex");
  }
  return digests;
}

if (process.argv[1]?.endsWith("buildDigests.ts")) {
  process.stdout.write(`${JSON.stringify(buildDigests(process.argv[2]!), null, 2)}\n`);
}
