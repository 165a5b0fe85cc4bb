import { PrognosError } from "../util/errors.ts";
import { readJsonFile } from "../util/readJsonFile.ts";

/** What `prognos evaluate` needs from a run's run.json (written by `prognos train`). */
export interface RunJson {
  /** The task folder the run was trained on. */
  task: string;
  /** Tokens per note the run was trained with. */
  maxLength: number;
}

/** Reads and checks a run folder's run.json; every problem is a PrognosError naming the file and the field. */
export function readRunJson(path: string): RunJson {
  const raw = readJsonFile(path, "the run's options");
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new PrognosError("malformed run.json: expected a JSON object (the options `prognos train` saved)", {
      file: path,
    });
  }
  const o = raw as Record<string, unknown>;
  const bad = (key: string, expected: string): never => {
    throw new PrognosError(
      `malformed run.json: "${key}" must be ${expected}, got ${o[key] === undefined ? "nothing" : JSON.stringify(o[key])}`,
      { file: path },
    );
  };
  if (typeof o.task !== "string" || o.task === "") bad("task", "the task folder the run was trained on");
  if (!Number.isInteger(o.maxLength) || (o.maxLength as number) < 2) bad("maxLength", "an integer ≥ 2");
  if (o.pooler !== undefined && typeof o.pooler !== "boolean") bad("pooler", "true or false");
  // `pooler` is checked for a clear error, but the model folder's head (config.json) decides how it is read.
  return { task: o.task as string, maxLength: o.maxLength as number };
}
