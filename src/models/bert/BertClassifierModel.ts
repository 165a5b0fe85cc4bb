import { statSync } from "node:fs";
import type { Checkpoint } from "../../checkpoint/Checkpoint.ts";
import type { Engine, Session } from "../../engine/Engine.ts";
import { graphCacheEntry } from "../../engine/graphCacheEntry.ts";
import { int64Matrix } from "../../engine/tensors.ts";
import { Graph } from "../../graph/Graph.ts";
import { toOnnx } from "../../graph/onnxWriter.ts";
import { WeightsParamSource } from "../../nn/WeightsParamSource.ts";
import { PrognosError } from "../../util/errors.ts";
import { architectureOf } from "./BertEncoderModel.ts";
import { bertClassifier } from "./bertClassifier.ts";
import { declareBertInputs } from "./bertEncoderGraph.ts";
import { hasPoolerWeights, POOLER_WEIGHTS } from "./poolerWeights.ts";

/**
 * A fine-tuned BertForSequenceClassification checkpoint compiled for inference (weights baked in): logits per
 * row. Labels and problem type come from config.json (`id2label`, `problem_type`).
 */
export class BertClassifierModel {
  private constructor(
    readonly labels: string[],
    readonly problemType: string,
    private readonly padTokenId: number,
    private readonly session: Session,
  ) {}

  /**
   * `pooler`: whether the classifier reads BERT's pooler output (as the run was trained: run.json's `pooler`);
   * default: when the checkpoint has pooler weights. `true` without them is a PrognosError naming the file.
   */
  static async create(
    checkpoint: Checkpoint,
    engine: Engine,
    options: { pooler?: boolean } = {},
  ): Promise<BertClassifierModel> {
    const id2label = checkpoint.config.extra.id2label as Record<string, string> | undefined;
    const w = checkpoint.headWeights.get("classifier.weight");
    if (!id2label || !w || !checkpoint.headWeights.has("classifier.bias")) {
      throw new PrognosError(`${checkpoint.dir}: not a sequence-classification checkpoint (no classifier or id2label)`);
    }
    const labels = Object.keys(id2label)
      .sort((a, b) => Number(a) - Number(b))
      .map((k) => id2label[k]!);
    if (w.shape[0] !== labels.length) {
      throw new PrognosError(
        `${checkpoint.dir}: classifier has ${w.shape[0]} outputs but id2label lists ${labels.length}`,
      );
    }
    const pooler = options.pooler ?? hasPoolerWeights(checkpoint);
    if (pooler && !hasPoolerWeights(checkpoint)) {
      throw new PrognosError(
        `${checkpoint.report.file}: no pooler weights (${POOLER_WEIGHTS.join(", ")}), but the classifier was trained on BERT's pooler output`,
      );
    }
    const key = `bert-classifier:${checkpoint.report.file}:${statSync(checkpoint.report.file).mtimeMs}:${pooler}`;
    const kind = pooler ? "bert-classifier" : "bert-classifier-no-pooler";
    const stored = checkpoint.identity && graphCacheEntry(kind, checkpoint.identity.dir, checkpoint.identity);
    const session = await engine.session(
      key,
      () => {
        const g = new Graph("bert_classifier");
        const params = new WeightsParamSource(new Map([...checkpoint.weights, ...checkpoint.headWeights]));
        const logits = bertClassifier(g, params, architectureOf(checkpoint.config), declareBertInputs(g), {
          numLabels: labels.length,
          pooler,
        });
        g.output(logits, "logits");
        return toOnnx(g);
      },
      stored,
    );
    const pad = checkpoint.config.extra.pad_token_id;
    const problemType = (checkpoint.config.extra.problem_type as string | undefined) ?? "single_label_classification";
    return new BertClassifierModel(labels, problemType, typeof pad === "number" ? pad : 0, session);
  }

  /** Logits [rows, labels] for token-id rows (padded and masked here). */
  async logits(rows: readonly (readonly number[])[]): Promise<Float32Array> {
    const seq = Math.max(...rows.map((r) => r.length));
    const ids = rows.map((r) => Array.from({ length: seq }, (_, j) => (j < r.length ? r[j]! : this.padTokenId)));
    const mask = rows.map((r) => Array.from({ length: seq }, (_, j) => (j < r.length ? 1 : 0)));
    const out = await this.session.run({
      input_ids: int64Matrix(ids),
      attention_mask: int64Matrix(mask),
      token_type_ids: int64Matrix(ids.map((r) => r.map(() => 0))),
      position_ids: int64Matrix([Array.from({ length: seq }, (_, j) => j)]),
    });
    return out.logits!.data as Float32Array;
  }
}
