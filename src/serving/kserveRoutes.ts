import type { OpenAPIHono } from "@hono/zod-openapi";
import type { NotePredictor } from "./NotePredictor.ts";
import { type PredictionQueue, QueueFullError } from "./PredictionQueue.ts";

/**
 * The Open Inference Protocol (KServe v2) routes, so inference clients that speak it (Triton's, KServe's,
 * MLServer's) work (docs/serving.md): health, model metadata, and infer with the notes as a BYTES input tensor
 * `text` [n] and the probabilities as an FP32 output tensor `probabilities` [n, labels] (row-major `data`).
 * Explanations stay on the domain API (/v1/explain): the protocol has no route for them.
 */
export function addKserveRoutes(
  app: OpenAPIHono,
  predictor: NotePredictor,
  names: readonly string[],
  queue: PredictionQueue,
) {
  const model = (name: string) => names.indexOf(name);
  const err = (message: string) => ({ error: message });
  app.get("/v2/health/live", (c) => c.json({ live: true }));
  app.get("/v2/health/ready", (c) => c.json({ ready: true }));
  app.get("/v2/models/:name", (c) => {
    const k = model(c.req.param("name"));
    if (k < 0) return c.json(err(`unknown model ${c.req.param("name")}`), 404);
    const head = predictor.models[k]!.head;
    return c.json({
      name: names[k],
      versions: ["1"],
      platform: "prognos-onnxruntime",
      inputs: [{ name: "text", datatype: "BYTES", shape: [-1] }],
      outputs: [{ name: "probabilities", datatype: "FP32", shape: [-1, head.labels.length] }],
      parameters: { task: head.task, problem_type: head.problemType, labels: head.labels.map((l) => l.name) },
    });
  });
  app.get("/v2/models/:name/ready", (c) =>
    model(c.req.param("name")) < 0
      ? c.json(err("unknown model"), 404)
      : c.json({ name: c.req.param("name"), ready: true }),
  );
  app.post("/v2/models/:name/infer", async (c) => {
    const k = model(c.req.param("name"));
    if (k < 0) return c.json(err(`unknown model ${c.req.param("name")}`), 404);
    let body: { id?: unknown; inputs?: { name?: unknown; datatype?: unknown; shape?: unknown; data?: unknown }[] };
    try {
      body = await c.req.json();
    } catch {
      return c.json(err("the body is not JSON"), 400);
    }
    const input = body.inputs?.find((i) => i.name === "text");
    if (!input) return c.json(err('inputs: expected a tensor named "text"'), 400);
    if (input.datatype !== "BYTES")
      return c.json(err(`inputs.text.datatype: expected BYTES, got ${String(input.datatype)}`), 400);
    const data = input.data;
    if (!Array.isArray(data) || data.length === 0 || data.some((t) => typeof t !== "string" || t.trim() === ""))
      return c.json(err("inputs.text.data: expected non-empty strings"), 400);
    if (!Array.isArray(input.shape) || input.shape.length !== 1 || input.shape[0] !== data.length)
      return c.json(err(`inputs.text.shape: expected [${data.length}]`), 400);
    let scored: Awaited<ReturnType<PredictionQueue["score"]>>;
    try {
      scored = await queue.score(data.map((text, i) => ({ id: String(i), text: text as string })));
    } catch (e) {
      if (e instanceof QueueFullError) return c.json(err(e.message), 429);
      throw e;
    }
    const L = predictor.models[k]!.head.labels.length;
    const flat = scored.flatMap((perModel) => Array.from(perModel[k]!.probabilities));
    return c.json({
      model_name: names[k],
      model_version: "1",
      ...(typeof body.id === "string" ? { id: body.id } : {}),
      outputs: [{ name: "probabilities", datatype: "FP32", shape: [data.length, L], data: flat }],
    });
  });
}
