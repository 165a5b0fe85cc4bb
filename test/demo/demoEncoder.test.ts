import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { loadCheckpoint } from "../../src/checkpoint/Checkpoint.ts";
import { DEMO_ENCODER_DIR, describeEncoder } from "../../src/demo/demoEncoder.ts";
import { Engine } from "../../src/engine/Engine.ts";
import { BertEncoderModel } from "../../src/models/bert/BertEncoderModel.ts";
import { readMtSamplesTranscriptions } from "../../src/sources/mtsamples/readMtSamples.ts";
import { BertTokenizer } from "../../src/tokenizer/BertTokenizer.ts";

const dir = DEMO_ENCODER_DIR;

test("the shipped encoder: ≤ 20 MB, a model card that names its weights and says it has no clinical validity", async () => {
  const weights = join(dir, "model.safetensors");
  assert.ok(statSync(weights).size <= 20e6, `${statSync(weights).size} bytes`);
  const card = readFileSync(join(dir, "README.md"), "utf8");
  assert.match(card, /Synthetic data only: no clinical validity/);
  // The card's checksum is the file's: a re-shipped encoder without a re-written card fails here.
  const sha256 = createHash("sha256").update(readFileSync(weights)).digest("hex");
  assert.ok(card.includes(sha256), "model card's sha256 differs from model.safetensors'");
  assert.match(card, /scripts\/ship-demo-encoder\.ts --ablation \S+ --arm (core|mlm)/);
  const e = await describeEncoder(dir);
  assert.deepEqual([e.layers, e.hidden, e.heads, e.positions, e.vocabulary], [2, 128, 4, 256, 30522]);
  assert.ok(e.pretraining !== null && (e.pretraining.objective === "core" || e.pretraining.objective === "mlm"));
  assert.equal(e.parameters * 4 + 50_000 > statSync(weights).size, true, "float32, every tensor counted");
});

test("the shipped encoder loads as BertForPreTraining (encoder, masked-LM and next-sentence heads), nothing missing", async () => {
  const ck = await loadCheckpoint(dir);
  assert.deepEqual(ck.report.missing, []);
  for (const name of ["cls.predictions.bias", "cls.predictions.transform.dense.weight", "cls.seq_relationship.weight"])
    assert.ok(ck.headWeights.has(name), name);
});

// The issue that made the demo ship a pre-trained encoder: its old 100-step encoder mapped unrelated notes to
// [CLS] vectors with cosine similarity 0.99999 (a random initialisation gives 0.99997 on these eight notes). A
// pre-trained encoder tells notes apart; 0.9 leaves room below a constant encoder and above what it measured
// (docs/benchmarks.md, "CORe ablation").
test("the shipped encoder tells unrelated notes apart: mean pairwise [CLS] cosine of 8 MTSamples notes below 0.9", async () => {
  const ck = await loadCheckpoint(dir);
  const { tokenizer } = await BertTokenizer.fromFolder(dir);
  const engine = Engine.create({ threads: 1 });
  try {
    const model = await BertEncoderModel.create(ck, engine);
    const H = ck.config.hidden_size;
    const cls: Float32Array[] = [];
    for (const note of readMtSamplesTranscriptions().slice(0, 8)) {
      const enc = tokenizer.encode(note, { maxLength: 128, truncation: true });
      const out = await model.forward({ inputIds: [enc.inputIds], tokenTypeIds: [enc.tokenTypeIds] });
      cls.push((out.lastHiddenState.data as Float32Array).slice(0, H));
    }
    const cos = (a: Float32Array, b: Float32Array) => {
      let ab = 0;
      let aa = 0;
      let bb = 0;
      for (let i = 0; i < a.length; i++) {
        ab += a[i]! * b[i]!;
        aa += a[i]! ** 2;
        bb += b[i]! ** 2;
      }
      return ab / Math.sqrt(aa * bb);
    };
    let sum = 0;
    let pairs = 0;
    for (let i = 0; i < cls.length; i++)
      for (let j = i + 1; j < cls.length; j++) {
        sum += cos(cls[i]!, cls[j]!);
        pairs++;
      }
    assert.ok(sum / pairs < 0.9, `mean [CLS] cosine ${sum / pairs}`);
  } finally {
    await engine.release();
  }
});
