import { Redis } from "ioredis";
import { PrognosError } from "../util/errors.ts";

/** The BullMQ queue every `score submit` adds to and every `prognos worker` takes from (docs/scoring-queue.md). */
export const SCORE_QUEUE = "prognos-score";

/**
 * What a job carries: references only — the input file (a path every worker sees), its size and modification
 * time as submitted (a changed file is refused, not scored), a row range, the model folders and the results
 * folder. Never a note's text, so no patient text sits in Redis.
 */
export interface ScoreJobData {
  /** The run's id (ScoreRun.ts): the job's results are written only while RESULTS/run.json names this run. */
  run: string;
  input: string;
  inputSize: number;
  inputMtimeMs: number;
  /** Rows [start, end) of the notes as readNotes reads the input (0-based, blank JSON lines not counted). */
  start: number;
  end: number;
  /** Model folders, absolute, as NotePredictor.load takes them. */
  models: string[];
  /** The models' names in the output (`model` of each prediction), as given to `score submit`. */
  modelNames: string[];
  /** The results folder, absolute. */
  out: string;
  top: number;
  batchSize: number;
}

/** A job's id: the run and the first row, so that submitting a run again adds no job twice. */
export const scoreJobId = (run: string, start: number) => `${run}-${start}`;

/** `--queue redis://[user:password@]host[:port][/db]`, checked: the URL, and the same with the password hidden. */
export function queueUrl(value: string, flag = "--queue"): { url: string; shown: string } {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new PrognosError(`${flag}: expected a Redis URL like redis://127.0.0.1:6379, got '${value}'`);
  }
  if (u.protocol !== "redis:" && u.protocol !== "rediss:")
    throw new PrognosError(`${flag}: expected a redis:// or rediss:// URL, got '${u.protocol}'`);
  if (u.pathname !== "" && u.pathname !== "/" && !/^\/\d+$/.test(u.pathname))
    throw new PrognosError(`${flag}: the path must be a database number (redis://host:6379/0), got '${u.pathname}'`);
  const shown = new URL(u.href);
  if (shown.password) shown.password = "***";
  return { url: u.href, shown: shown.href };
}

/**
 * BullMQ connection options for a queue URL. `maxRetriesPerRequest: null`: commands wait while Redis is away (a
 * restart) instead of failing, as BullMQ's workers require.
 */
export const connectionOf = (url: string) => ({ url, maxRetriesPerRequest: null });

/**
 * Connects once and pings, so that an unreachable or refusing Redis is one clear error before any work, instead of
 * a client retrying forever.
 */
export async function checkRedis(url: string, shown: string, timeoutMs = 5000): Promise<void> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.ping();
  } catch (e) {
    throw new PrognosError(`--queue ${shown}: cannot reach Redis (${(e as Error).message})`);
  } finally {
    client.disconnect();
  }
}
