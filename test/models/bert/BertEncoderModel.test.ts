import assert from "node:assert/strict";
import { after, test } from "node:test";
import { loadCheckpoint } from "../../../src/checkpoint/Checkpoint.ts";
import { Engine } from "../../../src/engine/Engine.ts";
import { BertEncoderModel } from "../../../src/models/bert/BertEncoderModel.ts";
import { BertTokenizer } from "../../../src/tokenizer/BertTokenizer.ts";
import { assertClose } from "../../helpers/assertClose.ts";
import { fixtureNames, folderWithOnly, readGolden } from "./goldenFixtures.ts";

// Parity with the PyTorch reference (HF BertModel semantics) on every fixture and both file formats:
// every position of every row, padding included, within 1e-4.
const TOLERANCE = 1e-4;
const engine = Engine.create({ threads: 1 });
after(() => engine.release());

for (const name of fixtureNames()) {
  const golden = readGolden(name);
  for (const weightFile of Object.keys(golden.weights)) {
    test(`${name} (${weightFile}): last hidden state and pooler match PyTorch on every batch`, async () => {
      const checkpoint = await loadCheckpoint(folderWithOnly(name, weightFile));
      const model = await BertEncoderModel.create(checkpoint, engine);
      assert.equal(model.hasPooler, true);
      for (const batch of golden.batches) {
        const out = await model.forward({
          inputIds: batch.input_ids,
          attentionMask: batch.attention_mask,
          tokenTypeIds: batch.token_type_ids,
        });
        const [b, t, h] = out.lastHiddenState.shape;
        assert.deepEqual([b, t], [batch.input_ids.length, batch.input_ids[0]!.length]);
        assert.equal(h, checkpoint.config.hidden_size);
        const data = out.lastHiddenState.data as Float32Array;
        assert.ok(!data.some(Number.isNaN), `${batch.name}: NaN in the output`);
        assertClose(data, batch.last_hidden_state.flat(2), TOLERANCE, `${name}/${batch.name} last_hidden_state`);
        assertClose(
          out.poolerOutput!.data as Float32Array,
          batch.pooler_output.flat(),
          TOLERANCE,
          `${batch.name} pooler`,
        );
        if (batch.logits) {
          const w = checkpoint.headWeights.get("classifier.weight")!;
          const bias = checkpoint.headWeights.get("classifier.bias")!;
          const pooled = out.poolerOutput!.data as Float32Array;
          const [labels, hidden] = w.shape as [number, number];
          const logits = batch.logits.flatMap((_, r) =>
            Array.from({ length: labels }, (_, l) => {
              let s = bias.data[l]!;
              for (let k = 0; k < hidden; k++) s += pooled[r * hidden + k]! * w.data[l * hidden + k]!;
              return s;
            }),
          );
          assertClose(logits, batch.logits.flat(), TOLERANCE, `${batch.name} logits`);
        }
      }
    });
  }

  test(`${name}: text → tokenizer → encoder matches PyTorch end to end`, async () => {
    const checkpoint = await loadCheckpoint(folderWithOnly(name, Object.keys(golden.weights)[0]!));
    const { tokenizer } = await BertTokenizer.fromFolder(checkpoint.dir);
    const model = await BertEncoderModel.create(checkpoint, engine);
    for (const text of golden.texts) {
      const enc = tokenizer.encode(text.text, { textPair: text.text_pair ?? undefined });
      assert.deepEqual(enc.inputIds, text.input_ids, `ids of "${text.text}"`);
      assert.deepEqual(enc.tokenTypeIds, text.token_type_ids);
      const out = await model.forward({ inputIds: [enc.inputIds], tokenTypeIds: [enc.tokenTypeIds] });
      assertClose(out.lastHiddenState.data as Float32Array, text.last_hidden_state.flat(), TOLERANCE, text.text);
    }
  });
}

test("a batch of rows of different lengths is padded and masked like HF", async () => {
  const golden = readGolden("tiny-uncased-gelu");
  const padded = golden.batches.find((b) => b.name === "padded")!;
  const checkpoint = await loadCheckpoint(folderWithOnly("tiny-uncased-gelu", "model.safetensors"));
  const model = await BertEncoderModel.create(checkpoint, engine);
  // Unpadded rows in, the model pads them itself: real positions must equal the reference.
  const rows = padded.input_ids.map((r, i) =>
    r.slice(
      0,
      padded.attention_mask[i]!.reduce((a, b) => a + b, 0),
    ),
  );
  const out = await model.forward({ inputIds: rows });
  const [, t, h] = out.lastHiddenState.shape as [number, number, number];
  const data = out.lastHiddenState.data as Float32Array;
  rows.forEach((row, i) => {
    const got = data.subarray(i * t * h, (i * t + row.length) * h);
    assertClose(got, padded.last_hidden_state[i]!.slice(0, row.length).flat(), TOLERANCE, `row ${i}`);
  });
});

test("ids outside the vocabulary and sequences over the position limit are refused with the values", async () => {
  const checkpoint = await loadCheckpoint(folderWithOnly("tiny-uncased-gelu", "model.safetensors"));
  const model = await BertEncoderModel.create(checkpoint, engine);
  await assert.rejects(model.forward({ inputIds: [[2, 99999]] }), /token id 99999 is outside the vocabulary \(0…331\)/);
  await assert.rejects(
    model.forward({ inputIds: [Array(65).fill(5)] }),
    /65 tokens exceeds .*max_position_embeddings \(64\)/,
  );
  await assert.rejects(model.forward({ inputIds: [] }), /empty batch/);
});
