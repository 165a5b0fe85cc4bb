import type { LongNotePolicy } from "../models/heads/ModelHead.ts";
import { PrognosError } from "../util/errors.ts";
import { inFieldOrder, type RunConfig } from "./RunConfig.ts";

/** Windows read per note at most unless --max-windows says otherwise (docs/long-notes.md). */
export const DEFAULT_MAX_WINDOWS = 16;

/**
 * The policies training can run: with windows, max or mean of the windows' logits (the graph's poolWindowLogits).
 * ClinicalBERT's pooling (pool `clinicalbert`) combines window probabilities and is for inference only
 * (`prognos evaluate --pool clinicalbert`, or a head's long_notes), never a training objective.
 */
export type TrainLongNotePolicy =
  | { policy: "truncate" }
  | (Extract<LongNotePolicy, { policy: "windows" }> & { pool: "max" | "mean" });

type LongNoteFields = Pick<RunConfig, "maxLength" | "longNotes" | "window" | "stride" | "windowPool" | "maxWindows">;

/**
 * A run's long-note policy as its head records it (docs/long-notes.md), defaults filled in: a window of maxLength
 * word pieces, a stride of half a window's word pieces ((window − 2) / 2, rounded down), max pooling, at most
 * DEFAULT_MAX_WINDOWS windows per note. Errors name the option: a window longer than maxLength, a stride that would
 * skip word pieces (more than window − 2), or window options given with the truncate policy.
 */
export function longNotePolicy(c: LongNoteFields): TrainLongNotePolicy {
  if (c.longNotes === "truncate") {
    const given = (
      [
        ["--window", c.window],
        ["--stride", c.stride],
        ["--window-pool", c.windowPool],
        ["--max-windows", c.maxWindows],
      ] as const
    ).filter(([, v]) => v !== undefined);
    if (given.length > 0)
      throw new PrognosError(
        `${given.map(([f]) => f).join(", ")}: only with --long-notes windows (the run truncates long notes)`,
      );
    return { policy: "truncate" };
  }
  const window = c.window ?? c.maxLength;
  if (window > c.maxLength)
    throw new PrognosError(`--window ${window}: at most the max length (${c.maxLength} word pieces)`);
  if (window < 3) throw new PrognosError(`--window ${window}: at least 3 ([CLS], one word piece, [SEP])`);
  const stride = c.stride ?? Math.max(1, Math.floor((window - 2) / 2));
  if (stride > window - 2)
    throw new PrognosError(
      `--stride ${stride}: at most window − 2 (${window - 2}), or word pieces between windows would not be read`,
    );
  return {
    policy: "windows",
    window,
    stride,
    pool: c.windowPool ?? "max",
    maxWindows: c.maxWindows ?? DEFAULT_MAX_WINDOWS,
  };
}

/** The config with its long-note defaults written in (what run.json records, and --resume compares). */
export function withLongNoteDefaults(c: RunConfig): RunConfig {
  const p = longNotePolicy(c);
  if (p.policy === "truncate") return c;
  return inFieldOrder({ ...c, window: p.window, stride: p.stride, windowPool: p.pool, maxWindows: p.maxWindows });
}
