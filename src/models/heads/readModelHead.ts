import type { Checkpoint } from "../../checkpoint/Checkpoint.ts";
import type { ProblemType } from "../../tasks/ProblemType.ts";
import { PrognosError } from "../../util/errors.ts";
import { defaultThresholds, HEAD_KEY, headFromJson, type ModelHead } from "./ModelHead.ts";

/**
 * The head of a classification checkpoint: `prognos_head` in its config.json when a Prognos trainer wrote it;
 * otherwise (a plain Hugging Face folder, e.g. a published CORe head) today's inference — labels from id2label,
 * problem_type from the config (single-label when absent), the pooler when its weights exist, up to 512 word pieces,
 * long notes truncated, threshold 0.5 — and a warning that says so.
 */
export function readModelHead(checkpoint: Checkpoint): { head: ModelHead; warnings: string[] } {
  const file = `${checkpoint.dir}/config.json`;
  const w = checkpoint.headWeights.get("classifier.weight");
  const stored = checkpoint.config.extra[HEAD_KEY];
  if (stored !== undefined) return { head: headFromJson(stored, file, w?.shape[0]), warnings: [] };

  const id2label = checkpoint.config.extra.id2label as Record<string, unknown> | undefined;
  if (!id2label || !w || !checkpoint.headWeights.has("classifier.bias")) {
    throw new PrognosError("not a sequence-classification checkpoint (no classifier weights or no id2label)", {
      file,
    });
  }
  const labels = Object.keys(id2label)
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => ({ name: String(id2label[k]) }));
  if (w.shape[0] !== labels.length)
    throw new PrognosError(`the classifier has ${w.shape[0]} outputs but id2label lists ${labels.length}`, { file });
  const given = checkpoint.config.extra.problem_type;
  if (given !== undefined && given !== "multi_label_classification" && given !== "single_label_classification")
    throw new PrognosError(`problem_type ${JSON.stringify(given)} is not a classification Prognos reads`, { file });
  const problemType = (given as ProblemType | undefined) ?? "single_label_classification";
  const pooler = !checkpoint.report.missing.some((n) => n.startsWith("pooler."));
  const maxLength = Math.min(512, checkpoint.config.max_position_embeddings);
  const head: ModelHead = {
    task: String(checkpoint.config.extra.finetuning_task ?? "unknown"),
    problemType,
    labels,
    pooler,
    pooling: "cls",
    maxLength,
    longNotes: { policy: "truncate" },
    thresholds: defaultThresholds(problemType, labels.length),
  };
  const warning =
    `${file} has no ${HEAD_KEY} (a plain Hugging Face folder): read as ${problemType}` +
    `${given === undefined ? " (config.json gives no problem_type)" : ""} with ${labels.length} labels from id2label, ` +
    `${pooler ? "the pooler (its weights exist)" : "no pooler (no pooler weights)"}, ${maxLength} word pieces ` +
    `(longer notes truncated), threshold 0.5`;
  return { head, warnings: [warning] };
}
