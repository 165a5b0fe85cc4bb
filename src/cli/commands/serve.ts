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
  int8?: boolean;
  inBrowser?: boolean;
  staticOut?: string;
  overwrite?: boolean;
}

/**
 * `prognos serve --model M… [--port 8080] [--host 127.0.0.1] [--token T]`: the HTTP API (docs/serving.md). Binds to
 * localhost unless told otherwise; logs one line per request without note text; on SIGTERM or SIGINT it stops
 * taking requests, finishes those in flight and exits. `--in-browser` serves only the files of the page that
 * predicts in the browser; with `--static-out DIR` it writes them into DIR instead and exits.
 */
export function registerServe(program: Command): void {
  program
    .command("serve")
    .description(
      "serve predictions and explanations over HTTP (POST /v1/predict, /v1/explain; GET /v1/models, /health, /openapi.json; FHIR and CDS Hooks)",
    )
    .requiredOption("--model <dir...>", "trained model or run folders")
    .option("--port <n>", rangeHelp("TCP port", RANGES.port), "8080")
    .option("--host <address>", "address to bind; 127.0.0.1 keeps it on this machine", "127.0.0.1")
    .option(
      "--token <token>",
      "require `Authorization: Bearer <token>` on /v1/*, /v2/models/*, /fhir/*, CDS Hooks calls and /openapi.json",
    )
    .option("--max-body <bytes>", rangeHelp("request bodies above this get 413", RANGES.maxBody), String(10 * 2 ** 20))
    .option("--max-queue <n>", rangeHelp("notes waiting at most; more get 429", RANGES.maxQueue), "1024")
    .option("--threads <n>", rangeHelp("ONNX Runtime threads (default: all cores)", RANGES.threads))
    .option("--int8", "run fp32 models' encoders in int8, quantized on load (docs/quantization.md)")
    .option(
      "--in-browser",
      "serve only files: the page runs the models itself (onnxruntime-web); no note reaches the server",
    )
    .option(
      "--static-out <dir>",
      "with --in-browser: write the page's files into <dir> and exit (serve them with any web server)",
    )
    .option("--overwrite", "with --static-out: replace an earlier build there")
    .action(async (o: ServeOptions) => {
      const port = integerOption(o.port, "--port", RANGES.port)!;
      const maxBodyBytes = integerOption(o.maxBody, "--max-body", RANGES.maxBody)!;
      const maxQueuedNotes = integerOption(o.maxQueue, "--max-queue", RANGES.maxQueue)!;
      const threads = integerOption(o.threads, "--threads", RANGES.threads);
      if (o.token !== undefined && o.token.length < 8) throw new PrognosError("--token: use at least 8 characters");
      if (o.inBrowser || o.staticOut !== undefined) return serveInBrowser(o, port);
      const { startServer } = await import("../../serving/startServer.ts");
      const server = await startServer({
        models: o.model,
        port,
        host: o.host,
        token: o.token,
        maxBodyBytes,
        maxQueuedNotes,
        threads,
        int8: o.int8,
      });
      process.stderr.write(`prognos: serving ${server.models.join(", ")} on http://${server.address}\n`);
      await server.closed;
    });
}

/** `--in-browser` (docs/serving.md): the page's files, served or written into --static-out. */
async function serveInBrowser(o: ServeOptions, port: number): Promise<void> {
  if (!o.inBrowser)
    throw new PrognosError("--static-out: only with --in-browser (the files are the in-browser page's)");
  if (o.token !== undefined)
    throw new PrognosError(
      "--token: not with --in-browser (the browser fetches the page's files without a token; nothing it sends holds a note)",
    );
  if (o.staticOut !== undefined) {
    const { checkOutput } = await import("../../util/checkOutput.ts");
    const out = checkOutput({
      path: o.staticOut,
      kind: "folder",
      flag: "--static-out",
      holds: ["index.html", "web"],
      what: "the in-browser page's files",
      overwrite: o.overwrite,
    });
    const { inBrowserSite, writeSite } = await import("../../serving/web/inBrowserSite.ts");
    const site = await inBrowserSite(o.model);
    for (const w of site.warnings) process.stderr.write(`prognos: warning: ${w}\n`);
    writeSite(site, out.path);
    process.stdout.write(
      `${out.path}: ${site.files.size} files for ${site.models.join(", ")}; serve this folder with any web server\n`,
    );
    return;
  }
  const { startInBrowserServer } = await import("../../serving/startInBrowserServer.ts");
  const server = await startInBrowserServer({ models: o.model, port, host: o.host });
  process.stderr.write(
    `prognos: serving the in-browser page for ${server.models.join(", ")} on http://${server.address} (files only)\n`,
  );
  await server.closed;
}
