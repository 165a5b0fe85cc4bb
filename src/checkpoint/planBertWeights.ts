import { PrognosError } from "../util/errors.ts";
import type { BertConfig } from "./BertConfig.ts";
import { bertHeadShapes, bertWeightShapes } from "./bertWeightShapes.ts";
import { formatShape } from "./WeightTensor.ts";

/** How the tensors of a checkpoint map onto BertModel, decided from names and shapes alone (no data read). */
export interface BertWeightPlan {
  /** Canonical BertModel name → name in the file, in BertModel's order. */
  encoder: Map<string, string>;
  /** Head weight (`classifier.*`, `cls.*`, without the `bert.` prefix) → name in the file. */
  heads: Map<string, string>;
  /** BertModel weights the file lacks (canonical names), e.g. the pooler of a BertForMaskedLM checkpoint. */
  missing: string[];
  /** Tensors BertModel does not use, as Hugging Face lists them (legacy names already renamed); includes heads. */
  unexpected: string[];
  /** Legacy names renamed like Hugging Face does: [name in the file, new name]. */
  renamed: Array<[string, string]>;
}

const PREFIX = "bert.";
/** Buffers Hugging Face ignores silently when present in a checkpoint. */
const IGNORED = new Set(["embeddings.position_ids"]);
const HEAD = /^(classifier|cls)\./;

/**
 * Maps checkpoint names onto Hugging Face BertModel's, like `from_pretrained` does: legacy `.gamma`/`.beta`
 * become `.weight`/`.bias`; when any name starts with `bert.` (BertForSequenceClassification, BertForPreTraining,
 * BertForMaskedLM) that prefix is stripped and the rest (the heads) are unexpected; `embeddings.position_ids` is
 * ignored. Every weight's shape is checked against the config: a mismatch throws a PrognosError naming the
 * tensor, the expected and the actual shape.
 */
export function planBertWeights(
  tensors: ReadonlyMap<string, { readonly shape: readonly number[] }>,
  config: BertConfig,
  file: string,
): BertWeightPlan {
  const renamed: Array<[string, string]> = [];
  const fixed = new Map<string, string>(); // fixed name → file name
  for (const name of tensors.keys()) {
    let key = name;
    if (key.endsWith(".gamma")) key = `${key.slice(0, -".gamma".length)}.weight`;
    else if (key.endsWith(".beta")) key = `${key.slice(0, -".beta".length)}.bias`;
    if (key !== name) renamed.push([name, key]);
    const other = fixed.get(key);
    if (other !== undefined) {
      throw new PrognosError(`tensors "${other}" and "${name}" both map to weight "${key}"`, { file });
    }
    fixed.set(key, name);
  }

  const hasPrefix = [...fixed.keys()].some((k) => k.startsWith(PREFIX));
  const expected = bertWeightShapes(config);
  const encoder = new Map<string, string>();
  const heads = new Map<string, string>();
  const unexpected: string[] = [];
  for (const [key, name] of fixed) {
    const inner = hasPrefix && key.startsWith(PREFIX) ? key.slice(PREFIX.length) : hasPrefix ? undefined : key;
    if (inner !== undefined && IGNORED.has(inner)) continue;
    if (inner !== undefined && expected.has(inner)) {
      encoder.set(inner, name);
      continue;
    }
    unexpected.push(key);
    if (HEAD.test(key)) heads.set(key, name);
  }

  const shapeOf = (name: string) => tensors.get(name)!.shape;
  const check = (canonical: string, name: string, want: readonly number[]) => {
    const got = shapeOf(name);
    if (got.length !== want.length || got.some((d, i) => d !== want[i])) {
      const alias = canonical === name ? "" : ` (${canonical})`;
      throw new PrognosError(
        `weight "${name}"${alias} has shape ${formatShape(got)} but the config needs ${formatShape(want)} ` +
          `(hidden_size ${config.hidden_size}, intermediate_size ${config.intermediate_size}, vocab_size ${config.vocab_size}, ` +
          `max_position_embeddings ${config.max_position_embeddings}, type_vocab_size ${config.type_vocab_size})`,
        { file },
      );
    }
  };
  const ordered = new Map<string, string>();
  const missing: string[] = [];
  for (const [canonical, want] of expected) {
    const name = encoder.get(canonical);
    if (name === undefined) missing.push(canonical);
    else {
      check(canonical, name, want);
      ordered.set(canonical, name);
    }
  }
  // The classifier's label count comes from the config when it says, else from the file (HF's default is 2).
  const labelsSet = config.extra.id2label !== undefined || config.extra.num_labels !== undefined;
  const fileLabels = heads.has("classifier.weight") ? shapeOf(heads.get("classifier.weight")!)[0] : undefined;
  const headShapes = bertHeadShapes(config, labelsSet ? config.numLabels : (fileLabels ?? config.numLabels));
  for (const [key, name] of heads) {
    const want = headShapes.get(key);
    if (want) check(key, name, want);
  }
  return { encoder: ordered, heads, missing, unexpected, renamed };
}
