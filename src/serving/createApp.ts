import { timingSafeEqual } from "node:crypto";
import { createRoute, OpenAPIHono, type z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import type { Engine } from "../engine/Engine.ts";
import {
  ErrorSchema,
  ExplainBodySchema,
  MAX_NOTE_CHARS,
  ModelsResponseSchema,
  PredictBodySchema,
  PredictResponseSchema,
} from "./apiSchemas.ts";
import { addCdsHooksRoutes } from "./cds/cdsHooksRoutes.ts";
import { explainPredictions } from "./explainPredictions.ts";
import { addFhirRoutes } from "./fhir/fhirRoutes.ts";
import { addKserveRoutes } from "./kserveRoutes.ts";
import { labelTitles } from "./labelTitles.ts";
import type { NotePredictor } from "./NotePredictor.ts";
import { type ModelPrediction, modelPrediction } from "./notePredictions.ts";
import { PredictionJson } from "./PredictionJson.ts";
import { type PredictionQueue, QueueFullError } from "./PredictionQueue.ts";
import { pageHtml } from "./web/pageHtml.ts";

export interface AppArgs {
  predictor: NotePredictor;
  queue: PredictionQueue;
  engine: Engine;
  /** GET /v1/models: per model name. */
  models: z.infer<typeof ModelsResponseSchema>["models"];
  /** Require `Authorization: Bearer <token>` on every route but /health, the page and CDS Hooks discovery. */
  token?: string;
  /** Request bodies above this many bytes get 413. */
  maxBodyBytes: number;
  /** One line per request (method, path, status, notes, milliseconds): never note text. */
  log: (line: string) => void;
}

const json = <T extends z.ZodTypeAny>(schema: T, description: string) => ({
  content: { "application/json": { schema } },
  description,
});
const errors = {
  400: json(ErrorSchema, "the body is not what the schema says (the field is named)"),
  401: json(ErrorSchema, "missing or wrong bearer token (when the server has one)"),
  404: json(ErrorSchema, "an unknown model name"),
  413: json(ErrorSchema, "the body, or a note, is too large"),
  429: json(ErrorSchema, "the queue is full; retry later"),
};

/** The HTTP API (docs/serving.md): Hono with its OpenAPI 3.1 document generated from the same zod schemas. */
export function createApp(a: AppArgs): OpenAPIHono {
  const app = new OpenAPIHono({
    defaultHook: (result, c) => {
      if (!result.success) {
        const issue = result.error.issues[0]!;
        return c.json({ error: `${issue.path.join(".") || "body"}: ${issue.message}` }, 400);
      }
    },
  });
  app.use("*", async (c, next) => {
    const t0 = performance.now();
    await next();
    a.log(`${c.req.method} ${c.req.path} ${c.res.status} ${(performance.now() - t0).toFixed(0)} ms`);
  });
  if (a.token) {
    const want = Buffer.from(`Bearer ${a.token}`);
    for (const path of ["/v1/*", "/v2/models/*", "/openapi.json", "/fhir/*", "/cds-services/*"]) {
      app.use(path, async (c, next) => {
        // CDS Hooks discovery stays open, as the page does: it lists the service and holds no data.
        if (c.req.method === "GET" && c.req.path === "/cds-services") return next();
        const got = Buffer.from(c.req.header("authorization") ?? "");
        if (got.length !== want.length || !timingSafeEqual(got, want)) return c.json({ error: "unauthorized" }, 401);
        await next();
      });
    }
  }
  for (const path of ["/v1/*", "/fhir/*", "/cds-services/*"]) {
    app.use(
      path,
      bodyLimit({
        maxSize: a.maxBodyBytes,
        onError: (c) => c.json({ error: `the body is larger than ${a.maxBodyBytes} bytes` }, 413),
      }),
    );
  }

  app.openapi(
    createRoute({ method: "get", path: "/health", responses: { 200: json(ErrorSchema.partial(), "ready") } }),
    (c) => c.json({}, 200),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/models",
      responses: { 200: json(ModelsResponseSchema, "the models served") },
    }),
    (c) => c.json({ models: a.models }, 200),
  );
  const titles = a.predictor.models.map((m) => labelTitles(m.head));
  const writers = a.predictor.models.map((m, k) => new PredictionJson(a.models[k]!.name, m.head));
  const predict = async (c: Context, body: z.infer<typeof ExplainBodySchema>, explain: boolean) => {
    const names = a.models.map((m) => m.name);
    const unknown = (body.models ?? []).filter((m) => !names.includes(m));
    if (unknown.length > 0) return c.json({ error: `unknown model(s): ${unknown.join(", ")}` }, 404);
    for (const [i, n] of body.notes.entries()) {
      if (n.text.trim() === "") return c.json({ error: `notes.${i}.text: the note is empty` }, 400);
      if (n.text.length > MAX_NOTE_CHARS)
        return c.json({ error: `notes.${i}.text: ${n.text.length} characters, at most ${MAX_NOTE_CHARS}` }, 413);
    }
    const notes = body.notes.map((n) => ({ id: String(n.id), text: n.text }));
    let scored: Awaited<ReturnType<PredictionQueue["score"]>>;
    try {
      scored = await a.queue.score(notes);
    } catch (e) {
      if (e instanceof QueueFullError) return c.json({ error: e.message }, 429);
      throw e;
    }
    const keep = a.predictor.models.map((_, k) => !body.models || body.models.includes(names[k]!));
    if (!explain) {
      // The same JSON as below, written from pieces serialised once per model (PredictionJson).
      const perNote = notes.map(
        (n, i) =>
          `{"id":${JSON.stringify(n.id)},"predictions":[${writers
            .flatMap((w, k) => (keep[k] ? [w.write(scored[i]![k]!, 10)] : []))
            .join(",")}]}`,
      );
      return c.body(`{"predictions":[${perNote.join(",")}]}`, 200, { "content-type": "application/json" });
    }
    const predictions: ModelPrediction[][] = notes.map((_, i) =>
      a.predictor.models.map((m, k) => modelPrediction(names[k]!, m.head, scored[i]![k]!, 10, titles[k]!)),
    );
    if (explain) {
      await explainPredictions(a.predictor, notes, predictions, a.engine, { method: body.method, steps: body.steps });
    }
    return c.json(
      { predictions: notes.map((n, i) => ({ id: n.id, predictions: predictions[i]!.filter((_, k) => keep[k]) })) },
      200,
    );
  };
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/predict",
      request: { body: { ...json(PredictBodySchema, "notes to score"), required: true } },
      responses: { 200: json(PredictResponseSchema, "per note and model"), ...errors },
    }),
    // biome-ignore lint/suspicious/noExplicitAny: the handler returns the union of its documented responses
    (c) => predict(c, { ...c.req.valid("json"), method: "ig", steps: 32 }, false) as any,
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/explain",
      request: { body: { ...json(ExplainBodySchema, "notes to score and explain"), required: true } },
      responses: { 200: json(PredictResponseSchema, "per note and model, with word attributions"), ...errors },
    }),
    // biome-ignore lint/suspicious/noExplicitAny: as above
    (c) => predict(c, c.req.valid("json"), true) as any,
  );
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: { title: "Prognos", version: "1", description: "Clinical outcome prediction from admission notes" },
  });
  // The page (docs/serving.md): open like /health, since it holds no data; its requests carry the token.
  app.get("/", (c) => c.html(pageHtml()));
  addKserveRoutes(
    app,
    a.predictor,
    a.models.map((m) => m.name),
    a.queue,
  );
  // FHIR in and out, and CDS Hooks (docs/fhir.md).
  const fhir = {
    predictor: a.predictor,
    queue: a.queue,
    models: a.models.map((m) => ({ name: m.name, checksum: m.checksum })),
  };
  addFhirRoutes(app, fhir);
  addCdsHooksRoutes(app, fhir);
  app.notFound((c) => c.json({ error: `no route ${c.req.method} ${c.req.path}` }, 404));
  app.onError((e, c) => {
    // Hono's own refusals (a body that is not JSON, say) keep their status, with a JSON error.
    if (e instanceof HTTPException) return c.json({ error: e.message }, e.status);
    a.log(`error on ${c.req.method} ${c.req.path}: ${(e as Error).name}`);
    return c.json({ error: "internal error" }, 500);
  });
  return app;
}
