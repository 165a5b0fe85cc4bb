import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";

/** What `prognos train` writes in its --out folder; any of these there means the folder holds a run. */
export const RUN_OUTPUTS = ["run.json", "log.jsonl", "state", "state.old", "best", "last"] as const;

/**
 * Removes a run's outputs from `dir` (train --overwrite), so a new run starts from nothing: the run's files, the
 * temporary and previous copies of its folders, and the evaluations of its checkpoints (`eval-<split>/`, written
 * by `prognos evaluate`), which would describe the old model. Other files in `dir` are left alone.
 */
export function removeRunOutputs(dir: string): void {
  const folders = ["state", "best", "last"].flatMap((f) => [f, `${f}.old`, `${f}.tmp`]);
  if (!existsSync(dir)) return;
  const evaluations = readdirSync(dir).filter((e) => /^eval-(train|val|test)$/.test(e));
  for (const entry of [...RUN_OUTPUTS, ...folders, ...evaluations]) {
    rmSync(join(dir, entry), { recursive: true, force: true });
  }
}
