import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { PrognosError } from "../../util/errors.ts";
import { strictJsonParse } from "../../util/strictJsonParse.ts";
import { FhirResourceSchema, MAX_NOTE_CHARS } from "../apiSchemas.ts";
import { labelTitles } from "../labelTitles.ts";
import type { NotePredictor } from "../NotePredictor.ts";
import { type ModelPrediction, modelPrediction } from "../notePredictions.ts";
import { type PredictionQueue, QueueFullError } from "../PredictionQueue.ts";
import type { NoteInput } from "../readNotes.ts";
import { fhirNotes } from "./fhirNotes.ts";
import { type FhirModel, riskAssessmentAnswer } from "./riskAssessments.ts";

/** Notes per FHIR request at most (as POST /v1/predict). */
export const MAX_FHIR_NOTES = 256;

/** What the FHIR and CDS Hooks routes need from the server. */
export interface FhirServing {
  predictor: NotePredictor;
  queue: PredictionQueue;
  /** The served models: names (GET /v1/models) and folder checksums, in the predictor's order. */
  models: readonly FhirModel[];
}

/** A request that cannot be answered: its HTTP status and a message naming the field at fault (never note text). */
export class FhirRequestError extends Error {
  constructor(
    readonly status: 400 | 404 | 412 | 413 | 429,
    message: string,
  ) {
    super(message);
  }
}

/** The request body as JSON (strictJsonParse: duplicate keys refused), or a 400 naming the line and column. */
export async function jsonBody(c: Context): Promise<unknown> {
  try {
    return strictJsonParse(await c.req.text(), "body");
  } catch (e) {
    if (e instanceof PrognosError) throw new FhirRequestError(400, e.message);
    throw e;
  }
}

/**
 * Scores notes read from FHIR with the models named (default: all) through the server's batching queue, and
 * returns each note's predictions per model (`top` labels shown). Empty, too long or too many notes, unknown
 * models and a full queue are FhirRequestErrors.
 */
export async function predictFhirNotes(
  s: FhirServing,
  notes: readonly NoteInput[],
  wanted: readonly string[] | undefined,
  top = 10,
): Promise<{ models: FhirModel[]; predictions: ModelPrediction[][] }> {
  const names = s.models.map((m) => m.name);
  const unknown = (wanted ?? []).filter((m) => !names.includes(m));
  if (unknown.length > 0) throw new FhirRequestError(404, `unknown model(s): ${unknown.join(", ")}`);
  if (notes.length > MAX_FHIR_NOTES)
    throw new FhirRequestError(413, `${notes.length} notes, at most ${MAX_FHIR_NOTES} per request`);
  for (const n of notes) {
    const where = n.fhir?.where ?? n.id;
    if (n.text.trim() === "") throw new FhirRequestError(400, `${where}: the note is empty`);
    if (n.text.length > MAX_NOTE_CHARS)
      throw new FhirRequestError(413, `${where}: ${n.text.length} characters, at most ${MAX_NOTE_CHARS}`);
  }
  let scored: Awaited<ReturnType<PredictionQueue["score"]>> = [];
  try {
    if (notes.length > 0) scored = await s.queue.score(notes);
  } catch (e) {
    if (e instanceof QueueFullError) throw new FhirRequestError(429, e.message);
    throw e;
  }
  const keep = names.map((n) => !wanted || wanted.length === 0 || wanted.includes(n));
  const predictions = notes.map((_, i) =>
    s.predictor.models.flatMap((m, k) =>
      keep[k] ? [modelPrediction(names[k]!, m.head, scored[i]![k]!, top, labelTitles(m.head))] : [],
    ),
  );
  return { models: s.models.filter((_, k) => keep[k]), predictions };
}

const FHIR_JSON = "application/fhir+json";

/** A FHIR OperationOutcome: how a FHIR server says what went wrong. */
function operationOutcome(status: number, message: string) {
  const code = status === 404 ? "not-found" : status === 413 ? "too-costly" : status === 429 ? "throttled" : "invalid";
  return { resourceType: "OperationOutcome", issue: [{ severity: "error", code, diagnostics: message }] };
}

/**
 * `POST /fhir/RiskAssessment/$predict` (docs/fhir.md): a DocumentReference, or a Bundle of them, in; a
 * RiskAssessment (one document, one model) or a Bundle of type collection out, as `application/fhir+json`.
 * `?model=NAME` (repeatable) picks models. Errors are OperationOutcomes with the HTTP status.
 */
export function addFhirRoutes(app: OpenAPIHono, s: FhirServing): void {
  app.openAPIRegistry.registerPath({
    method: "post",
    path: "/fhir/RiskAssessment/$predict",
    description: "FHIR R4: a DocumentReference (inline base64 text/plain) or a Bundle of them → RiskAssessment(s)",
    request: {
      body: { content: { [FHIR_JSON]: { schema: FhirResourceSchema } }, required: true },
    },
    responses: {
      200: {
        description: "a RiskAssessment, or a Bundle (collection) of them",
        content: { [FHIR_JSON]: { schema: FhirResourceSchema } },
      },
      400: { description: "an OperationOutcome naming the entry and field at fault" },
    },
  });
  app.post("/fhir/RiskAssessment/$predict", async (c) => {
    try {
      const body = await jsonBody(c);
      let notes: NoteInput[];
      try {
        notes = fhirNotes(body).notes;
      } catch (e) {
        if (e instanceof PrognosError) throw new FhirRequestError(400, e.message);
        throw e;
      }
      const { models, predictions } = await predictFhirNotes(s, notes, c.req.queries("model"));
      let answer: unknown;
      try {
        answer = riskAssessmentAnswer(notes, models, predictions, new Date().toISOString());
      } catch (e) {
        if (e instanceof PrognosError) throw new FhirRequestError(400, e.message);
        throw e;
      }
      return c.body(JSON.stringify(answer), 200, { "content-type": FHIR_JSON });
    } catch (e) {
      if (!(e instanceof FhirRequestError)) throw e;
      return c.body(JSON.stringify(operationOutcome(e.status, e.message)), e.status, { "content-type": FHIR_JSON });
    }
  });
}
