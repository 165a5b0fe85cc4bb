import { gradients } from "../graph/autodiff/gradients.ts";
import { Graph } from "../graph/Graph.ts";
import * as T from "../graph/tensorOps.ts";
import type { BertArchitecture } from "../models/bert/BertArchitecture.ts";
import { bertClassifier, type Pooling } from "../models/bert/bertClassifier.ts";
import { declareBertInputs } from "../models/bert/bertEncoderGraph.ts";
import type { ParamSource } from "../nn/ParamSource.ts";

/**
 * The gradient of a weighted sum of a classifier's logits with respect to its input word embeddings — what
 * gradient-based explanations (saliency, gradient × input, integrated gradients) are made of. Inputs: the BERT
 * inputs, `output_weights` [batch, labels] (e.g. one-hot on the class to explain) and, with `embedsAsInput`,
 * `inputs_embeds` [batch, seq, hidden] in place of the word-embedding lookup (integrated gradients feeds scaled
 * embeddings). Outputs: `logits`, `inputs_embeds` (the lookup, when computed here) and `embeds_grad`.
 */
export function buildInputGradientGraph(
  params: ParamSource,
  arch: BertArchitecture,
  numLabels: number,
  options: { pooler: boolean; pooling?: Pooling; embedsAsInput?: boolean },
): Graph {
  const g = new Graph("input_gradients");
  const inputs = declareBertInputs(g);
  const embeds = options.embedsAsInput
    ? g.input("inputs_embeds", "float32", ["batch", "seq", arch.hiddenSize])
    : T.gather(
        params.param(g, "embeddings.word_embeddings.weight", [arch.vocabSize, arch.hiddenSize]),
        inputs.inputIds,
      );
  const logits = bertClassifier(
    g,
    params,
    arch,
    { ...inputs, inputsEmbeds: embeds },
    { numLabels, pooler: options.pooler, pooling: options.pooling },
  );
  const weights = g.input("output_weights", "float32", ["batch", numLabels]);
  const objective = T.reduceSum(T.mul(logits, weights), [0, 1], false);
  const grad = gradients(objective, [embeds]).get(embeds)!;
  g.output(logits, "logits");
  if (!options.embedsAsInput) g.output(embeds, "inputs_embeds");
  g.output(grad, "embeds_grad");
  return g;
}
