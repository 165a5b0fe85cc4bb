import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { loadCheckpoint } from "../../../src/checkpoint/Checkpoint.ts";
import { SafetensorsFile } from "../../../src/checkpoint/SafetensorsFile.ts";
import type { WeightTensor } from "../../../src/checkpoint/WeightTensor.ts";
import { serializeSafetensors } from "../../../src/checkpoint/writeSafetensors.ts";
import { Engine } from "../../../src/engine/Engine.ts";
import { BertClassifierModel } from "../../../src/models/bert/BertClassifierModel.ts";
import { headToJson, type ModelHead, type Pooling } from "../../../src/models/heads/ModelHead.ts";
import { assertClose } from "../../helpers/assertClose.ts";
import { FIXTURES_DIR, readGolden } from "./goldenFixtures.ts";

// Pooling over the tokens (docs/model-head.md, `pooling`): the classifier's logits equal W·pool(h)+b where h is
// PyTorch's last hidden state of the tiny fixture (golden.json) and pool its mean or element-wise max over the
// row's unmasked tokens, computed here in plain JS. The fixture's "padded" batch has rows of 12, 7 and 3 tokens, so
// a padding position that leaked into the pool would change the answer.
const NAME = "tiny-uncased-gelu";
const root = mkdtempSync(join(tmpdir(), "prognos-pooling-"));
const engine = Engine.create({ threads: 1, graphCache: null });
after(async () => {
  await engine.release();
  rmSync(root, { recursive: true, force: true });
});

const LABELS = 3;
const W = Float32Array.from({ length: LABELS * 32 }, (_, i) => Math.sin(i * 0.37));
const B = Float32Array.from({ length: LABELS }, (_, i) => 0.1 * i - 0.2);

async function folder(pooling: Pooling): Promise<string> {
  const dir = join(root, pooling);
  const src = join(FIXTURES_DIR, NAME);
  mkdirSync(dir, { recursive: true });
  for (const f of ["vocab.txt", "tokenizer_config.json"]) copyFileSync(join(src, f), join(dir, f));
  const head: ModelHead = {
    task: "t",
    problemType: "multi_label_classification",
    labels: Array.from({ length: LABELS }, (_, i) => ({ name: String(i) })),
    pooler: false,
    pooling,
    maxLength: 12,
    longNotes: { policy: "truncate" },
    thresholds: new Array(LABELS).fill(0.5),
  };
  const config = JSON.parse(readFileSync(join(src, "config.json"), "utf8"));
  config.architectures = ["BertForSequenceClassification"];
  config.prognos_head = headToJson(head);
  writeFileSync(join(dir, "config.json"), JSON.stringify(config));
  const f = await SafetensorsFile.open(join(src, "model.safetensors"));
  const tensors: [string, WeightTensor][] = [];
  for (const [n, t] of f.tensors)
    tensors.push([n, { shape: [...t.shape], data: Float32Array.from((await t.read()).data) }]);
  await f.close();
  tensors.push(
    ["classifier.weight", { shape: [LABELS, 32], data: W }],
    ["classifier.bias", { shape: [LABELS], data: B }],
  );
  writeFileSync(join(dir, "model.safetensors"), serializeSafetensors(tensors));
  return dir;
}

/** W·pool(h)+b for each row of the golden batch, pooled over the row's unmasked positions. */
function reference(pooling: "mean" | "max", hidden: number[][][], mask: number[][]): number[] {
  return hidden.flatMap((rows, r) => {
    const kept = rows.filter((_, t) => mask[r]![t] === 1);
    const pooled = Array.from({ length: 32 }, (_, k) =>
      pooling === "max" ? Math.max(...kept.map((h) => h[k]!)) : kept.reduce((s, h) => s + h[k]!, 0) / kept.length,
    );
    return Array.from({ length: LABELS }, (_, l) => pooled.reduce((s, x, k) => s + x * W[l * 32 + k]!, B[l]!));
  });
}

for (const pooling of ["mean", "max"] as const) {
  test(`pooling ${pooling}: logits equal the classifier applied to PyTorch's hidden states pooled over unmasked tokens`, async () => {
    const batch = readGolden(NAME).batches.find((b) => b.name === "padded")!;
    const model = await BertClassifierModel.create(await loadCheckpoint(await folder(pooling)), engine);
    const rows = batch.input_ids.map((ids, r) => ids.filter((_, t) => batch.attention_mask[r]![t] === 1));
    assert.deepEqual(
      rows.map((r) => r.length),
      [12, 7, 3],
    );
    const logits = await model.logits(rows);
    assertClose(logits, reference(pooling, batch.last_hidden_state, batch.attention_mask), 1e-4, pooling);
    // One row alone (no padding at all) gives the same logits as inside the padded batch.
    const alone = await model.logits([rows[2]!]);
    assertClose(alone, logits.slice(2 * LABELS), 1e-5, `${pooling}: row 2 alone`);
  });
}

test("max and mean pooling read the tokens differently (the test above can tell them apart)", () => {
  const batch = readGolden(NAME).batches.find((b) => b.name === "padded")!;
  const a = reference("max", batch.last_hidden_state, batch.attention_mask);
  const b = reference("mean", batch.last_hidden_state, batch.attention_mask);
  assert.ok(a.some((x, i) => Math.abs(x - b[i]!) > 0.05));
});
