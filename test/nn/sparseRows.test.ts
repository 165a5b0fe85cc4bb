import assert from "node:assert/strict";
import { test } from "node:test";
import { gradients } from "../../src/graph/autodiff/gradients.ts";
import { Graph } from "../../src/graph/Graph.ts";
import * as T from "../../src/graph/tensorOps.ts";
import { sparseRowsOf } from "../../src/nn/sparseRows.ts";
import { buildTrainStep } from "../../src/training/buildTrainStep.ts";
import { buildPretrainStep } from "../../src/training/pretraining/buildPretrainStep.ts";

const arch = {
  vocabSize: 50,
  hiddenSize: 8,
  numLayers: 1,
  numHeads: 2,
  intermediateSize: 16,
  hiddenAct: "gelu" as const,
  maxPositions: 16,
  typeVocabSize: 2,
  layerNormEps: 1e-12,
};

test("lookup-only tables get row-sparse gradients; a table also used densely does not", () => {
  const g = new Graph("t");
  const table = g.input("table", "float32", [10, 4]);
  const ids = g.input("ids", "int64", ["n"]);
  const w = g.input("w", "float32", [4, 4]);
  const loss = T.reduceSum(T.matMul(T.gather(table, ids), w), [0, 1], false);
  const both = T.add(loss, T.reduceSum(T.matMul(table, w), [0, 1], false));
  const [lookupOnly] = sparseRowsOf(g, [gradients(loss, [table]).get(table)!]);
  assert.ok(lookupOnly);
  assert.equal(lookupOnly.rows.shape[1], 4);
  assert.equal(lookupOnly.indices.shape[1], 1);
  assert.equal(lookupOnly.rows.shape[0], lookupOnly.indices.shape[0], "one row per distinct id");
  const [dense, ofW] = sparseRowsOf(g, [gradients(both, [table]).get(table)!, gradients(loss, [w]).get(w)!]);
  assert.equal(dense, undefined);
  assert.equal(ofW, undefined);
});

test("the classifier's three embedding tables are updated through their rows; the MLM's tied one is not", () => {
  const cls = buildTrainStep({
    arch,
    problemType: "single_label_classification",
    numLabels: 2,
    pooler: true,
    pooling: "cls" as const,
    optimizer: "adamw",
    weightDecay: 0.01,
    maxGradNorm: 1,
    hiddenDropout: 0,
    attentionDropout: 0,
    classifierDropout: 0,
    classWeights: false,
  });
  const scatters = (graph: Graph) =>
    graph.nodes.filter((n) => n.op.type === "ScatterND" && n.attrs.reduction === "add").map((n) => n.outputs[0]!.name);
  // Two row-wise scatter-adds (first and second moment) per embedding table.
  assert.equal(scatters(cls.graph).length, 6);
  const mlm = buildPretrainStep({
    arch,
    nsp: false,
    mlm: true,
    optimizer: "adamw",
    weightDecay: 0.01,
    maxGradNorm: 1,
    hiddenDropout: 0,
    attentionDropout: 0,
  });
  assert.equal(scatters(mlm.graph).length, 4, "position and token-type tables only");
});
