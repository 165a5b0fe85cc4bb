/**
 * GRU, Bi-GRU and RETAIN heads (unrolled graph-builder ops): logits, BCE loss and the gradient of every parameter
 * equal PyTorch's (nn.GRU on unpadded sequences; a torch RETAIN; scripts/fixtures/ehr_heads_reference.py) on the
 * same weights, ≤ 1e-5; and the recurrences' gradients equal central finite differences (float64).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, test } from "node:test";
import { SafetensorsFile } from "../../../src/checkpoint/SafetensorsFile.ts";
import { Engine } from "../../../src/engine/Engine.ts";
import { gradients } from "../../../src/graph/autodiff/gradients.ts";
import { Graph } from "../../../src/graph/Graph.ts";
import { toOnnx } from "../../../src/graph/onnxWriter.ts";
import * as T from "../../../src/graph/tensorOps.ts";
import type { Value } from "../../../src/graph/Value.ts";
import { ehrHeadFeeds } from "../../../src/models/ehr/ehrHeadFeeds.ts";
import { declareEhrHeadInputs, type EhrHeadArgs, ehrHeadLogits } from "../../../src/models/ehr/ehrHeadGraph.ts";
import { retain } from "../../../src/models/ehr/retain.ts";
import { gruSteps } from "../../../src/models/layers/gru.ts";
import { InputParamSource } from "../../../src/nn/InputParamSource.ts";
import { bceWithLogits } from "../../../src/nn/losses.ts";
import type { ParamSource } from "../../../src/nn/ParamSource.ts";
import { gradCheck } from "../../graph/autodiff/gradCheck.ts";
import { assertClose } from "../../helpers/assertClose.ts";

const engine = Engine.create({ threads: 1 });
after(() => engine.release());
const DIR = "test/fixtures/medbert";
const fixture = JSON.parse(readFileSync(`${DIR}/heads.json`, "utf8"));

for (const head of ["gru", "bigru", "retain"] as const) {
  test(`${head}: logits, loss and every gradient equal PyTorch's (≤ 1e-5)`, async () => {
    const args: EhrHeadArgs = {
      head,
      maxVisits: fixture.max_visits,
      rnnSize: fixture.rnn_size,
      input: "embeddings",
      vocabSize: fixture.vocab_size,
      embeddingSize: fixture.embedding_size,
    };
    const g = new Graph(`parity-${head}`);
    const params = new InputParamSource();
    const logits = ehrHeadLogits(g, params, args, declareEhrHeadInputs(g, args));
    g.output(logits, "logits");
    const loss = bceWithLogits(logits, g.input("labels", "float32", ["batch", 1]));
    g.output(loss, "loss");
    const grads = gradients(
      loss,
      params.params.map((p) => p.value),
    );
    for (const p of params.params) g.output(grads.get(p.value)!, `grad.${p.name}`);
    const session = await engine.session(`heads-parity-${head}`, () => toOnnx(g));
    const file = await SafetensorsFile.open(`${DIR}/head-${head}.safetensors`);
    const { feeds } = ehrHeadFeeds({ vocabSize: 12, maxPositions: 8, maxVisits: 8 }, 4, {
      codes: fixture.codes,
      visits: fixture.visits,
    });
    for (const p of params.params) {
      const t = await file.tensors.get(p.name)!.read();
      assert.deepEqual(t.shape, p.shape, p.name);
      feeds[p.name] = { dtype: "float32", shape: p.shape, data: t.data };
    }
    feeds.labels = { dtype: "float32", shape: [3, 1], data: Float32Array.from(fixture.labels as number[]) };
    const out = await session.run(feeds);
    const ref = fixture.heads[head];
    assertClose(out.logits!.data as Float32Array, ref.logits, 1e-5, "logits");
    assertClose([Number(out.loss!.data[0])], [ref.loss], 1e-5, "loss");
    let n = 0;
    for (const p of params.params) {
      const expected = await file.tensors.get(`grad.${p.name}`)!.read();
      assertClose(out[`grad.${p.name}`]!.data as Float32Array, expected.data, 1e-5, `d loss / d ${p.name}`);
      n++;
    }
    await file.close();
    assert.equal(n, file.tensors.size / 2);
  });
}

/** Parameters given as graph inputs by name (for gradCheck, which hands the build function its inputs). */
function valueParams(byName: Record<string, Value>): ParamSource {
  return {
    param: (_g, name) => byName[name]!,
    linearWeight: (_g, name) => T.transpose(byName[name]!, [1, 0]),
  };
}

// Batch 2, 3 steps; row 1 has 2 real steps (the third is padding).
const VALID = [1, 1, 1, 1, 1, 0];
for (const reverse of [false, true]) {
  test(`GRU ${reverse ? "backward" : "forward"} direction with padding: gradient = finite differences`, async () => {
    const worst = await gradCheck({
      name: `gru-fd-${reverse}`,
      dtype: "float64",
      inputs: [
        { shape: [2, 3, 3] },
        { shape: [9, 3] },
        { shape: [9, 3] },
        { shape: [9] },
        { shape: [9] },
        { shape: [2, 3], kind: "int", values: VALID },
      ],
      build: (x, wIh, wHh, bIh, bHh, valid) => {
        const { outputs, last } = gruSteps(
          x!,
          T.greater(T.cast(valid!, "float64"), 0.5),
          { wIh: T.transpose(wIh!, [1, 0]), wHh: T.transpose(wHh!, [1, 0]), bIh: bIh!, bHh: bHh! },
          3,
          3,
          reverse,
        );
        return T.concat([...outputs, last], 1);
      },
    });
    assert.ok(worst < 1e-6);
  });
}

test("RETAIN with padding: gradient = finite differences", async () => {
  const names = ["alpha_gru.weight_ih_l0", "alpha_gru.weight_hh_l0", "alpha_gru.bias_ih_l0", "alpha_gru.bias_hh_l0"];
  const betaNames = names.map((n) => n.replace("alpha", "beta"));
  const worst = await gradCheck({
    name: "retain-fd",
    dtype: "float64",
    inputs: [
      { shape: [2, 3, 2] },
      ...[[6, 2], [6, 2], [6], [6]].map((shape) => ({ shape })),
      ...[[6, 2], [6, 2], [6], [6]].map((shape) => ({ shape })),
      { shape: [1, 2] },
      { shape: [1] },
      { shape: [2, 2] },
      { shape: [2] },
      { shape: [2, 3], kind: "int" as const, values: VALID },
    ],
    build: (v, ...rest) => {
      const byName: Record<string, Value> = {};
      [...names, ...betaNames, "alpha.weight", "alpha.bias", "beta.weight", "beta.bias"].forEach((n, i) => {
        byName[`r.${n}`] = rest[i]!;
      });
      const valid = T.greater(T.cast(rest[12]!, "float64"), 0.5);
      const { context, alpha } = retain(v!.graph, valueParams(byName), "r", v!, valid, 2, 2, 3);
      return T.concat([context, alpha], 1);
    },
  });
  assert.ok(worst < 1e-6);
});
