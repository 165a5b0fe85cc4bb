import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { PrognosError } from "../../util/errors.ts";
import { CdsDiscoverySchema, CdsRequestSchema, CdsResponseSchema, ErrorSchema } from "../apiSchemas.ts";
import { fhirNotes } from "../fhir/fhirNotes.ts";
import { FhirRequestError, type FhirServing, predictFhirNotes } from "../fhir/fhirRoutes.ts";
import type { NoteInput } from "../readNotes.ts";
import { noteCard } from "./cdsCards.ts";

export const CDS_SERVICE_ID = "prognos-outcomes";
/** The prefetch key and query the service asks the EHR for: the patient's current notes, newest first. */
export const NOTES_PREFETCH = "DocumentReference?patient={{context.patientId}}&status=current&_sort=-date&_count=5";

const json = <T>(schema: T, description: string) => ({ content: { "application/json": { schema } }, description });

/**
 * CDS Hooks 2.0 (docs/fhir.md): `GET /cds-services` lists one service, `prognos-outcomes` on the `patient-view`
 * hook, whose prefetch asks for the patient's DocumentReferences; `POST /cds-services/prognos-outcomes` scores each
 * prefetched note with every model and answers one card per note. Prognos never queries the EHR's FHIR server
 * itself: without the prefetch the answer is 412, as the specification says for data the service cannot get.
 */
export function addCdsHooksRoutes(app: OpenAPIHono, s: FhirServing): void {
  const models = s.models.map((m) => m.name).join(", ");
  app.openapi(
    createRoute({
      method: "get",
      path: "/cds-services",
      responses: { 200: json(CdsDiscoverySchema, "CDS Hooks discovery") },
    }),
    (c) =>
      c.json(
        {
          services: [
            {
              hook: "patient-view",
              id: CDS_SERVICE_ID,
              title: "Prognos outcome prediction",
              description: `Predicts outcomes (${models}) from the patient's clinical notes: in-hospital mortality risk, diagnoses, procedures, length of stay, as the served models do.`,
              prefetch: { notes: NOTES_PREFETCH },
            },
          ],
        },
        200,
      ),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: `/cds-services/${CDS_SERVICE_ID}`,
      request: { body: { ...json(CdsRequestSchema, "a patient-view hook call"), required: true } },
      responses: {
        200: json(CdsResponseSchema, "one card per prefetched note"),
        400: json(ErrorSchema, "the request is not a patient-view call, or a note cannot be read (named)"),
        412: json(ErrorSchema, "no prefetched notes: Prognos does not query the FHIR server"),
        413: json(ErrorSchema, "a note is too long, or too many notes"),
        429: json(ErrorSchema, "the queue is full; retry later"),
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      try {
        if (body.hook !== "patient-view")
          throw new FhirRequestError(400, `hook: this service answers patient-view, got ${JSON.stringify(body.hook)}`);
        const notes = prefetchedNotes(body.prefetch?.notes, body.context.patientId);
        const { predictions } = await predictFhirNotes(s, notes, undefined);
        const page = new URL("/", c.req.url).href;
        return c.json({ cards: notes.map((n, i) => noteCard(n.fhir!.basis.reference!, predictions[i]!, page)) }, 200);
      } catch (e) {
        // biome-ignore lint/suspicious/noExplicitAny: the status is one of the documented responses
        if (e instanceof FhirRequestError) return c.json({ error: e.message }, e.status) as any;
        throw e;
      }
    },
  );
}

/** The prefetch's notes, each about the context's patient (a DocumentReference of another patient is refused). */
function prefetchedNotes(prefetch: unknown, patientId: string): NoteInput[] {
  if (prefetch === undefined || prefetch === null)
    throw new FhirRequestError(
      412,
      `prefetch.notes: missing; Prognos does not query the FHIR server itself: prefetch ${NOTES_PREFETCH}`,
    );
  let notes: NoteInput[];
  try {
    notes = fhirNotes(prefetch).notes;
  } catch (e) {
    if (e instanceof PrognosError) throw new FhirRequestError(400, `prefetch.notes: ${e.message}`);
    throw e;
  }
  for (const n of notes) {
    const ref = n.fhir!.subject?.reference;
    if (ref !== undefined && ref !== `Patient/${patientId}` && !ref.endsWith(`/Patient/${patientId}`))
      throw new FhirRequestError(
        400,
        `prefetch.notes: ${n.fhir!.where}: subject ${ref} is not the context's patient ${patientId}`,
      );
  }
  return notes;
}
