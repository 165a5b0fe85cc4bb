import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PrognosError } from "../util/errors.ts";
import { readJsonFile } from "../util/readJsonFile.ts";
import { writeError } from "../util/writeError.ts";

export const RUN_FILE = "run.json";
export const PARTS_DIR = "parts";
export const FAILED_REPORT = "failed-jobs.json";

/** RESULTS/run.json: what `score submit` split into jobs, read by workers, `status`, `wait` and `collect`. */
export interface ScoreRunManifest {
  format: "prognos-score-run";
  version: 1;
  /** Hash of everything that decides the results (input and its size and time, models, chunk, top, results folder). */
  run: string;
  /** The results folder, absolute. */
  out: string;
  input: string;
  input_size: number;
  input_mtime_ms: number;
  notes: number;
  chunk: number;
  jobs: number;
  models: string[];
  model_names: string[];
  top: number;
  batch_size: number;
  attempts: number;
  /** The queue's URL with any password hidden (`--queue` gives it again where it has one). */
  queue: string;
  submitted_at: string;
}

/** The fields a run's id is made of: the same input and settings make the same id, hence the same jobs. */
export function runId(m: Omit<ScoreRunManifest, "format" | "version" | "run" | "jobs" | "submitted_at">): string {
  const key = JSON.stringify([m.input, m.input_size, m.input_mtime_ms, m.notes, m.chunk, m.models, m.top, m.out]);
  return createHash("sha256").update(key).digest("hex").slice(0, 16);
}

/** The jobs' row ranges: [start, end) of `chunk` rows each, the last one shorter. */
export function jobRanges(notes: number, chunk: number): [start: number, end: number][] {
  const out: [number, number][] = [];
  for (let s = 0; s < notes; s += chunk) out.push([s, Math.min(notes, s + chunk)]);
  return out;
}

/** A job's results: RESULTS/parts/<first row, zero-padded>.jsonl, one JSON line per note in input order. */
export const partPath = (out: string, start: number) =>
  join(out, PARTS_DIR, `${String(start).padStart(12, "0")}.jsonl`);

export function readScoreRun(out: string): ScoreRunManifest {
  const path = join(out, RUN_FILE);
  if (!existsSync(path)) throw new PrognosError(`${out}: not a scoring run's results folder (no ${RUN_FILE})`);
  const m = readJsonFile(path, "scoring run") as ScoreRunManifest;
  if (m.format !== "prognos-score-run" || m.version !== 1)
    throw new PrognosError("not a scoring run written by this version of prognos", { file: path });
  return m;
}

/** Writes run.json beside itself and renames it into place, so a reader sees the old file or the whole new one. */
export function writeScoreRun(out: string, m: ScoreRunManifest): void {
  const path = join(out, RUN_FILE);
  try {
    mkdirSync(join(out, PARTS_DIR), { recursive: true });
    writeFileSync(`${path}.tmp`, `${JSON.stringify(m, null, 2)}\n`);
    renameSync(`${path}.tmp`, path);
  } catch (e) {
    throw writeError(e, path);
  }
}

/**
 * Writes a job's lines under a name of its own (process and time), then renames it to the part's name: a part is
 * there whole or not at all, and a job run twice (a retry after its worker died) replaces it with the same rows.
 */
export function writePart(out: string, start: number, lines: readonly string[]): void {
  const path = partPath(out, start);
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    writeFileSync(tmp, lines.length > 0 ? `${lines.join("\n")}\n` : "");
    renameSync(tmp, path);
  } catch (e) {
    throw writeError(e, path);
  }
}

/** The first rows of the parts written so far, and the newest part's time (ms; 0 when none). */
export function partsDone(out: string): { starts: Set<number>; newestMs: number } {
  const starts = new Set<number>();
  let newestMs = 0;
  const dir = join(out, PARTS_DIR);
  if (!existsSync(dir)) return { starts, newestMs };
  for (const name of readdirSync(dir)) {
    const m = /^(\d{12})\.jsonl$/.exec(name);
    if (!m) continue;
    starts.add(Number(m[1]));
    newestMs = Math.max(newestMs, statSync(join(dir, name)).mtimeMs);
  }
  return { starts, newestMs };
}
