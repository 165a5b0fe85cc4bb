// `prognos inspect` end to end: spawns the real CLI (bin/prognos.js) as a user would.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { EXPECTED, type ExpectedBert, fixture } from "./support.ts";

const ROOT = join(import.meta.dirname, "..", "..");

function prognos(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, "bin", "prognos.js"), ...args], { cwd: ROOT, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("inspect --json prints one JSON object with the architecture, parameter count, files and warnings", () => {
  const r = prognos("inspect", fixture("tiny-bert-cls"), "--json");
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim().split("\n").length, 1);
  const report = JSON.parse(r.stdout);
  const want = EXPECTED["tiny-bert-cls"] as ExpectedBert;
  assert.deepEqual(report.parameters, {
    encoder: want.parameters,
    heads: want.head_parameters,
    total: want.parameters + want.head_parameters,
  });
  assert.equal(report.parameters.encoder, 1592);
  assert.deepEqual(report.architecture, {
    model_type: "bert",
    architectures: ["BertForSequenceClassification"],
    num_hidden_layers: 2,
    hidden_size: 8,
    num_attention_heads: 2,
    head_size: 4,
    intermediate_size: 16,
    hidden_act: "gelu",
    vocab_size: 20,
    max_position_embeddings: 16,
    type_vocab_size: 2,
    layer_norm_eps: 1e-12,
  });
  assert.deepEqual(report.weights.dtypes, { F32: 41, I64: 1 });
  assert.equal(report.weights.format, "pytorch");
  assert.deepEqual(
    report.files.map((f: { name: string; role: string }) => [f.name, f.role]),
    [
      ["config.json", "config"],
      ["pytorch_model.bin", "weights"],
      ["vocab.txt", "tokenizer"],
    ],
  );
  assert.deepEqual(report.heads, ["classifier.weight", "classifier.bias"]);
  assert.deepEqual(report.missing, []);
  assert.ok(
    report.warnings.some((w: string) =>
      /vocab\.txt looks cased \(5 of 20 tokens have capitals\) but no tokenizer_config\.json sets do_lower_case/.test(
        w,
      ),
    ),
  );
  assert.ok(report.warnings.some((w: string) => /were not used when initializing BertModel/.test(w)));
});

test("inspect prints a readable summary: parameters, F16 conversion, missing pooler, sharded files", () => {
  const mlm = prognos("inspect", fixture("tiny-bert-mlm"));
  assert.equal(mlm.code, 0, mlm.stderr);
  assert.match(mlm.stdout, /layers 2, hidden 8, heads 2 \(head size 4\), intermediate 16, activation gelu/);
  assert.match(mlm.stdout, /Parameters: 1,808 \(encoder 1,520, heads 288\)/);
  assert.match(mlm.stdout, /converted 44 F16 tensors to float32/);
  assert.match(
    mlm.stdout,
    /were not initialized from the model checkpoint at .*: \['pooler\.dense\.weight', 'pooler\.dense\.bias'\]/,
  );
  const sharded = prognos("inspect", fixture("tiny-bert-sharded"));
  assert.equal(sharded.code, 0, sharded.stderr);
  assert.match(sharded.stdout, /model\.safetensors\.index\.json \(safetensors, sharded; 39 tensors: F32 39\)/);
  assert.match(sharded.stdout, /model-00001-of-00002\.safetensors +\d+\.\d KB +weights/);
  // Only the catalogue's note on the fixture's 16 positions (docs/catalogue.md#pitfalls).
  assert.match(
    sharded.stdout,
    /Warnings:\n {2}- config\.json: max_position_embeddings is 16: a note is cut after 14 word pieces[^\n]*\n$/,
  );
});

test("a user error prints one line without a stack trace and exits 1", () => {
  for (const [args, pattern] of [
    [["inspect", fixture("no-such-model")], /^prognos: error: .*no-such-model: model folder not found\n$/],
    [
      ["inspect", fixture()],
      /^prognos: error: .*checkpoint: no config\.json \(or bert_config\.json\) in the model folder \(found: .*bf16\.safetensors, /,
    ],
    [["inspect", fixture("hostile_os_system.bin")], /not a folder/],
  ] as Array<[string[], RegExp]>) {
    const r = prognos(...args);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, pattern);
    assert.equal(r.stderr.trim().split("\n").length, 1);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  }
});
