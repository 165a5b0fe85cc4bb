import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { type InBrowserSite, inBrowserSite } from "./web/inBrowserSite.ts";

export interface InBrowserServerArgs {
  models: readonly string[];
  port: number;
  host: string;
  /** Where request lines go. Default: stderr. */
  log?: (line: string) => void;
}

/**
 * `prognos serve --in-browser` (docs/serving.md): serves the in-browser page's files and nothing else — no route
 * takes a note, so none can reach the server; the page predicts and explains with onnxruntime-web. Binds like
 * `serve`, logs one line per request (method, path, status), and stops on SIGTERM or SIGINT (or `close()`).
 */
export async function startInBrowserServer(a: InBrowserServerArgs) {
  const log = a.log ?? ((line: string) => process.stderr.write(`prognos: ${line}\n`));
  const site: InBrowserSite = await inBrowserSite(a.models);
  for (const w of site.warnings) log(`warning: ${w}`);
  const app = new Hono();
  app.use("*", async (c, next) => {
    await next();
    log(`${c.req.method} ${c.req.path} ${c.res.status}`);
  });
  app.get("/health", (c) => c.json({}, 200));
  app.get("*", (c) => {
    const file = site.files.get(c.req.path === "/" ? "index.html" : c.req.path.slice(1));
    if (!file) return c.json({ error: `no file ${c.req.path}` }, 404);
    return c.body(file.body() as string | Uint8Array<ArrayBuffer>, 200, { "content-type": file.type });
  });
  app.all("*", (c) =>
    c.json({ error: `${c.req.method} ${c.req.path}: the in-browser mode serves files only (GET)` }, 405),
  );
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: a.port, hostname: a.host }, () => resolve(s));
    s.once("error", reject);
  });
  const info = server.address() as AddressInfo;
  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= new Promise<void>((resolve) => server.close(() => resolve())).then(() => log("stopped"));
    return closing;
  };
  process.once("SIGTERM", () => void close());
  process.once("SIGINT", () => void close());
  const closed = new Promise<void>((resolve) => server.once("close", () => resolve()));
  return { address: `${info.address}:${info.port}`, port: info.port, models: site.models, close, closed };
}
