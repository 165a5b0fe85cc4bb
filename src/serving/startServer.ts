import { existsSync, readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { Engine } from "../engine/Engine.ts";
import { createApp } from "./createApp.ts";
import { folderChecksum } from "./folderChecksum.ts";
import { modelNames } from "./modelNames.ts";
import { NotePredictor } from "./NotePredictor.ts";
import { PredictionQueue } from "./PredictionQueue.ts";

export interface ServerArgs {
  models: readonly string[];
  port: number;
  host: string;
  token?: string;
  maxBodyBytes: number;
  maxQueuedNotes: number;
  threads?: number;
  /** Run fp32 models' encoders in int8, quantized on load (docs/quantization.md). */
  int8?: boolean;
  /** Where request lines go. Default: stderr. */
  log?: (line: string) => void;
}

/**
 * Loads the models, starts the HTTP API on host:port and returns once it listens. `closed` settles after a SIGTERM
 * or SIGINT (or `close()`): the server stops accepting, requests in flight finish, the engine is released.
 */
export async function startServer(a: ServerArgs) {
  const log = a.log ?? ((line: string) => process.stderr.write(`prognos: ${line}\n`));
  // Between runs this process parses requests and writes responses: ONNX Runtime's threads sleep instead of spinning.
  const engine = Engine.create({ threads: a.threads, spinning: false });
  const predictor = await NotePredictor.load(a.models, engine, { int8: a.int8 });
  for (const w of predictor.warnings) log(`warning: ${w}`);
  for (const line of predictor.sharingNotes()) log(line);
  const names = modelNames(predictor.models.map((m) => m.dir));
  const models = predictor.models.map((m, k) => {
    const name = names[k]!;
    const card = join(m.dir, "README.md");
    return {
      name,
      task: m.head.task,
      problem_type: m.head.problemType,
      labels: m.head.labels,
      max_length: m.head.maxLength,
      long_notes: m.head.longNotes.policy,
      checksum: folderChecksum(m.dir),
      card: existsSync(card) ? readFileSync(card, "utf8") : null,
    };
  });
  const queue = new PredictionQueue({
    read: (note) => predictor.read(note),
    score: (notes) => predictor.scoreRead(notes),
    maxQueuedNotes: a.maxQueuedNotes,
  });
  const app = createApp({ predictor, queue, engine, models, token: a.token, maxBodyBytes: a.maxBodyBytes, log });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: a.port, hostname: a.host }, () => resolve(s));
    s.once("error", reject);
  });
  const info = server.address() as AddressInfo;
  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      log("stopping: no new requests; finishing those in flight");
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await queue.drained();
      await engine.release();
      log("stopped");
    })();
    return closing;
  };
  process.once("SIGTERM", () => void close());
  process.once("SIGINT", () => void close());
  const closed = new Promise<void>((resolve) => {
    server.once("close", () => void (closing ?? Promise.resolve()).then(resolve));
  });
  return { address: `${info.address}:${info.port}`, port: info.port, models: names, close, closed };
}
