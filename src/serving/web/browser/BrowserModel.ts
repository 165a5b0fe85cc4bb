import type * as Ort from "onnxruntime-web";
import { type GradientRunner, pieceAttributions } from "../../../explanation/pieceAttributions.ts";
import { wordAttributions } from "../../../explanation/wordAttributions.ts";
import { noteProbabilities } from "../../../models/heads/poolLogits.ts";
import { BertTokenizer } from "../../../tokenizer/BertTokenizer.ts";
import { noteWindows } from "../../../tokenizer/noteWindows.ts";
import { tokenizerSpecFromJson } from "../../../tokenizer/tokenizerSpecJson.ts";
import { type LabelProbability, type ModelPrediction, modelPrediction } from "../../notePredictions.ts";
import type { SiteModel } from "../siteManifest.ts";

/** onnxruntime-web, loaded by the page from web/ort/ort.wasm.min.js (a global, as its UMD build defines it). */
declare const ort: typeof Ort;

/** Windows scored per run: bounds the page's memory on a long note. */
const WINDOWS_PER_RUN = 8;

/** Fetches one of the page's files; a failure names it. */
export async function fetchFile(url: string): Promise<Response> {
  let r: Response;
  try {
    r = await fetch(url);
  } catch (e) {
    throw new Error(`could not load ${url}: ${(e as Error).message}`);
  }
  if (!r.ok) throw new Error(`could not load ${url}: HTTP ${r.status}`);
  return r;
}

async function session(url: string): Promise<Ort.InferenceSession> {
  const bytes = new Uint8Array(await (await fetchFile(url)).arrayBuffer());
  try {
    return await ort.InferenceSession.create(bytes, { executionProviders: ["wasm"], graphOptimizationLevel: "all" });
  } catch (e) {
    throw new Error(`${url}: onnxruntime-web could not load the graph: ${(e as Error).message}`);
  }
}

const int64 = (rows: number, cols: number, value: (r: number, j: number) => number) => {
  const data = new BigInt64Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let j = 0; j < cols; j++) data[r * cols + j] = BigInt(value(r, j));
  return new ort.Tensor("int64", data, [rows, cols]);
};

/**
 * One model running in the page (docs/serving.md, in-browser mode): the same tokenizer, long-note windows, graph,
 * pooling, scores and answer as `prognos serve`, with onnxruntime-web in place of ONNX Runtime for Node. The
 * explanation graph and the embedding table are fetched on the first explanation.
 */
export class BrowserModel {
  private explainer: Promise<{ run: GradientRunner; table: Float32Array }> | null = null;

  private constructor(
    readonly entry: SiteModel,
    readonly tokenizer: BertTokenizer,
    private readonly classifier: Ort.InferenceSession,
  ) {}

  static async load(entry: SiteModel): Promise<BrowserModel> {
    const spec = tokenizerSpecFromJson(await (await fetchFile(entry.tokenizer)).json());
    return new BrowserModel(entry, new BertTokenizer(spec), await session(entry.classifier));
  }

  /** The model's answer for a note, as /v1/predict gives it. */
  async predict(text: string): Promise<ModelPrediction> {
    const { head } = this.entry;
    const L = head.labels.length;
    const w = noteWindows(this.tokenizer, text, head);
    const logits = new Float32Array(w.windows.length * L);
    for (let k = 0; k < w.windows.length; k += WINDOWS_PER_RUN) {
      logits.set(await this.logits(w.windows.slice(k, k + WINDOWS_PER_RUN)), k * L);
    }
    const scored = {
      probabilities: noteProbabilities(logits, 0, w.windows.length, L, head),
      wordPieces: w.wordPieces,
      windows: w.windows.length,
      cut: w.cut,
    };
    return modelPrediction(this.entry.name, head, scored, 10, this.entry.titles);
  }

  /**
   * Integrated gradients (32 steps, [PAD] baseline) on `entry`'s logit over the note's first window, summed to
   * words, as /v1/explain computes them; only predicted labels (binary tasks: the risk) are explained.
   */
  async explain(text: string, entry: LabelProbability): Promise<LabelProbability | null> {
    const { head } = this.entry;
    const binary = head.problemType === "single_label_classification" && head.labels.length === 2;
    if (binary ? entry.label !== head.labels[1]!.name : !entry.predicted) return null;
    this.explainer ??= this.loadExplainer();
    const { run, table } = await this.explainer;
    const ids = noteWindows(this.tokenizer, text, { ...head, longNotes: { policy: "truncate" } }).windows[0]!;
    const label = head.labels.findIndex((l) => l.name === entry.label);
    const model = { table, hidden: this.entry.explain.hidden, padId: this.entry.padId, numLabels: head.labels.length };
    const a = await pieceAttributions(run, model, ids, label, { method: "ig", steps: 32 });
    return {
      ...entry,
      attributions: wordAttributions(this.tokenizer, text, a.scores),
      explanation: {
        method: "ig",
        steps: 32,
        logit: a.logit,
        baseline_logit: a.baselineLogit,
        sum: a.scores.reduce((s, v) => s + v, 0),
      },
    };
  }

  private async logits(rows: readonly number[][]): Promise<Float32Array> {
    const seq = Math.max(...rows.map((r) => r.length));
    const pad = this.entry.padId;
    const feeds: Record<string, Ort.Tensor> = {
      input_ids: int64(rows.length, seq, (r, j) => rows[r]![j] ?? pad),
      attention_mask: int64(rows.length, seq, (r, j) => (j < rows[r]!.length ? 1 : 0)),
      token_type_ids: int64(rows.length, seq, () => 0),
      position_ids: int64(1, seq, (_, j) => j),
    };
    const out = await this.classifier.run(pick(feeds, this.classifier.inputNames));
    return out.logits!.data as Float32Array;
  }

  private async loadExplainer() {
    const { graph, embeddings } = this.entry.explain;
    const [s, bytes] = await Promise.all([session(graph), fetchFile(embeddings).then((r) => r.arrayBuffer())]);
    const L = this.entry.head.labels.length;
    const run: GradientRunner = async (embeds, rows, n, weights) => {
      const feeds: Record<string, Ort.Tensor> = {
        input_ids: int64(rows, n, () => 0),
        attention_mask: int64(rows, n, () => 1),
        token_type_ids: int64(rows, n, () => 0),
        position_ids: int64(1, n, (_, j) => j),
        inputs_embeds: new ort.Tensor("float32", embeds, [rows, n, this.entry.explain.hidden]),
        output_weights: new ort.Tensor("float32", weights, [rows, L]),
      };
      const out = await s.run(pick(feeds, s.inputNames));
      return { logits: out.logits!.data as Float32Array, grad: out.embeds_grad!.data as Float32Array };
    };
    return { run, table: new Float32Array(bytes) };
  }
}

const pick = <T>(feeds: Record<string, T>, names: readonly string[]) =>
  Object.fromEntries(Object.entries(feeds).filter(([k]) => names.includes(k)));
