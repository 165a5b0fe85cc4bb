import { z } from "zod";
import { PrognosError } from "../util/errors.ts";
import { readJsonFile } from "../util/readJsonFile.ts";

export type BertActivation = "gelu" | "gelu_new" | "relu";

/** The fields that shape BERT's computation; names and defaults are Hugging Face's BertConfig's. */
export interface BertConfigArgs {
  /** Default 30522. */
  vocab_size?: number;
  /** Default 768; must be a multiple of num_attention_heads. */
  hidden_size?: number;
  /** Default 12. */
  num_hidden_layers?: number;
  /** Default 12. */
  num_attention_heads?: number;
  /** Default 3072. */
  intermediate_size?: number;
  /** Default "gelu" (exact erf form); "gelu_new" is the tanh approximation. */
  hidden_act?: BertActivation;
  /** Default 512. */
  max_position_embeddings?: number;
  /** Default 2. */
  type_vocab_size?: number;
  /** Default 1e-12. */
  layer_norm_eps?: number;
  /** Only "absolute" is supported (the default). */
  position_embedding_type?: "absolute";
}

const HF_DEFAULTS = {
  vocab_size: 30522,
  hidden_size: 768,
  num_hidden_layers: 12,
  num_attention_heads: 12,
  intermediate_size: 3072,
  hidden_act: "gelu",
  max_position_embeddings: 512,
  type_vocab_size: 2,
} as const;

const posInt = z.int({ error: "must be a positive integer" }).min(1, { error: "must be a positive integer" });
const off = (what: string) => z.literal(false, { error: `is not supported (${what})` });

/** Supported fields, and fields that change the computation in ways Prognos does not implement (refused). */
const Schema = z.object({
  vocab_size: posInt.optional(),
  hidden_size: posInt.optional(),
  num_hidden_layers: posInt.optional(),
  num_attention_heads: posInt.optional(),
  intermediate_size: posInt.optional(),
  max_position_embeddings: posInt.optional(),
  type_vocab_size: posInt.optional(),
  hidden_act: z
    .enum(["gelu", "gelu_new", "relu"], { error: "is not supported (supported: gelu, gelu_new, relu)" })
    .optional(),
  layer_norm_eps: z
    .number({ error: "must be a positive number" })
    .positive({ error: "must be a positive number" })
    .optional(),
  position_embedding_type: z.literal("absolute", { error: 'is not supported (only "absolute")' }).optional(),
  model_type: z.literal("bert", { error: 'is not supported (only "bert")' }).optional(),
  is_decoder: off("Prognos runs BERT as an encoder").optional(),
  add_cross_attention: off("no cross-attention in an encoder").optional(),
  is_encoder_decoder: off("encoder-decoder models are not supported").optional(),
  chunk_size_feed_forward: z.literal(0, { error: "is not supported (must be 0)" }).optional(),
  pruned_heads: z
    .record(z.string(), z.array(z.int()))
    .refine((o) => Object.keys(o).length === 0, {
      error: "is not supported (pruned attention heads change the weight shapes)",
    })
    .optional(),
  embedding_size: posInt.optional(),
  quantization_config: z.undefined({ error: "is not supported (quantized checkpoints)" }).optional(),
  problem_type: z
    .enum(["regression", "single_label_classification", "multi_label_classification"], {
      error: "is not a known problem_type",
    })
    .nullable()
    .optional(),
  id2label: z.record(z.string(), z.string(), { error: "must map label ids to names" }).optional(),
  label2id: z.record(z.string(), z.int(), { error: "must map label names to ids" }).optional(),
  num_labels: posInt.optional(),
  architectures: z.array(z.string(), { error: "must be a list of class names" }).nullable().optional(),
});

/** Fields that do not change the encoder's computation: kept as they are and written back by toJSON. */
const HARMLESS = new Set([
  "prognos_head", // the head of a Prognos-trained model (models/heads/ModelHead.ts), read by its consumers
  "prognos_quantization", // an int8 model folder written by `prognos quantize` (docs/quantization.md)
  "_name_or_path",
  "_commit_hash",
  "name_or_path",
  "transformers_version",
  "torch_dtype",
  "dtype",
  "initializer_range",
  "use_cache",
  "classifier_dropout",
  "gradient_checkpointing",
  "directionality",
  "output_past",
  "return_dict",
  "torchscript",
  "use_bfloat16",
  "tie_word_embeddings",
  "finetuning_task",
  "tokenizer_class",
  "task_specific_params",
  "prefix",
  "xla_device",
  "tf_legacy_loss",
  "cross_attention_hidden_size",
  "_attn_implementation",
  "attn_implementation",
  "max_length",
  "min_length",
  "do_sample",
  "early_stopping",
  "num_beams",
  "num_beam_groups",
  "diversity_penalty",
  "temperature",
  "top_k",
  "top_p",
  "typical_p",
  "repetition_penalty",
  "length_penalty",
  "no_repeat_ngram_size",
  "encoder_no_repeat_ngram_size",
  "bad_words_ids",
  "num_return_sequences",
  "return_dict_in_generate",
  "remove_invalid_values",
  "exponential_decay_length_penalty",
  "suppress_tokens",
  "begin_suppress_tokens",
  "decoder_start_token_id",
  "label_smoothing",
  "vocab_type",
]);
const HARMLESS_PATTERNS = [/_dropout(_prob)?$/, /^pooler_/, /_token_ids?$/, /^output_/];

export class BertConfig {
  readonly vocab_size: number;
  readonly hidden_size: number;
  readonly num_hidden_layers: number;
  readonly num_attention_heads: number;
  readonly intermediate_size: number;
  readonly hidden_act: BertActivation;
  readonly max_position_embeddings: number;
  readonly type_vocab_size: number;
  readonly layer_norm_eps: number;
  readonly position_embedding_type = "absolute" as const;
  /** Every other field of config.json (architectures, id2label, dropout probabilities…), kept for toJSON. */
  readonly extra: Readonly<Record<string, unknown>>;

  private constructor(fields: Required<BertConfigArgs>, extra: Record<string, unknown>) {
    this.vocab_size = fields.vocab_size;
    this.hidden_size = fields.hidden_size;
    this.num_hidden_layers = fields.num_hidden_layers;
    this.num_attention_heads = fields.num_attention_heads;
    this.intermediate_size = fields.intermediate_size;
    this.hidden_act = fields.hidden_act;
    this.max_position_embeddings = fields.max_position_embeddings;
    this.type_vocab_size = fields.type_vocab_size;
    this.layer_norm_eps = fields.layer_norm_eps;
    this.extra = extra;
  }

  /**
   * Validates a parsed config.json. Unsupported settings that change the computation are refused with a
   * PrognosError naming `file`, the field and its value; unknown fields and Hugging Face defaults applied to
   * missing fields come back as warnings.
   */
  static parse(json: unknown, file = "config.json"): { config: BertConfig; warnings: string[] } {
    if (typeof json !== "object" || json === null || Array.isArray(json)) {
      throw new PrognosError("expected a JSON object", { file });
    }
    const raw = json as Record<string, unknown>;
    const result = Schema.safeParse(raw);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      const field = issue.path.join(".");
      const value = issue.path.length > 0 ? raw[String(issue.path[0])] : raw;
      const shown = value === undefined ? "" : ` = ${JSON.stringify(value)?.slice(0, 200)}`;
      throw new PrognosError(`${field}${shown} ${issue.message}`, { file });
    }
    const c = result.data;
    const warnings: string[] = [];
    const pick = <K extends keyof typeof HF_DEFAULTS>(k: K): (typeof HF_DEFAULTS)[K] => {
      if (c[k] !== undefined) return c[k] as (typeof HF_DEFAULTS)[K];
      warnings.push(`${file}: ${k} is not set; using Hugging Face's default ${JSON.stringify(HF_DEFAULTS[k])}`);
      return HF_DEFAULTS[k];
    };
    const fields: Required<BertConfigArgs> = {
      vocab_size: pick("vocab_size"),
      hidden_size: pick("hidden_size"),
      num_hidden_layers: pick("num_hidden_layers"),
      num_attention_heads: pick("num_attention_heads"),
      intermediate_size: pick("intermediate_size"),
      hidden_act: pick("hidden_act"),
      max_position_embeddings: pick("max_position_embeddings"),
      type_vocab_size: pick("type_vocab_size"),
      layer_norm_eps: c.layer_norm_eps ?? 1e-12,
      position_embedding_type: "absolute",
    };
    if (fields.hidden_size % fields.num_attention_heads !== 0) {
      throw new PrognosError(
        `the hidden size (${fields.hidden_size}) is not a multiple of the number of attention heads (${fields.num_attention_heads})`,
        { file },
      );
    }
    if (c.embedding_size !== undefined && c.embedding_size !== fields.hidden_size) {
      throw new PrognosError(
        `embedding_size = ${c.embedding_size} is not supported (BERT's embeddings have hidden_size ${fields.hidden_size})`,
        { file },
      );
    }
    if (c.id2label && c.num_labels !== undefined && Object.keys(c.id2label).length !== c.num_labels) {
      throw new PrognosError(`num_labels = ${c.num_labels} but id2label has ${Object.keys(c.id2label).length} labels`, {
        file,
      });
    }
    const extra: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(raw)) {
      if (Object.hasOwn(fields, k) || k === "model_type") continue;
      Object.defineProperty(extra, k, { value: v, enumerable: true, writable: true, configurable: true });
      if (!Object.hasOwn(Schema.shape, k) && !HARMLESS.has(k) && !HARMLESS_PATTERNS.some((p) => p.test(k))) {
        warnings.push(`${file}: field ${k} is not used by Prognos' BERT encoder (ignored)`);
      }
    }
    return { config: new BertConfig(fields, extra), warnings };
  }

  /** Reads and validates a config.json file. */
  static async read(path: string): Promise<{ config: BertConfig; warnings: string[] }> {
    return BertConfig.parse(readJsonFile(path), path);
  }

  /** A config from explicit arguments (HF defaults for the rest), validated like config.json. */
  static create(args: BertConfigArgs & Record<string, unknown> = {}): BertConfig {
    const full = { ...HF_DEFAULTS, layer_norm_eps: 1e-12, ...args };
    return BertConfig.parse(full, "BertConfig.create").config;
  }

  /** Size of one attention head: hidden_size / num_attention_heads. */
  get headSize(): number {
    return this.hidden_size / this.num_attention_heads;
  }

  /** Number of classifier outputs, as Hugging Face derives it (id2label, else num_labels, else 2). */
  get numLabels(): number {
    const id2label = this.extra.id2label as Record<string, string> | undefined;
    if (id2label) return Object.keys(id2label).length;
    return (this.extra.num_labels as number | undefined) ?? 2;
  }

  /** The config.json object (keys sorted, like transformers' save_pretrained). */
  toJSON(): Record<string, unknown> {
    const all: Record<string, unknown> = {
      ...this.extra,
      model_type: "bert",
      vocab_size: this.vocab_size,
      hidden_size: this.hidden_size,
      num_hidden_layers: this.num_hidden_layers,
      num_attention_heads: this.num_attention_heads,
      intermediate_size: this.intermediate_size,
      hidden_act: this.hidden_act,
      max_position_embeddings: this.max_position_embeddings,
      type_vocab_size: this.type_vocab_size,
      layer_norm_eps: this.layer_norm_eps,
      position_embedding_type: this.position_embedding_type,
    };
    return Object.fromEntries(
      Object.keys(all)
        .sort()
        .map((k) => [k, all[k]]),
    );
  }
}
