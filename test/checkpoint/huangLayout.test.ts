// Huang et al.'s ClinicalBERT layout (docs/catalogue.md#huang-layout): bert_config.json instead of config.json,
// pytorch-pretrained-bert weight names, torch's legacy file format; the fine-tuned folders have no vocab.txt.
// Fixture and reference outputs: scripts/fixtures/make_huang_fixtures.py.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { loadCheckpoint } from "../../src/checkpoint/Checkpoint.ts";
import { inspectCheckpoint } from "../../src/checkpoint/inspectCheckpoint.ts";
import { Engine } from "../../src/engine/Engine.ts";
import { BertEncoderModel } from "../../src/models/bert/BertEncoderModel.ts";
import { BertTokenizer } from "../../src/tokenizer/BertTokenizer.ts";
import { assertClose } from "../helpers/assertClose.ts";
import { fixture } from "./support.ts";

const HUANG = fixture("huang-clinicalbert");
const golden = JSON.parse(readFileSync(join(HUANG, "golden.json"), "utf8")) as {
  texts: Array<{
    text: string;
    text_pair: string | null;
    input_ids: number[];
    token_type_ids: number[];
    last_hidden_state: number[][];
    pooler_output: number[];
    readmission_pooler_output: number[];
    readmission_logit: number[];
  }>;
};
const engine = Engine.create({ threads: 1 });
after(() => engine.release());

test("the pretraining folder (bert_config.json, legacy pytorch_model.bin, vocab.txt) loads and matches PyTorch", async () => {
  const dir = join(HUANG, "pretraining");
  const checkpoint = await loadCheckpoint(dir);
  assert.equal(checkpoint.files.config, join(dir, "bert_config.json"));
  assert.deepEqual(checkpoint.report.missing, []);
  assert.ok(
    checkpoint.report.warnings.some((w) => /gamma/.test(w)),
    "legacy gamma/beta renames are reported",
  );
  const { tokenizer } = await BertTokenizer.fromFolder(dir);
  const model = await BertEncoderModel.create(checkpoint, engine);
  for (const t of golden.texts) {
    const enc = tokenizer.encode(t.text, { textPair: t.text_pair ?? undefined });
    assert.deepEqual(enc.inputIds, t.input_ids, t.text);
    const out = await model.forward({ inputIds: [enc.inputIds], tokenTypeIds: [enc.tokenTypeIds] });
    assertClose(out.lastHiddenState.data as Float32Array, t.last_hidden_state.flat(), 1e-4, t.text);
    assertClose(out.poolerOutput!.data as Float32Array, t.pooler_output, 1e-4, `${t.text} pooler`);
  }
});

test("the discharge_readmission folder loads with its one-logit classifier, whose output matches PyTorch", async () => {
  const checkpoint = await loadCheckpoint(join(HUANG, "discharge_readmission"));
  const w = checkpoint.headWeights.get("classifier.weight")!;
  const b = checkpoint.headWeights.get("classifier.bias")!;
  assert.deepEqual(w.shape, [1, 32]);
  const model = await BertEncoderModel.create(checkpoint, engine);
  const t = golden.texts[0]!;
  const out = await model.forward({ inputIds: [t.input_ids], tokenTypeIds: [t.token_type_ids] });
  const pooled = out.poolerOutput!.data as Float32Array;
  assertClose(pooled, t.readmission_pooler_output, 1e-4, "pooler");
  const logit = pooled.reduce((s, x, i) => s + x * w.data[i]!, b.data[0]!);
  assertClose([logit], t.readmission_logit, 1e-4, "logit");
});

test("inspect names bert_config.json as the config and says the fine-tuned folder has no vocabulary", async () => {
  const pre = await inspectCheckpoint(join(HUANG, "pretraining"));
  assert.deepEqual(
    pre.files.map((f) => [f.name, f.role]),
    [
      ["bert_config.json", "config"],
      ["pytorch_model.bin", "weights"],
      ["vocab.txt", "tokenizer"],
    ],
  );
  const ft = await inspectCheckpoint(join(HUANG, "discharge_readmission"));
  assert.ok(ft.warnings.some((w) => /no vocab\.txt or tokenizer\.json/.test(w)));
  const r = spawnSync(process.execPath, ["bin/prognos.js", "inspect", join(HUANG, "pretraining")], {
    encoding: "utf8",
  });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /bert_config\.json .* config/);
});

test("a folder with neither config.json nor bert_config.json names both", async () => {
  await assert.rejects(loadCheckpoint(fixture("huang-clinicalbert")), /no config\.json \(or bert_config\.json\)/);
});
