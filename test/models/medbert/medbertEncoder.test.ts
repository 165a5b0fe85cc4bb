/**
 * The Med-BERT encoder (src/models/medbert): embeddings and masks on hand-written weights, and forward parity with
 * the PyTorch reference (scripts/fixtures/medbert_reference.py → test/fixtures/medbert/tiny) on the same weights.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, test } from "node:test";
import { Engine } from "../../../src/engine/Engine.ts";
import { Graph } from "../../../src/graph/Graph.ts";
import { toOnnx } from "../../../src/graph/onnxWriter.ts";
import type { MedBertArchitecture } from "../../../src/models/medbert/MedBertConfig.ts";
import { MedBertEncoderModel, medbertFeeds } from "../../../src/models/medbert/MedBertEncoderModel.ts";
import { readMedBertFolder } from "../../../src/models/medbert/MedBertFolder.ts";
import { declareMedBertInputs, medbertEmbeddings } from "../../../src/models/medbert/medbertEncoderGraph.ts";
import { initMedBertWeights, medbertEncoderShapes } from "../../../src/models/medbert/medbertWeights.ts";
import { WeightsParamSource } from "../../../src/nn/WeightsParamSource.ts";
import { assertClose } from "../../helpers/assertClose.ts";

const engine = Engine.create({ threads: 1 });
after(() => engine.release());
const FIXTURE = "test/fixtures/medbert/tiny";

interface Golden {
  code_ids: number[][];
  visit_ids: number[][];
  lengths: number[];
  outputs: Record<string, number[] | number[][] | number[][][]>;
}
const golden = JSON.parse(readFileSync(`${FIXTURE}/golden.json`, "utf8")) as Golden;
const rows = (m: number[][], lengths: number[]) => m.map((r, i) => r.slice(0, lengths[i]));

test("forward parity with the PyTorch Med-BERT on the same weights (last hidden state, pooled output) ≤ 1e-5", async () => {
  const model = await readMedBertFolder(FIXTURE);
  assert.equal(model.config.arch.vocabSize, 30);
  assert.equal(model.heads.size, 7);
  const encoder = await MedBertEncoderModel.create(model, engine);
  const out = await encoder.forward({
    codes: rows(golden.code_ids, golden.lengths),
    visits: rows(golden.visit_ids, golden.lengths),
  });
  assert.deepEqual(out.lastHiddenState.shape, [3, 10, 24]);
  // Every position, padded ones included (torch computes them too: [PAD]'s zero row + visit 0 + position).
  const d1 = assertClose(
    out.lastHiddenState.data as Float32Array,
    (golden.outputs.last_hidden_state as number[][][]).flat(2),
    1e-5,
    "last_hidden_state",
  );
  const d2 = assertClose(
    out.pooledOutput.data as Float32Array,
    (golden.outputs.pooled_output as number[][]).flat(),
    1e-5,
    "pooled_output",
  );
  assert.ok(d1 < 1e-5 && d2 < 1e-5);
});

// A hand-written model of hidden size 4: rows chosen so that each position's sum of code + visit + position rows is
// written out below, and LayerNorm (weight 2, bias 0.5) is computed by hand from it.
const ARCH: MedBertArchitecture = {
  vocabSize: 6,
  hiddenSize: 4,
  numLayers: 1,
  numHeads: 2,
  intermediateSize: 8,
  hiddenAct: "gelu",
  layerNormEps: 1e-12,
  maxPositions: 4,
  maxVisits: 3,
};
function handWeights() {
  const w = initMedBertWeights(medbertEncoderShapes(ARCH), 1, 0.3);
  const set = (name: string, values: number[]) =>
    w.set(name, { shape: w.get(name)!.shape, data: Float32Array.from(values) });
  // code rows 0 ([PAD]) … 5
  set("embeddings.code_embeddings.weight", [0, 0, 0, 0, 9, 9, 9, 9, 5, 5, 5, 5, 1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 3, 0]);
  // visit rows 0 … 2
  set("embeddings.visit_embeddings.weight", [0, 0, 0, 0, 0, 0, 0, 10, 0, 0, 20, 0]);
  // position rows 0 … 3
  set("embeddings.position_embeddings.weight", [0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4]);
  set("embeddings.LayerNorm.weight", [2, 2, 2, 2]);
  set("embeddings.LayerNorm.bias", [0.5, 0.5, 0.5, 0.5]);
  return w;
}

test("embeddings: code + visit + serialization rows summed, then LayerNorm (hand-written weights)", async () => {
  const g = new Graph("emb");
  g.output(medbertEmbeddings(g, new WeightsParamSource(handWeights()), ARCH, declareMedBertInputs(g)), "emb");
  const session = await engine.session("medbert-hand-emb", () => toOnnx(g));
  // row 0: codes 3 4 5 5 in visits 0 0 1 2; row 1: code 4 then padding
  const { feeds } = medbertFeeds(ARCH, { codes: [[3, 4, 5, 5], [4]], visits: [[0, 0, 1, 2], [1]] });
  const out = (await session.run(feeds)).emb!.data as Float32Array;
  const sums = [
    [1, 0, 0, 1], // code 3 [1,0,0,0] + visit 0 + position 0 [0,0,0,1]
    [0, 2, 0, 2], // code 4 + visit 0 + position 1
    [0, 0, 3, 13], // code 5 + visit 1 [0,0,0,10] + position 2
    [0, 0, 23, 4], // code 5 + visit 2 [0,0,20,0] + position 3
    [0, 2, 0, 11], // row 1: code 4 + visit 1 + position 0 ... position 0 is [0,0,0,1]
    [0, 0, 0, 2], // padding: [PAD] (zero row) + visit 0 + position 1
    [0, 0, 0, 3],
    [0, 0, 0, 4],
  ];
  const ln = (v: number[]) => {
    const mean = v.reduce((a, b) => a + b) / 4;
    const variance = v.reduce((a, b) => a + (b - mean) ** 2, 0) / 4;
    return v.map((x) => ((x - mean) / Math.sqrt(variance + 1e-12)) * 2 + 0.5);
  };
  assertClose(out, sums.flatMap(ln), 1e-5, "embeddings");
});

test("masks: padding changes neither the valid positions nor the pooled output (mean over the codes only)", async () => {
  const model = await readMedBertFolder(FIXTURE);
  const encoder = await MedBertEncoderModel.create(model, engine);
  const alone = await encoder.forward({ codes: [[8, 1, 17]], visits: [[0, 0, 1]] });
  const padded = await encoder.forward({
    codes: [
      [8, 1, 17],
      [5, 9, 2, 14, 3, 7, 22, 11],
    ],
    visits: [
      [0, 0, 1],
      [0, 0, 1, 1, 1, 2, 3, 3],
    ],
  });
  const H = 24;
  assertClose(
    (padded.lastHiddenState.data as Float32Array).slice(0, 3 * H),
    alone.lastHiddenState.data as Float32Array,
    1e-6,
    "valid positions",
  );
  assertClose(
    (padded.pooledOutput.data as Float32Array).slice(0, H),
    alone.pooledOutput.data as Float32Array,
    1e-6,
    "pooled",
  );
  // The pooled output is the mean over the codes: a different third code changes it (the mask is not all-or-nothing).
  const other = await encoder.forward({ codes: [[8, 1, 18]], visits: [[0, 0, 1]] });
  const moved = Math.max(
    ...Array.from(other.pooledOutput.data as Float32Array, (x, i) => Math.abs(x - Number(alone.pooledOutput.data[i]))),
  );
  assert.ok(moved > 1e-3, `a different last code moved the pooled output by only ${moved}`);
});

test("input checks: too long, a visit past the table, a code outside the vocabulary", () => {
  assert.throws(
    () => medbertFeeds(ARCH, { codes: [[3, 3, 3, 3, 3]], visits: [[0, 0, 0, 0, 0]] }),
    /5 codes exceeds the model's max_position_embeddings \(4\)/,
  );
  assert.throws(
    () => medbertFeeds(ARCH, { codes: [[3]], visits: [[3]] }),
    /visit index 3 is outside the model's max_visit_embeddings \(0…2\)/,
  );
  assert.throws(
    () => medbertFeeds(ARCH, { codes: [[6]], visits: [[0]] }),
    /code id 6 is outside the vocabulary \(0…5\)/,
  );
});
