/**
 * The in-browser page's script (docs/serving.md), bundled by scripts/build.mjs into dist/web/prognos-web.js: it
 * fetches web/models.json and each model's files, and gives the page's own script (pageScript.ts)
 * `window.prognosLocal` to predict and explain without any request: the note stays in the page.
 */
import type * as Ort from "onnxruntime-web";
import type { LabelProbability, ModelPrediction } from "../../notePredictions.ts";
import { checkSiteManifest, MANIFEST_PATH } from "../siteManifest.ts";
import { BrowserModel, fetchFile } from "./BrowserModel.ts";

declare const ort: typeof Ort;

const page = globalThis as unknown as { location: { href: string }; prognosLocal: unknown };

async function load(): Promise<BrowserModel[]> {
  if (typeof ort === "undefined") throw new Error("web/ort/ort.wasm.min.js did not load (onnxruntime-web)");
  // The wasm files come from this server too (web/ort/), never from a CDN; one thread: no cross-origin isolation
  // is needed, so the static files work from any plain web server.
  ort.env.wasm.wasmPaths = new URL("web/ort/", page.location.href).href;
  ort.env.wasm.numThreads = 1;
  const entries = checkSiteManifest(await (await fetchFile(MANIFEST_PATH)).json());
  const models: BrowserModel[] = [];
  for (const e of entries) models.push(await BrowserModel.load(e));
  return models;
}

const ready = load();
ready.catch(() => {}); // reported by the page through `ready`

page.prognosLocal = {
  /** The models' names and the server's warnings about them, once every model is loaded. */
  ready: ready.then((ms) => ({ models: ms.map((m) => m.entry.name), warnings: ms.flatMap((m) => m.entry.warnings) })),
  /** Every model's answer for the note, as /v1/predict's `predictions[0].predictions`. */
  async predict(text: string): Promise<ModelPrediction[]> {
    if (typeof text !== "string" || text.trim() === "")
      throw new Error("The note is empty: paste or drop a note first.");
    const out: ModelPrediction[] = [];
    for (const m of await ready) out.push(await m.predict(text));
    return out;
  },
  /** Model `k`'s label `entry` with its word attributions, or null when the label is not one that is explained. */
  async explain(text: string, k: number, entry: LabelProbability): Promise<LabelProbability | null> {
    const m = (await ready)[k];
    if (!m) throw new Error(`no model #${k}`);
    return m.explain(text, entry);
  },
};
