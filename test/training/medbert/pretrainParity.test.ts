/**
 * Med-BERT's pre-training loss (masked codes + prolonged stay pooled over all positions) and its gradient with
 * respect to every parameter equal PyTorch's (scripts/fixtures/medbert_reference.py, float64) on the tiny fixture.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, test } from "node:test";
import { SafetensorsFile } from "../../../src/checkpoint/SafetensorsFile.ts";
import { Engine } from "../../../src/engine/Engine.ts";
import { gradients } from "../../../src/graph/autodiff/gradients.ts";
import { Graph } from "../../../src/graph/Graph.ts";
import { toOnnx } from "../../../src/graph/onnxWriter.ts";
import type { TensorData } from "../../../src/graph/types.ts";
import { medbertFeeds } from "../../../src/models/medbert/MedBertEncoderModel.ts";
import { ENCODER_PREFIX, readMedBertFolder } from "../../../src/models/medbert/MedBertFolder.ts";
import { InputParamSource } from "../../../src/nn/InputParamSource.ts";
import { medbertPretrainLoss } from "../../../src/training/medbert/buildMedBertPretrainStep.ts";
import { assertClose } from "../../helpers/assertClose.ts";

const engine = Engine.create({ threads: 1 });
after(() => engine.release());
const FIXTURE = "test/fixtures/medbert/tiny";

test("pre-training loss, its two terms and every parameter's gradient equal PyTorch's (≤ 1e-5)", async () => {
  const golden = JSON.parse(readFileSync(`${FIXTURE}/golden.json`, "utf8"));
  const model = await readMedBertFolder(FIXTURE);
  const g = new Graph("pretrain-parity");
  const params = new InputParamSource();
  const { loss } = medbertPretrainLoss(g, params, { arch: model.config.arch });
  g.output(loss, "loss");
  const grads = gradients(
    loss,
    params.params.map((p) => p.value),
  );
  for (const p of params.params) g.output(grads.get(p.value)!, `grad.${p.name}`);
  const session = await engine.session("medbert-pretrain-parity", () => toOnnx(g));
  const lengths = golden.lengths as number[];
  const { feeds } = medbertFeeds(model.config.arch, {
    codes: (golden.code_ids as number[][]).map((r, i) => r.slice(0, lengths[i])),
    visits: (golden.visit_ids as number[][]).map((r, i) => r.slice(0, lengths[i])),
  });
  const all = new Map([...model.encoder, ...model.heads]);
  for (const p of params.params) feeds[p.name] = { dtype: "float32", shape: p.shape, data: all.get(p.name)!.data };
  const i64 = (v: number[], shape: number[]): TensorData => ({
    dtype: "int64",
    shape,
    data: BigInt64Array.from(v, BigInt),
  });
  feeds.mlm_positions = i64(golden.mlm_positions, [golden.mlm_positions.length]);
  feeds.mlm_targets = i64(golden.mlm_targets, [golden.mlm_targets.length, 1]);
  feeds.plos_labels = { dtype: "float32", shape: [3, 1], data: Float32Array.from(golden.plos_labels as number[]) };
  const out = await session.run(feeds);
  const o = golden.outputs_f64;
  assertClose([Number(out.loss!.data[0])], [o.loss], 1e-5, "loss");
  assertClose([Number(out.mlm_loss!.data[0])], [o.mlm_loss], 1e-5, "mlm_loss");
  assertClose([Number(out.plos_loss!.data[0])], [o.plos_loss], 1e-5, "plos_loss");
  assertClose(out.plos_logits!.data as Float32Array, (o.plos_logit as number[][]).flat(), 1e-5, "plos_logits");
  const expected = await SafetensorsFile.open(`${FIXTURE}/grads.safetensors`);
  let worst = 0;
  let compared = 0;
  for (const p of params.params) {
    const stored = model.encoder.has(p.name) ? `${ENCODER_PREFIX}${p.name}` : p.name;
    const ref = await expected.tensors.get(stored)!.read();
    worst = Math.max(
      worst,
      assertClose(out[`grad.${p.name}`]!.data as Float32Array, ref.data, 1e-5, `d loss / d ${p.name}`),
    );
    compared++;
  }
  await expected.close();
  assert.equal(compared, model.encoder.size + model.heads.size);
  assert.ok(worst > 0, "gradients identical to the bit is suspicious for float32 vs float64");
});
