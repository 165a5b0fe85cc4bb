import assert from "node:assert/strict";
import { test } from "node:test";
import * as ortWeb from "onnxruntime-web";
import { loadCheckpoint } from "../../src/checkpoint/Checkpoint.ts";
import { Engine } from "../../src/engine/Engine.ts";
import { classifierOnnx, paddedBertFeeds } from "../../src/models/bert/BertClassifierModel.ts";
import { readModelHead } from "../../src/models/heads/readModelHead.ts";
import { assertClose } from "../helpers/assertClose.ts";

// The int8 classifier graph (standard ONNX ops, docs/quantization.md) is what the in-browser page ships to
// onnxruntime-web: its wasm build, run here in Node, must load it and give onnxruntime-node's logits.

test("onnxruntime-web (wasm) runs the int8 classifier graph and agrees with onnxruntime-node", async () => {
  const checkpoint = await loadCheckpoint("test/fixtures/bert/tiny-relu-seqcls");
  const { head } = readModelHead(checkpoint);
  const bytes = classifierOnnx(checkpoint, head, true);
  const rows = [
    [2, 17, 40, 99, 3],
    [2, 5, 3],
  ];
  const feeds = paddedBertFeeds(rows, 0);
  const engine = Engine.create({ threads: 1, graphCache: null });
  const node = (await (await engine.session("int8", () => bytes)).run(feeds)).logits!.data as Float32Array;
  await engine.release();
  ortWeb.env.wasm.numThreads = 1;
  const web = await ortWeb.InferenceSession.create(bytes, { executionProviders: ["wasm"] });
  const webFeeds = Object.fromEntries(
    Object.entries(feeds).map(([k, t]) => [k, new ortWeb.Tensor("int64", t.data as BigInt64Array, t.shape)]),
  );
  const out = (await web.run(webFeeds)).logits!.data as Float32Array;
  await web.release();
  assert.equal(out.length, 2 * head.labels.length);
  assertClose(out, node, 1e-5, "onnxruntime-web vs onnxruntime-node");
});
