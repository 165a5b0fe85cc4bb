import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadCheckpoint } from "../../checkpoint/Checkpoint.ts";
import { embeddingTableOf, inputGradientOnnx } from "../../explanation/Explainer.ts";
import { checkHeadWeights, classifierOnnx } from "../../models/bert/BertClassifierModel.ts";
import { HEAD_KEY, headToJson } from "../../models/heads/ModelHead.ts";
import { readModelHead } from "../../models/heads/readModelHead.ts";
import { BertTokenizer } from "../../tokenizer/BertTokenizer.ts";
import { tokenizerSpecToJson } from "../../tokenizer/tokenizerSpecJson.ts";
import { PrognosError } from "../../util/errors.ts";
import { writing } from "../../util/writeError.ts";
import { labelTitles } from "../labelTitles.ts";
import { modelNames } from "../modelNames.ts";
import { modelFolderOf } from "../NotePredictor.ts";
import { pageHtml } from "./pageHtml.ts";
import { MANIFEST_PATH, type SiteManifest, type SiteModelEntry } from "./siteManifest.ts";

/** One file of the in-browser page: its content type, and its bytes, made on first use and then kept. */
export interface SiteFile {
  type: string;
  body: () => Uint8Array | string;
}

/** Everything the in-browser page needs, by path relative to the page (index.html, web/…). */
export interface InBrowserSite {
  files: Map<string, SiteFile>;
  models: string[];
  warnings: string[];
}

/** The page's bundled script (scripts/bundlePage.mjs builds it with the rest of dist/). */
const BUNDLE = fileURLToPath(new URL("../../../dist/web/prognos-web.js", import.meta.url));
/** onnxruntime-web's wasm-only build: its script, the wasm loader it imports, and the wasm binary. */
const ORT_FILES = ["ort.wasm.min.js", "ort-wasm-simd-threaded.mjs", "ort-wasm-simd-threaded.wasm"];

const TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  mjs: "text/javascript; charset=utf-8",
  json: "application/json",
  wasm: "application/wasm",
};

function lazy(make: () => Uint8Array | string): () => Uint8Array | string {
  let body: Uint8Array | string | undefined;
  return () => {
    body ??= make();
    return body;
  };
}

/**
 * The files of the in-browser page (docs/serving.md) for model folders `dirs`: the page, its script, onnxruntime-web's
 * wasm files, and per model its tokenizer (JSON), head and label titles (web/models.json), the plain fp32 ONNX graphs
 * the server would run (classifier, and input gradients for explanations) and the word-embedding table. The graphs
 * are built when first asked for. A folder without a classification head is an error naming it.
 */
export async function inBrowserSite(dirs: readonly string[]): Promise<InBrowserSite> {
  if (dirs.length === 0) throw new PrognosError("--model: give at least one model folder");
  if (!existsSync(BUNDLE)) throw new PrognosError(`${BUNDLE}: the page's script is missing; run npm run build`);
  const ortDir = dirname(createRequire(import.meta.url).resolve("onnxruntime-web/wasm"));
  const files = new Map<string, SiteFile>();
  const add = (path: string, body: () => Uint8Array | string) =>
    files.set(path, { type: TYPES[path.split(".").pop()!] ?? "application/octet-stream", body: lazy(body) });
  const folders = dirs.map(modelFolderOf);
  const names = modelNames(folders);
  const entries: SiteModelEntry[] = [];
  for (const [k, dir] of folders.entries()) {
    const checkpoint = await loadCheckpoint(dir);
    const { head, warnings: headWarnings } = readModelHead(checkpoint);
    checkHeadWeights(checkpoint, head);
    const { tokenizer, warnings } = await BertTokenizer.fromFolder(dir);
    const table = embeddingTableOf(checkpoint, head);
    const at = `web/m${k}/`;
    add(`${at}tokenizer.json`, () => JSON.stringify(tokenizerSpecToJson(tokenizer.spec)));
    add(`${at}classifier.onnx`, () => classifierOnnx(checkpoint, head));
    add(`${at}explain.onnx`, () => inputGradientOnnx(checkpoint, head));
    add(
      `${at}embeddings.bin`,
      () => new Uint8Array(table.table.buffer, table.table.byteOffset, table.table.byteLength),
    );
    entries.push({
      name: names[k]!,
      [HEAD_KEY]: headToJson(head),
      titles: labelTitles(head),
      tokenizer: `${at}tokenizer.json`,
      classifier: `${at}classifier.onnx`,
      explain: { graph: `${at}explain.onnx`, embeddings: `${at}embeddings.bin`, hidden: table.hidden },
      padId: table.padId,
      warnings: [...warnings, ...headWarnings],
    });
  }
  const manifest: SiteManifest = { format: 1, models: entries };
  add("index.html", () => pageHtml({ inBrowser: true }));
  add(MANIFEST_PATH, () => JSON.stringify(manifest));
  add("web/prognos-web.js", () => readBytes(BUNDLE));
  for (const f of ORT_FILES) add(`web/ort/${f}`, () => readBytes(join(ortDir, f)));
  return { files, models: names, warnings: entries.flatMap((e) => e.warnings) };
}

function readBytes(path: string): Uint8Array {
  return readFileSync(path);
}

/** Writes the site into `dir` (checked by the caller); an earlier build's web/ folder is replaced. */
export function writeSite(site: InBrowserSite, dir: string): void {
  rmSync(join(dir, "web"), { recursive: true, force: true });
  for (const [path, f] of site.files) {
    const file = join(dir, path);
    writing(file, () => {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, f.body());
    });
  }
}
