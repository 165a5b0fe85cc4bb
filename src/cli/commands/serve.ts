import type { Command } from "commander";
import { PrognosError } from "../../util/errors.ts";
import { RANGES } from "../../util/ranges.ts";
import { integerOption, rangeHelp } from "../options/index.ts";

interface ServeOptions {
  model: string[];
  port: string;
  host: string;
  token?: string;
  maxBody: string;
  maxQueue: string;
  threads?: string;
}

/**
 * `prognos serve --model M… [--port 8080] [--host 127.0.0.1] [--token T]`: the HTTP API (docs/serving.md). Binds to
 * localhost unless told otherwise; logs one line per request without note text; on SIGTERM or SIGINT it stops
 * taking requests, finishes those in flight and exits.
 */
export function registerServe(program: Command): void {
  program
    .command("serve")
    .description(
      "serve predictions and explanations over HTTP (POST /v1/predict, /v1/explain; GET /v1/models, /health, /openapi.json)",
    )
    .requiredOption("--model <dir...>", "trained model or run folders")
    .option("--port <n>", rangeHelp("TCP port", RANGES.port), "8080")
    .option("--host <address>", "address to bind; 127.0.0.1 keeps it on this machine", "127.0.0.1")
    .option("--token <token>", "require `Authorization: Bearer <token>` on /v1/* and /openapi.json")
    .option("--max-body <bytes>", rangeHelp("request bodies above this get 413", RANGES.maxBody), String(10 * 2 ** 20))
    .option("--max-queue <n>", rangeHelp("notes waiting at most; more get 429", RANGES.maxQueue), "1024")
    .option("--threads <n>", rangeHelp("ONNX Runtime threads (default: all cores)", RANGES.threads))
    .action(async (o: ServeOptions) => {
      const port = integerOption(o.port, "--port", RANGES.port)!;
      const maxBodyBytes = integerOption(o.maxBody, "--max-body", RANGES.maxBody)!;
      const maxQueuedNotes = integerOption(o.maxQueue, "--max-queue", RANGES.maxQueue)!;
      const threads = integerOption(o.threads, "--threads", RANGES.threads);
      if (o.token !== undefined && o.token.length < 8) throw new PrognosError("--token: use at least 8 characters");
      const { startServer } = await import("../../serving/startServer.ts");
      const server = await startServer({
        models: o.model,
        port,
        host: o.host,
        token: o.token,
        maxBodyBytes,
        maxQueuedNotes,
        threads,
      });
      process.stderr.write(`prognos: serving ${server.models.join(", ")} on http://${server.address}\n`);
      await server.closed;
    });
}
