import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { loadCheckpoint } from "../../src/checkpoint/Checkpoint.ts";
import { SafetensorsFile } from "../../src/checkpoint/SafetensorsFile.ts";
import { Engine } from "../../src/engine/Engine.ts";
import { toOnnx } from "../../src/graph/onnxWriter.ts";
import { architectureOf } from "../../src/models/bert/BertEncoderModel.ts";
import { scheduledLr } from "../../src/nn/lrSchedule.ts";
import { buildPretrainAccumulateStep } from "../../src/training/pretraining/buildPretrainStep.ts";
import { PretrainStepRunner } from "../../src/training/pretraining/PretrainStepRunner.ts";
import { batchTotals, type PretrainRow, pretrainFeeds } from "../../src/training/pretraining/pretrainFeeds.ts";
import { pretrainStartWeights } from "../../src/training/pretraining/pretrainStartWeights.ts";
import { saveModelFolder } from "../../src/training/saveFolders.ts";
import { TrainState } from "../../src/training/TrainState.ts";
import { assertClose } from "../helpers/assertClose.ts";

// BertForPreTraining's losses, gradients and a short AdamW run against PyTorch
// (scripts/fixtures/make_pretraining_fixtures.py → test/fixtures/pretraining/): losses ≤ 1e-4, gradients ≤ 1e-5,
// weights after 4 steps within 2·lr·steps and at most 0.1% of them beyond 1e-4 (as the fine-tuning parity test).
const DIR = "test/fixtures/pretraining";
const engine = Engine.create({ threads: 1 });
after(() => engine.release());

interface Data {
  input_ids: number[][];
  token_type_ids: number[][];
  mlm_positions: number[][];
  mlm_targets: number[][];
  nsp_labels: number[];
}
const data = JSON.parse(readFileSync(join(DIR, "data.json"), "utf8")) as Data;
const run = JSON.parse(readFileSync(join(DIR, "run.json"), "utf8")) as {
  lr: number;
  weight_decay: number;
  warmup_steps: number;
  max_steps: number;
  max_grad_norm: number;
  batches: number[][];
};
const rowsOf = (indices: number[]): PretrainRow[] =>
  indices.map((i) => ({
    inputIds: data.input_ids[i]!,
    tokenTypeIds: data.token_type_ids[i]!,
    nspLabel: data.nsp_labels[i]!,
    mlmPositions: data.mlm_positions[i]!,
    mlmTargets: data.mlm_targets[i]!,
  }));

async function readTensors(file: string): Promise<Map<string, Float32Array>> {
  const f = await SafetensorsFile.open(file);
  const out = new Map<string, Float32Array>();
  for (const [name, t] of f.tensors) out.set(name, Float32Array.from((await t.read()).data));
  await f.close();
  return out;
}
const hfName = (n: string) => (n.startsWith("cls.") ? n : `bert.${n}`);

async function runner(objectives: { nsp: boolean; mlm: boolean }, accumulate: boolean, key: string) {
  const checkpoint = await loadCheckpoint(join(DIR, "tiny"));
  const r = await PretrainStepRunner.create(
    {
      arch: architectureOf(checkpoint.config),
      ...objectives,
      optimizer: "adamw",
      weightDecay: run.weight_decay,
      maxGradNorm: run.max_grad_norm,
      hiddenDropout: 0,
      attentionDropout: 0,
    },
    engine,
    { accumulate, padTokenId: 0, seed: 1, key },
  );
  const { weights, initialised } = pretrainStartWeights(checkpoint, r.params, 1);
  assert.deepEqual(initialised, [], "the fixture has every BertForPreTraining weight");
  return { checkpoint, runner: r, state: TrainState.start(r.params, weights) };
}

test("masked-LM and next-sentence losses of a fixed batch equal PyTorch's BertForPreTraining (≤ 1e-4)", async () => {
  const golden = JSON.parse(readFileSync(join(DIR, "expected", "step0.json"), "utf8"));
  const rows = rowsOf(golden.rows);
  const both = await runner({ nsp: true, mlm: true }, false, "parity-both");
  const r = await both.runner.evaluate(both.state, [rows.slice(0, 2), rows.slice(2)]);
  assertClose([r.loss, r.mlmLoss!, r.nspLoss!], [golden.loss, golden.mlm_loss, golden.nsp_loss], 1e-4, "losses");
  const nsp = await runner({ nsp: true, mlm: false }, false, "parity-nsp");
  assertClose([(await nsp.runner.evaluate(nsp.state, [rows])).loss], [golden.nsp_loss], 1e-4, "NSP-only loss");
  const mlm = await runner({ nsp: false, mlm: true }, false, "parity-mlm");
  assertClose([(await mlm.runner.evaluate(mlm.state, [rows])).loss], [golden.mlm_loss], 1e-4, "MLM-only loss");
});

test("the gradient of the first batch equals PyTorch's (tied decoder included, ≤ 1e-5)", async () => {
  const checkpoint = await loadCheckpoint(join(DIR, "tiny"));
  const graph = buildPretrainAccumulateStep({
    arch: architectureOf(checkpoint.config),
    nsp: true,
    mlm: true,
    optimizer: "adamw",
    weightDecay: 0,
    maxGradNorm: 0,
    hiddenDropout: 0,
    attentionDropout: 0,
  });
  const session = await engine.session("parity-grad", () => toOnnx(graph.graph));
  const rows = rowsOf(run.batches[0]!);
  const { feeds } = pretrainFeeds(rows, 0, batchTotals(rows), { nsp: true, mlm: true });
  const { weights } = pretrainStartWeights(checkpoint, graph.params, 1);
  for (const p of graph.params) {
    const w = weights.get(p.name)!.data;
    feeds[p.name] = { dtype: "float32", shape: p.shape, data: w };
    feeds[`acc.${p.name}`] = { dtype: "float32", shape: p.shape, data: new Float32Array(w.length) };
  }
  const out = await session.run(feeds);
  const expected = await readTensors(join(DIR, "expected", "grads_step0.safetensors"));
  assert.equal(graph.params.length, expected.size, "one gradient per BertForPreTraining parameter");
  for (const p of graph.params) {
    assertClose(out[`new_acc.${p.name}`]!.data as Float32Array, expected.get(hfName(p.name))!, 1e-5, `∂/∂${p.name}`);
  }
});

for (const micro of [undefined, 2]) {
  test(`a 4-step AdamW run ends at PyTorch's weights${micro ? " (micro-batches of 2)" : ""}`, async () => {
    const {
      checkpoint,
      runner: r,
      state,
    } = await runner({ nsp: true, mlm: true }, micro !== undefined, `run-${micro}`);
    const log = JSON.parse(readFileSync(join(DIR, "expected", "log.json"), "utf8")).steps as {
      loss: number;
      mlm_loss: number;
      nsp_loss: number;
      lr: number;
      grad_norm: number;
    }[];
    for (const [step, batch] of run.batches.entries()) {
      const rows = rowsOf(batch);
      const chunks = micro ? [rows.slice(0, micro), rows.slice(micro)] : [rows];
      const lr = scheduledLr("linear", run.lr, step, run.warmup_steps, run.max_steps);
      assertClose([lr], [log[step]!.lr], 1e-12, `lr of step ${step + 1}`);
      const out = await r.step(state, chunks, lr);
      assertClose(
        [out.loss, out.mlmLoss!, out.nspLoss!, out.gradNorm],
        [log[step]!.loss, log[step]!.mlm_loss, log[step]!.nsp_loss, log[step]!.grad_norm],
        1e-4,
        `step ${step + 1}: loss, masked-LM loss, next-sentence loss, gradient norm`,
      );
    }
    const expected = await readTensors(join(DIR, "expected", "last.safetensors"));
    let beyond = 0;
    let total = 0;
    for (const p of r.params) {
      const got = state.params.get(p.name)!;
      const want = expected.get(hfName(p.name))!;
      assert.ok(want, `${hfName(p.name)} in PyTorch's weights`);
      // A key bias adds the same amount to every score of a query: its exact gradient is 0, and AdamW turns either
      // engine's rounding noise there into steps of about ±lr. Such weights only have to stay within the bound.
      const keyBias = p.name.endsWith("attention.self.key.bias");
      for (let i = 0; i < got.length; i++) {
        const d = Math.abs(got[i]! - want[i]!);
        total++;
        if (d > 1e-4 && !keyBias) beyond++;
        assert.ok(d <= 2 * run.lr * run.max_steps, `${p.name}[${i}]: |Δ| ${d}`);
      }
    }
    assert.ok(beyond <= 0.001 * total, `${beyond} of ${total} weights beyond 1e-4`);

    // The saved folder has BertForPreTraining's names and shapes as a safetensors save writes them (no tied copies).
    const dir = join(mkdtempSync(join(tmpdir(), "prognos-pretrain-save-")), "model");
    saveModelFolder(dir, checkpoint, r.params, state.params, { run: { test: true } });
    const names = JSON.parse(readFileSync(join(DIR, "names.json"), "utf8")).tensors as {
      name: string;
      shape: number[];
      tied?: string;
    }[];
    const saved = await SafetensorsFile.open(join(dir, "model.safetensors"));
    const got = [...saved.tensors].map(([n, t]) => [n, t.shape]).sort();
    await saved.close();
    const want = names
      .filter((t) => !t.tied)
      .map((t) => [t.name, t.shape])
      .sort();
    assert.deepEqual(got, want);
    const config = JSON.parse(readFileSync(join(dir, "config.json"), "utf8"));
    assert.deepEqual(config.architectures, ["BertForPreTraining"]);
  });
}
