import type { Graph } from "../../graph/Graph.ts";
import * as T from "../../graph/tensorOps.ts";
import type { Value } from "../../graph/Value.ts";
import type { DropoutHooks } from "../../nn/DropoutHooks.ts";
import type { ParamSource } from "../../nn/ParamSource.ts";
import { layerNorm } from "./linear.ts";

/** One embedding table looked up at `ids` (`${prefix}.${name}.weight` [rows, hidden]), or a ready value. */
export type EmbeddingTerm = { name: string; rows: number; ids: Value } | { value: Value };

/**
 * BERT's embedding layer: the terms summed left to right ((a + b) + c, HF's order for word + token type +
 * position), then `${prefix}.LayerNorm` and hidden dropout. The BERT encoder sums word, token-type and position
 * embeddings; Med-BERT's sums code, visit and position (serialization) embeddings (docs/medbert-method.md#model).
 */
export function summedEmbeddings(
  g: Graph,
  params: ParamSource,
  prefix: string,
  terms: readonly EmbeddingTerm[],
  hidden: number,
  eps: number,
  dropout?: DropoutHooks,
): Value {
  const values = terms.map((t) =>
    "value" in t ? t.value : T.gather(params.param(g, `${prefix}.${t.name}.weight`, [t.rows, hidden]), t.ids),
  );
  let x = values.reduce((a, b) => T.add(a, b));
  x = layerNorm(g, params, `${prefix}.LayerNorm`, x, hidden, eps);
  return dropout ? dropout.hidden(x) : x;
}
