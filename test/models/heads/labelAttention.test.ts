import assert from "node:assert/strict";
import { join } from "node:path";
import { after, test } from "node:test";
import { loadCheckpoint } from "../../../src/checkpoint/Checkpoint.ts";
import { Engine } from "../../../src/engine/Engine.ts";
import { gradients } from "../../../src/graph/autodiff/gradients.ts";
import { Graph } from "../../../src/graph/Graph.ts";
import { toOnnx } from "../../../src/graph/onnxWriter.ts";
import * as T from "../../../src/graph/tensorOps.ts";
import type { TensorData } from "../../../src/graph/types.ts";
import { BertClassifierModel } from "../../../src/models/bert/BertClassifierModel.ts";
import { BertMultiHeadModel } from "../../../src/models/bert/BertMultiHeadModel.ts";
import { labelAttentionLogits } from "../../../src/models/heads/labelAttention.ts";
import { readModelHead } from "../../../src/models/heads/readModelHead.ts";
import { InputParamSource } from "../../../src/nn/InputParamSource.ts";
import { bceWithLogits } from "../../../src/nn/losses.ts";
import { assertClose } from "../../helpers/assertClose.ts";
import { LABEL_ATTENTION_DIR, readLabelAttentionGolden } from "./labelAttentionGolden.ts";

// Label-wise attention (docs/training.md, "Pooling") against PyTorch (scripts/fixtures/make_label_attention_fixtures.py):
// the logits of a tiny BERT with a label-attention head on a padded batch (rows of 24, 9, 7 and 3 word pieces), and
// the gradients of the training loss (BCE with pos_weight) w.r.t. the label queries Q, the classifier's W and b,
// and the last hidden states h, without and with the classifier dropout on h.
const engine = Engine.create({ threads: 1, graphCache: null });
after(() => engine.release());
const golden = readLabelAttentionGolden();
const rows = golden.input_ids.map((ids, r) => ids.filter((_, t) => golden.attention_mask[r]![t] === 1));
const f32 = (shape: number[], data: ArrayLike<number>): TensorData => ({
  dtype: "float32",
  shape,
  data: Float32Array.from(data),
});

test("the fixture's batch is padded, and label attention is far from mean pooling on it", () => {
  assert.deepEqual(
    rows.map((r) => r.length),
    [24, 9, 7, 3],
  );
  assert.ok(golden.max_abs_diff_from_mean_pooling > 0.05, String(golden.max_abs_diff_from_mean_pooling));
});

test("label-attention logits of the saved folder equal PyTorch's; a row alone scores as inside the padded batch", async () => {
  const checkpoint = await loadCheckpoint(join(LABEL_ATTENTION_DIR, "init"));
  const { head } = readModelHead(checkpoint);
  assert.equal(head.pooling, "label-attention");
  const model = await BertClassifierModel.create(checkpoint, engine);
  const logits = await model.logits(rows);
  assertClose(logits, golden.logits, 1e-4, "logits");
  const L = head.labels.length;
  for (const r of [1, 3])
    assertClose(await model.logits([rows[r]!]), logits.slice(r * L, (r + 1) * L), 1e-5, `row ${r}`);
  // The shared-encoder graph (several heads, one encoder pass) applies the same head.
  const multi = await BertMultiHeadModel.create([{ checkpoint, head }], engine);
  assertClose((await multi.logits(rows))[0]!, golden.logits, 1e-4, "multi-head logits");
});

test("a label-attention head without its label queries is refused, naming the file", async () => {
  const checkpoint = await loadCheckpoint(join(LABEL_ATTENTION_DIR, "init"));
  checkpoint.headWeights.delete("classifier.attention.weight");
  await assert.rejects(
    BertClassifierModel.create(checkpoint, engine),
    /model\.safetensors: no classifier\.attention\.weight, but its head reads the notes by label attention/,
  );
});

for (const dropout of [false, true]) {
  test(`gradients w.r.t. Q, W, b and h equal PyTorch's${dropout ? ", with the classifier dropout on h" : ""}`, async () => {
    const [B, S, H] = golden.shape;
    const L = golden.pos_weight.length;
    const g = new Graph("label_attention_grads");
    const params = new InputParamSource();
    const h = g.input("h", "float32", [B, S, H]);
    const mask = g.input("mask", "int64", [B, S]);
    const keep = dropout ? g.input("keep", "bool", [B, S, H]) : undefined;
    const drop = keep
      ? (x: typeof h) => T.where(keep, T.mul(x, 1 / (1 - golden.dropout)), g.scalar(0, "float32"))
      : undefined;
    const logits = labelAttentionLogits(g, params, "classifier", h, mask, H, L, drop);
    const loss = bceWithLogits(logits, g.input("labels", "float32", [B, L]), g.input("pos_weight", "float32", [L]));
    const targets = [...params.params.map((p) => p.value), h];
    const grads = gradients(loss, targets);
    g.output(logits, "logits");
    params.params.forEach((p) => g.output(grads.get(p.value)!, `grad.${p.name}`));
    g.output(grads.get(h)!, "grad.h");
    const session = await engine.session(`label-attention-grads-${dropout}`, () => toOnnx(g));
    const checkpoint = await loadCheckpoint(join(LABEL_ATTENTION_DIR, "init"));
    const feeds: Record<string, TensorData> = {
      h: f32([B, S, H], golden.last_hidden_state),
      mask: { dtype: "int64", shape: [B, S], data: BigInt64Array.from(golden.attention_mask.flat(), BigInt) },
      labels: f32([B, L], golden.labels.flat()),
      pos_weight: f32([L], golden.pos_weight),
    };
    if (keep) feeds.keep = { dtype: "bool", shape: [B, S, H], data: Uint8Array.from(golden.keep) };
    for (const p of params.params) feeds[p.name] = f32(p.shape, checkpoint.headWeights.get(p.name)!.data);
    const out = await session.run(feeds);
    const want = dropout ? golden.grad_dropout : golden.grad;
    assertClose(out.logits!.data as Float32Array, dropout ? golden.logits_dropout : golden.logits, 1e-4, "logits");
    for (const name of ["attention.weight", "weight", "bias"] as const)
      assertClose(out[`grad.classifier.${name}`]!.data as Float32Array, want[name], 1e-5, `grad of classifier.${name}`);
    const dh = out["grad.h"]!.data as Float32Array;
    assertClose(dh, want.last_hidden_state, 1e-5, "grad of h");
    // Padding gets exactly no gradient (its attention weight underflows to 0).
    golden.attention_mask.flat().forEach((m, i) => {
      if (m === 0) for (let k = 0; k < H; k++) assert.equal(dh[i * H + k], 0, `padding position ${i}`);
    });
  });
}
