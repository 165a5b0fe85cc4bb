import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** SHA-256 over a model folder's config.json and weight files (GET /v1/models; a RiskAssessment's `method`). */
export function folderChecksum(dir: string): string {
  const h = createHash("sha256");
  for (const f of readdirSync(dir).sort()) {
    if (f === "config.json" || f.endsWith(".safetensors") || f.endsWith(".bin"))
      h.update(f).update(readFileSync(join(dir, f)));
  }
  return h.digest("hex");
}
