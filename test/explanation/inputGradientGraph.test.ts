import assert from "node:assert/strict";
import { after, test } from "node:test";
import { loadCheckpoint } from "../../src/checkpoint/Checkpoint.ts";
import { Engine } from "../../src/engine/Engine.ts";
import { int64Matrix } from "../../src/engine/tensors.ts";
import { buildInputGradientGraph } from "../../src/explanation/inputGradientGraph.ts";
import { toOnnx } from "../../src/graph/onnxWriter.ts";
import type { TensorData } from "../../src/graph/types.ts";
import { architectureOf } from "../../src/models/bert/BertEncoderModel.ts";
import { WeightsParamSource } from "../../src/nn/WeightsParamSource.ts";

const engine = Engine.create({ threads: 1 });
after(() => engine.release());

test("gradient of a class logit w.r.t. the input embeddings matches finite differences", async () => {
  const ck = await loadCheckpoint("test/fixtures/bert/tiny-relu-seqcls");
  const arch = architectureOf(ck.config);
  const weights = new Map([...ck.weights, ...ck.headWeights]);
  const withLookup = buildInputGradientGraph(new WeightsParamSource(weights), arch, 3, { pooler: true });
  const fromEmbeds = buildInputGradientGraph(new WeightsParamSource(weights), arch, 3, {
    pooler: true,
    embedsAsInput: true,
  });
  const s1 = await engine.session("ig-lookup", () => toOnnx(withLookup));
  const s2 = await engine.session("ig-embeds", () => toOnnx(fromEmbeds));
  const ids = [[2, 40, 41, 42, 3]];
  const base: Record<string, TensorData> = {
    input_ids: int64Matrix(ids),
    attention_mask: int64Matrix([[1, 1, 1, 1, 1]]),
    token_type_ids: int64Matrix([[0, 0, 0, 0, 0]]),
    position_ids: int64Matrix([[0, 1, 2, 3, 4]]),
    output_weights: { dtype: "float32", shape: [1, 3], data: Float32Array.of(0, 1, 0) },
  };
  const out = await s1.run(base);
  const embeds = out.inputs_embeds!.data as Float32Array;
  const grad = out.embeds_grad!.data as Float32Array;
  assert.deepEqual(out.embeds_grad!.shape, [1, 5, 16]);
  const logit1 = async (e: Float32Array) =>
    Number(
      (await s2.run({ ...base, inputs_embeds: { dtype: "float32", shape: [1, 5, 16], data: e } }, ["logits"])).logits!
        .data[1],
    );
  // Same logits with the embeddings fed in; then central differences on a spread of coordinates.
  assert.ok(Math.abs((await logit1(embeds)) - Number(out.logits!.data[1])) < 1e-6);
  let checked = 0;
  for (let k = 0; k < embeds.length; k += 7) {
    const up = Float32Array.from(embeds);
    const down = Float32Array.from(embeds);
    up[k]! += 1e-2;
    down[k]! -= 1e-2;
    const numeric = ((await logit1(up)) - (await logit1(down))) / 2e-2;
    assert.ok(
      Math.abs(numeric - grad[k]!) < 2e-3 * Math.max(1, Math.abs(numeric)),
      `coordinate ${k}: ${grad[k]} vs ${numeric}`,
    );
    checked += 1;
  }
  assert.ok(checked > 10);
  assert.ok(
    grad.some((v) => Math.abs(v) > 1e-3),
    "the gradient must not vanish",
  );
});
