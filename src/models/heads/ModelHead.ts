import type { ProblemType } from "../../tasks/ProblemType.ts";
import { PrognosError } from "../../util/errors.ts";

/** How a note longer than the model's length is read (docs/model-head.md). */
export type LongNotePolicy =
  | { policy: "truncate" }
  | {
      policy: "windows";
      window: number;
      stride: number;
      /** max / mean of the windows' logits, or ClinicalBERT's P = (P_max + P_mean·n/c)/(1 + n/c) of their probabilities. */
      pool: WindowPool;
      /** ClinicalBERT pooling's constant c (present exactly when pool is "clinicalbert"; the reference's is 2). */
      c?: number;
      /** At most this many windows per note, spread evenly over a longer note (absent: no cap). */
      maxWindows?: number;
    };

export type WindowPool = "max" | "mean" | "clinicalbert";

/**
 * What a sequence classifier reads from the encoder: the [CLS] position, the mean or max over the tokens, or one
 * attention-weighted sum of the tokens per label (label-attention; docs/training.md, "Pooling").
 */
export const POOLINGS = ["cls", "mean", "max", "label-attention"] as const;
export type Pooling = (typeof POOLINGS)[number];

/**
 * What a trained model predicts and how to read its outputs, written once by every trainer into the model folder's
 * config.json (key `prognos_head`) and read by every consumer (evaluate, predict, serve) — never inferred from which
 * weights happen to exist. Layout and defaults: docs/model-head.md.
 */
export interface ModelHead {
  /** The task the head was trained on, e.g. "MP_IN_adm". */
  task: string;
  problemType: ProblemType;
  /** Output i is labels[i]; a title (an ICD-9 group's name, a LOS bucket in days) when known. */
  labels: { name: string; title?: string }[];
  /** [CLS] through BERT's pooler (tanh dense) before the classifier, or the raw [CLS] state. */
  pooler: boolean;
  /**
   * What the classifier reads: the [CLS] position, the mean or max over the note's tokens, or per label its own
   * attention over them (the last three without the pooler).
   */
  pooling: Pooling;
  /** Word pieces per note (or per window), [CLS]/[SEP] included. */
  maxLength: number;
  longNotes: LongNotePolicy;
  /**
   * Multi-label: a label is predicted when its probability reaches its threshold (one per label). Binary
   * single-label: class 1 (the risk) when its probability reaches thresholds[0]. Multi-class: argmax, no threshold.
   */
  thresholds: number[];
}

/** The config.json key the head is stored under. */
export const HEAD_KEY = "prognos_head";

/** The head as config.json stores it (snake_case like the rest of a Hugging Face config). */
export function headToJson(h: ModelHead): Record<string, unknown> {
  return {
    format: 1,
    task: h.task,
    problem_type: h.problemType,
    labels: h.labels.map((l) => (l.title === undefined ? { name: l.name } : { name: l.name, title: l.title })),
    pooler: h.pooler,
    pooling: h.pooling,
    max_length: h.maxLength,
    long_notes:
      h.longNotes.policy === "truncate"
        ? { policy: "truncate" }
        : {
            policy: "windows",
            window: h.longNotes.window,
            stride: h.longNotes.stride,
            pool: h.longNotes.pool,
            ...(h.longNotes.pool === "clinicalbert" ? { c: h.longNotes.c } : {}),
            ...(h.longNotes.maxWindows === undefined ? {} : { max_windows: h.longNotes.maxWindows }),
          },
    thresholds: h.thresholds,
  };
}

/** Default decision thresholds: 0.5 for every label (multi-label) or for class 1 (binary); none for multi-class. */
export function defaultThresholds(problemType: ProblemType, labels: number): number[] {
  if (problemType === "multi_label_classification") return new Array(labels).fill(0.5);
  return labels === 2 ? [0.5] : [];
}

/**
 * Reads `prognos_head` from a parsed config.json strictly: every field present and of its type, or a PrognosError
 * naming the file and the field. `numOutputs` (the classifier's rows) must equal the number of labels.
 */
export function headFromJson(raw: unknown, file: string, numOutputs?: number): ModelHead {
  const fail = (field: string, want: string, got: unknown): never => {
    throw new PrognosError(`${HEAD_KEY}.${field}: expected ${want}, got ${JSON.stringify(got)}`, { file });
  };
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) fail("", "an object", raw);
  const o = raw as Record<string, unknown>;
  if (o.format !== 1) fail("format", "1 (the only version)", o.format);
  if (typeof o.task !== "string" || o.task === "") fail("task", "a task name", o.task);
  const pt = o.problem_type;
  if (pt !== "multi_label_classification" && pt !== "single_label_classification")
    fail("problem_type", "multi_label_classification or single_label_classification", pt);
  if (!Array.isArray(o.labels) || o.labels.length === 0) fail("labels", "a non-empty list", o.labels);
  const labels = (o.labels as unknown[]).map((l, i) => {
    const e = l as Record<string, unknown>;
    if (typeof e !== "object" || e === null || typeof e.name !== "string") fail(`labels[${i}]`, "{name, title?}", l);
    if (e.title !== undefined && typeof e.title !== "string") fail(`labels[${i}].title`, "a string", e.title);
    return e.title === undefined ? { name: e.name as string } : { name: e.name as string, title: e.title as string };
  });
  if (pt === "single_label_classification" && labels.length < 2) fail("labels", "2 or more classes", o.labels);
  if (numOutputs !== undefined && numOutputs !== labels.length)
    throw new PrognosError(`${HEAD_KEY}.labels lists ${labels.length} labels, the classifier has ${numOutputs}`, {
      file,
    });
  if (typeof o.pooler !== "boolean") fail("pooler", "true or false", o.pooler);
  if (!POOLINGS.includes(o.pooling as Pooling)) fail("pooling", POOLINGS.join(", "), o.pooling);
  if (o.pooling !== "cls" && o.pooler)
    fail("pooler", `false with ${o.pooling} pooling (the pooler reads [CLS])`, o.pooler);
  if (!Number.isInteger(o.max_length) || (o.max_length as number) < 3)
    fail("max_length", "an integer ≥ 3", o.max_length);
  const maxLength = o.max_length as number;
  const ln = o.long_notes as Record<string, unknown> | undefined;
  let longNotes: LongNotePolicy;
  if (ln?.policy === "truncate") longNotes = { policy: "truncate" };
  else if (ln?.policy === "windows") {
    if (!Number.isInteger(ln.window) || (ln.window as number) < 3 || (ln.window as number) > maxLength)
      fail("long_notes.window", `an integer in 3…${maxLength}`, ln.window);
    if (!Number.isInteger(ln.stride) || (ln.stride as number) < 1 || (ln.stride as number) > (ln.window as number))
      fail("long_notes.stride", "an integer in 1…window", ln.stride);
    if (ln.pool !== "max" && ln.pool !== "mean" && ln.pool !== "clinicalbert")
      fail("long_notes.pool", "max, mean or clinicalbert", ln.pool);
    const mw = ln.max_windows;
    if (mw !== undefined && (!Number.isInteger(mw) || (mw as number) < 1))
      fail("long_notes.max_windows", "an integer ≥ 1 (or no field: no cap)", mw);
    longNotes = {
      policy: "windows",
      window: ln.window as number,
      stride: ln.stride as number,
      pool: ln.pool as "max",
      ...(mw === undefined ? {} : { maxWindows: mw as number }),
    };
    if (ln.pool === "clinicalbert") {
      if (typeof ln.c !== "number" || !(ln.c > 0) || !Number.isFinite(ln.c))
        fail("long_notes.c", "a number > 0 (ClinicalBERT's constant; the reference's is 2)", ln.c);
      if (pt === "single_label_classification" && labels.length !== 2)
        fail("long_notes.pool", "max or mean for a multi-class head (clinicalbert pools a binary risk)", ln.pool);
      longNotes = { ...longNotes, pool: "clinicalbert", c: ln.c as number };
    } else if (ln.c !== undefined) fail("long_notes.c", "no c unless pool is clinicalbert", ln.c);
  } else longNotes = fail("long_notes", '{"policy": "truncate"} or {"policy": "windows", …}', ln);
  const want = defaultThresholds(pt as ProblemType, labels.length).length;
  const th = o.thresholds;
  if (!Array.isArray(th) || th.length !== want || th.some((t) => typeof t !== "number" || !(t >= 0 && t <= 1)))
    fail("thresholds", `${want} number(s) in [0, 1]`, th);
  return {
    task: o.task as string,
    problemType: pt as ProblemType,
    labels,
    pooler: o.pooler as boolean,
    pooling: o.pooling as Pooling,
    maxLength,
    longNotes,
    thresholds: th as number[],
  };
}
