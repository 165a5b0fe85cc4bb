import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/**
 * Every file under `dir` (sorted relative paths) with the SHA-256 of its bytes; files matching `volatile` (manifests
 * holding a time or the folder's own path) by name only.
 */
export function folderDigest(dir: string, volatile?: RegExp): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else {
        const rel = relative(dir, p);
        out.push(
          volatile?.test(rel)
            ? `${rel} (not compared)`
            : `${rel} ${createHash("sha256").update(readFileSync(p)).digest("hex")}`,
        );
      }
    }
  };
  walk(dir);
  return out;
}
