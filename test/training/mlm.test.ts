import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { loadCheckpoint } from "../../src/checkpoint/Checkpoint.ts";
import { Engine } from "../../src/engine/Engine.ts";
import { BertTokenizer } from "../../src/tokenizer/BertTokenizer.ts";
import { initBertFolder } from "../../src/training/initBertFolder.ts";
import { pretrainMlm } from "../../src/training/MlmPretrainer.ts";
import { saveModelFolder } from "../../src/training/saveFolders.ts";

const engine = Engine.create({ threads: 1 });
after(() => engine.release());

test("masked-LM pre-training from scratch learns a tiny corpus and saves a loadable BertForMaskedLM folder", async () => {
  const dir = mkdtempSync(join(tmpdir(), "prognos-mlm-"));
  const tokDir = "test/fixtures/bert/tiny-uncased-gelu";
  const { tokenizer } = await BertTokenizer.fromFolder(tokDir);
  initBertFolder(
    join(dir, "init"),
    {
      vocab_size: tokenizer.vocabSize,
      hidden_size: 32,
      num_hidden_layers: 2,
      num_attention_heads: 4,
      intermediate_size: 64,
      max_position_embeddings: 64,
    },
    tokDir,
    3,
  );
  const checkpoint = await loadCheckpoint(join(dir, "init"));
  assert.deepEqual(checkpoint.report.missing, []);
  const sentences = ["patient admitted with chest pain.", "patient admitted with fever.", "chest pain with fever."];
  const sequences = sentences.map((s) => tokenizer.encode(s).inputIds);
  const ids = tokenizer.ids;
  const { losses, state, params } = await pretrainMlm(
    checkpoint,
    sequences,
    {
      maskId: ids.mask!,
      padId: ids.pad!,
      vocabSize: tokenizer.vocabSize,
      specialIds: new Set([ids.cls, ids.sep, ids.pad!]),
    },
    { steps: 60, batchSize: 8, lr: 5e-3, warmupSteps: 5, weightDecay: 0.01, seed: 1, maskRate: 0.3, dropout: 0 },
    engine,
  );
  const early = losses.slice(0, 5).reduce((a, b) => a + b, 0) / 5;
  const late = losses.slice(-10).reduce((a, b) => a + b, 0) / 10;
  assert.ok(early > Math.log(tokenizer.vocabSize) * 0.8, `initial loss ${early} should be near ln(vocab)`);
  assert.ok(late < early / 3, `loss should fall: ${early} → ${late}`);
  saveModelFolder(join(dir, "pretrained"), checkpoint, params, state.params, { run: { steps: 60 } });
  const again = await loadCheckpoint(join(dir, "pretrained"));
  assert.deepEqual(again.report.missing, []);
  assert.ok(again.headWeights.has("cls.predictions.bias"));
  const w = again.weights.get("embeddings.word_embeddings.weight")!.data;
  assert.deepEqual(
    Array.from(w.slice(0, 5)),
    Array.from(state.params.get("embeddings.word_embeddings.weight")!.slice(0, 5)),
  );
});
