import { z } from "@hono/zod-openapi";

/** The longest note the API takes, in characters (a 20,000-word note is ~130,000); longer is refused with 413. */
export const MAX_NOTE_CHARS = 500_000;

export const NoteSchema = z
  .object({
    id: z.union([z.string(), z.number()]).openapi({ example: "adm-1" }),
    text: z.string().openapi({ example: "CHIEF COMPLAINT: chest pain. HISTORY OF PRESENT ILLNESS: …" }),
  })
  .openapi("Note");

export const PredictBodySchema = z
  .object({
    notes: z.array(NoteSchema).min(1).max(256),
    models: z.array(z.string()).optional().openapi({ description: "names from GET /v1/models; default: every model" }),
  })
  .openapi("PredictRequest");

export const ExplainBodySchema = PredictBodySchema.extend({
  method: z.enum(["ig", "grad-x-input"]).default("ig"),
  steps: z.number().int().min(1).max(256).default(32),
}).openapi("ExplainRequest");

const AttributionSchema = z.object({
  word: z.string(),
  start: z.number().nullable(),
  end: z.number().nullable(),
  score: z.number(),
});

const LabelSchema = z
  .object({
    label: z.string(),
    title: z.string().nullable(),
    probability: z.number(),
    threshold: z.number().nullable(),
    predicted: z.boolean(),
    attributions: z.array(AttributionSchema).optional(),
    explanation: z
      .object({ method: z.string(), steps: z.number(), logit: z.number(), baseline_logit: z.number(), sum: z.number() })
      .optional(),
  })
  .openapi("LabelProbability");

const ModelPredictionSchema = z
  .object({
    model: z.string(),
    task: z.string(),
    problem_type: z.string(),
    predicted: z.array(z.string()),
    risk: z.number().nullable(),
    labels: z.array(LabelSchema),
    word_pieces: z.number(),
    windows: z.number(),
    cut: z.boolean(),
  })
  .openapi("ModelPrediction");

export const PredictResponseSchema = z
  .object({ predictions: z.array(z.object({ id: z.string(), predictions: z.array(ModelPredictionSchema) })) })
  .openapi("PredictResponse");

export const ModelsResponseSchema = z
  .object({
    models: z.array(
      z.object({
        name: z.string(),
        task: z.string(),
        problem_type: z.string(),
        labels: z.array(z.object({ name: z.string(), title: z.string().optional() })),
        max_length: z.number(),
        long_notes: z.string(),
        checksum: z.string().openapi({ description: "SHA-256 of the folder's config.json and weight files" }),
        card: z.string().nullable().openapi({ description: "the folder's README.md (model card), if any" }),
      }),
    ),
  })
  .openapi("ModelsResponse");

export const ErrorSchema = z.object({ error: z.string() }).openapi("Error");

/** A FHIR R4 resource, as the FHIR route documents it (read by fhir/fhirNotes.ts, which names any field at fault). */
export const FhirResourceSchema = z
  .object({ resourceType: z.string().openapi({ example: "DocumentReference" }) })
  .passthrough()
  .openapi("FhirResource");

/** A CDS Hooks 2.0 request (docs/fhir.md): the fields Prognos reads; others (fhirServer, fhirAuthorization) pass. */
export const CdsRequestSchema = z
  .object({
    hook: z.string(),
    hookInstance: z.string().min(1),
    context: z.object({ patientId: z.string().min(1) }).passthrough(),
    prefetch: z.record(z.string(), z.unknown()).optional(),
  })
  .passthrough()
  .openapi("CdsHooksRequest");

const CdsCardSchema = z.object({
  uuid: z.string(),
  summary: z.string().max(140),
  indicator: z.enum(["info", "warning", "critical"]),
  detail: z.string(),
  source: z.object({ label: z.string(), topic: z.record(z.string(), z.string()).optional() }),
  links: z.array(z.object({ label: z.string(), url: z.string(), type: z.literal("absolute") })),
});

export const CdsResponseSchema = z.object({ cards: z.array(CdsCardSchema) }).openapi("CdsHooksResponse");

export const CdsDiscoverySchema = z
  .object({
    services: z.array(
      z.object({
        hook: z.string(),
        id: z.string(),
        title: z.string(),
        description: z.string(),
        prefetch: z.record(z.string(), z.string()),
      }),
    ),
  })
  .openapi("CdsHooksDiscovery");
