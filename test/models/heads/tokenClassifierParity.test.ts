import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { loadCheckpoint } from "../../../src/checkpoint/Checkpoint.ts";
import { Engine } from "../../../src/engine/Engine.ts";
import { gradients } from "../../../src/graph/autodiff/gradients.ts";
import { Graph } from "../../../src/graph/Graph.ts";
import { toOnnx } from "../../../src/graph/onnxWriter.ts";
import type { TensorData } from "../../../src/graph/types.ts";
import { architectureOf } from "../../../src/models/bert/BertEncoderModel.ts";
import { declareBertInputs } from "../../../src/models/bert/bertEncoderGraph.ts";
import { tokenClassifier } from "../../../src/models/heads/tokenClassifier.ts";
import { InputParamSource } from "../../../src/nn/InputParamSource.ts";
import { tokenCrossEntropy } from "../../../src/nn/losses.ts";
import { nerFeeds, nerStepGraphs } from "../../../src/training/ner/nerStepGraphs.ts";
import type { NerWindow } from "../../../src/training/ner/nerWindows.ts";
import { StepRunner } from "../../../src/training/StepRunner.ts";
import { TrainState } from "../../../src/training/TrainState.ts";
import { assertClose } from "../../helpers/assertClose.ts";

// Written by scripts/fixtures/make_ner_fixtures.py (PyTorch BertForTokenClassification, CrossEntropyLoss ignore_index=-100).
const FIXTURE = "test/fixtures/ner/token-classifier.json";
const BERT = "test/fixtures/bert/tiny-uncased-gelu";

interface Fixture {
  input_ids: number[][];
  attention_mask: number[][];
  labels: number[][];
  classifier: { weight: number[]; bias: number[] };
  logits: number[];
  loss: number;
  grads: Record<string, number[]>;
}

const fx = JSON.parse(readFileSync(FIXTURE, "utf8")) as Fixture;
const L = 7;

/** The fixture's rows as windows (padding dropped: nerFeeds pads them again with id 0, mask 0). */
const windows: NerWindow[] = fx.input_ids.map((ids, b) => {
  const n = fx.attention_mask[b]!.reduce((s, m) => s + m, 0);
  return { inputIds: ids.slice(0, n), labels: fx.labels[b]!.slice(0, n), firstPiece: [], sentence: b, firstWord: 0 };
});

async function startWeights() {
  const ck = await loadCheckpoint(BERT);
  const w = new Map<string, { data: Float32Array }>([...ck.weights].map(([n, t]) => [n, { data: t.data }]));
  w.set("classifier.weight", { data: Float32Array.from(fx.classifier.weight) });
  w.set("classifier.bias", { data: Float32Array.from(fx.classifier.bias) });
  return { ck, w };
}

test("token classifier: logits, ignore-index loss and gradients match PyTorch's BertForTokenClassification", async () => {
  const { ck, w } = await startWeights();
  const g = new Graph("ner_parity");
  const params = new InputParamSource();
  const logits = tokenClassifier(g, params, architectureOf(ck.config), declareBertInputs(g), { numLabels: L });
  const loss = tokenCrossEntropy(logits, g.input("token_labels", "float32", ["batch", "seq", L]));
  g.output(logits, "logits");
  g.output(loss, "loss");
  const wanted = Object.keys(fx.grads);
  const byName = new Map(params.params.map((p) => [p.name, p]));
  const grads = gradients(
    loss,
    wanted.map((n) => byName.get(n)!.value),
  );
  wanted.forEach((n) => g.output(grads.get(byName.get(n)!.value)!, `grad.${n}`));
  const engine = Engine.create({ threads: 1 });
  try {
    const session = await engine.session("ner-parity", () => toOnnx(g));
    const feeds: Record<string, TensorData> = nerFeeds(windows, L, 0, true).feeds;
    for (const p of params.params) feeds[p.name] = { dtype: "float32", shape: p.shape, data: w.get(p.name)!.data };
    const out = await session.run(feeds);
    assertClose(out.logits!.data as Float32Array, fx.logits, 2e-5, "logits");
    assertClose(out.loss!.data as Float32Array, [fx.loss], 2e-6, "loss");
    for (const n of wanted) assertClose(out[`grad.${n}`]!.data as Float32Array, fx.grads[n]!, 2e-6, `d loss / d ${n}`);
  } finally {
    await engine.release();
  }
});

test("ner train step: the step graph's loss matches PyTorch's, also accumulated over two micro-batches", async () => {
  const { ck, w } = await startWeights();
  const args = {
    arch: architectureOf(ck.config),
    numLabels: L,
    weightDecay: 0,
    maxGradNorm: 0,
    hiddenDropout: 0,
    attentionDropout: 0,
    classifierDropout: 0,
  };
  const engine = Engine.create({ threads: 1 });
  try {
    for (const accumulate of [false, true]) {
      const runner = await StepRunner.fromGraphs(nerStepGraphs(args, 0), engine, {
        accumulate,
        seed: 1,
        key: `p${accumulate}`,
      });
      const state = TrainState.start(runner.params, w);
      const r = await runner.step(state, accumulate ? [[windows[0]!], [windows[1]!]] : [windows], 0);
      // Accumulated: each micro-batch weighted by its share of labelled positions (4 and 2 of 6), as one batch.
      assertClose([r.loss], [fx.loss], 2e-6, `loss (accumulate ${accumulate})`);
      assert.equal(state.step, 1);
    }
  } finally {
    await engine.release();
  }
});
