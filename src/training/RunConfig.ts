import { z } from "zod";
import { PrognosError } from "../util/errors.ts";

/**
 * Every option of `prognos train`, with CORe's defaults (docs/core-method.md §4: lr 1e-5, 5,000 warm-up steps,
 * batch 20, max 512 tokens, early stopping on dev AUROC with patience 10 epochs, class weights on). The exact
 * config is saved beside every trained model (run.json) and `--config run.json` replays it.
 */
export const RunConfigSchema = z
  .object({
    /** Hugging Face BERT folder to start from. */
    model: z.string(),
    /** Task folder (Prognos, CORe's files, or train/val/test.csv). */
    task: z.string(),
    /** Run folder: best/, last/, state/, log.jsonl, run.json. */
    out: z.string(),
    problemType: z.enum(["multi_label_classification", "single_label_classification"]).optional(),
    seed: z.number().int().default(42),
    lr: z.number().positive().default(1e-5),
    weightDecay: z.number().min(0).default(0.01),
    optimizer: z.enum(["adamw", "sgd"]).default("adamw"),
    schedule: z.enum(["constant", "linear"]).default("linear"),
    /** Linear warm-up steps (the reference: 5,000). The first update uses lr 0 when > 0, as HF does. */
    warmupSteps: z.number().int().min(0).default(5000),
    /** Optimizer steps; default: epochs × ceil(train rows / batch size). */
    maxSteps: z.number().int().positive().optional(),
    epochs: z.number().int().positive().default(20),
    batchSize: z.number().int().positive().default(20),
    /** Rows per ONNX Runtime call; batchSize is reached by gradient accumulation. Default min(batchSize, 8). */
    microBatchSize: z.number().int().positive().optional(),
    maxLength: z.number().int().min(2).default(512),
    /** Gradient clipping by global norm; 0 = off. */
    maxGradNorm: z.number().min(0).default(1),
    classWeights: z.boolean().default(true),
    /** Dropout override for hidden, attention and classifier dropout; default: the checkpoint's config. */
    dropout: z.number().min(0).max(0.99).optional(),
    shuffle: z.boolean().default(true),
    /** [CLS] through BERT's pooler (as BertForSequenceClassification) or the raw [CLS] state. */
    pooler: z.boolean().default(true),
    patience: z.number().int().positive().default(10),
    /** Evaluate on val every N steps (default: once per epoch). */
    evalEvery: z.number().int().positive().optional(),
    /** Save resumable state every N steps (and at every evaluation). */
    saveEvery: z.number().int().positive().default(50),
    reinitHead: z.boolean().default(false),
    threads: z.number().int().positive().optional(),
  })
  .strict();

export type RunConfig = z.infer<typeof RunConfigSchema>;

export function parseRunConfig(raw: unknown, source: string): RunConfig {
  const r = RunConfigSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new PrognosError(`${source}: option ${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  return r.data;
}
