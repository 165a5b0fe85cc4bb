import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { Checkpoint, loadCheckpoint } from "../../src/checkpoint/Checkpoint.ts";
import { PytorchBinFile } from "../../src/checkpoint/PytorchBinFile.ts";
import { serializeSafetensors } from "../../src/checkpoint/writeSafetensors.ts";
import { assertValues, EXPECTED, type ExpectedBert, fixture, rejectsWith } from "./support.ts";

const scratch = await mkdtemp(join(tmpdir(), "prognos-ckpt-"));
after(() => rm(scratch, { recursive: true, force: true }));

/** A copy of a fixture folder to break in some way. */
async function copyOf(name: string): Promise<string> {
  const dir = await mkdtemp(join(scratch, `${name}-`));
  await cp(fixture(name), dir, { recursive: true });
  return dir;
}

for (const name of ["tiny-bert-cls", "tiny-bert-mlm", "tiny-bert-sharded"]) {
  test(`loadCheckpoint(${name}) gives torch's values under BertModel's names`, async () => {
    const want = EXPECTED[name] as ExpectedBert;
    const ckpt = await loadCheckpoint(fixture(name));
    assert.ok(ckpt instanceof Checkpoint);
    assert.deepEqual([...ckpt.weights.keys()].sort(), Object.keys(want.weights).sort());
    for (const [k, w] of Object.entries(want.weights)) {
      assert.deepEqual(ckpt.weights.get(k)!.shape, w.shape, k);
      assertValues(ckpt.weights.get(k)!.data, w, `${name}:${k}`);
    }
    assert.deepEqual([...ckpt.headWeights.keys()].sort(), Object.keys(want.heads).sort());
    for (const [k, w] of Object.entries(want.heads)) assertValues(ckpt.headWeights.get(k)!.data, w, `${name}:${k}`);
    assert.deepEqual(ckpt.report.missing, want.missing);
    assert.deepEqual([...ckpt.report.unexpected].sort(), Object.keys(want.heads).sort());
    assert.equal(ckpt.config.hidden_size, 8);
  });
}

for (const name of ["tiny-bert-cls", "tiny-bert-mlm", "tiny-bert-sharded"]) {
  test(`loadCheckpoint(${name}, { weights: "on-demand" }): the same report now, the same values on demand`, async () => {
    const eager = await loadCheckpoint(fixture(name));
    const lazy = await loadCheckpoint(fixture(name), { weights: "on-demand" });
    assert.equal(lazy.hasWeights, false);
    assert.deepEqual(lazy.report, eager.report);
    assert.deepEqual(lazy.identity, eager.identity);
    assert.deepEqual(lazy.config, eager.config);
    assert.throws(() => lazy.weights, /the weights were not read .*withWeights\(\)/);
    assert.throws(() => lazy.headWeights, /the weights were not read/);
    const full = await lazy.withWeights();
    assert.equal(full.hasWeights, true);
    assert.deepEqual(full.weights, eager.weights);
    assert.deepEqual(full.headWeights, eager.headWeights);
    assert.equal(await full.withWeights(), full);
  });
}

test("the report words unused and missing weights like Hugging Face", async () => {
  const cls = await loadCheckpoint(fixture("tiny-bert-cls"));
  assert.equal(cls.report.format, "pytorch");
  assert.ok(
    cls.report.warnings.some((w) =>
      w.includes(
        `Some weights of the model checkpoint at ${fixture("tiny-bert-cls")} were not used when initializing BertModel: ['classifier.weight', 'classifier.bias']`,
      ),
    ),
  );
  assert.ok(
    cls.report.warnings.some((w) =>
      /renamed 10 legacy weight names as Hugging Face does \(e\.g\. bert\.embeddings\.LayerNorm\.gamma → bert\.embeddings\.LayerNorm\.weight\)/.test(
        w,
      ),
    ),
  );
  assert.ok(!cls.report.warnings.some((w) => w.includes("position_ids")), "position_ids is ignored silently");
  const mlm = await loadCheckpoint(fixture("tiny-bert-mlm"));
  assert.ok(
    mlm.report.warnings.some((w) =>
      w.includes(
        `Some weights of BertModel were not initialized from the model checkpoint at ${fixture("tiny-bert-mlm")}: ['pooler.dense.weight', 'pooler.dense.bias']`,
      ),
    ),
  );
  assert.ok(mlm.report.warnings.some((w) => /model\.safetensors: converted 44 F16 tensors to float32/.test(w)));
});

test("model.safetensors is preferred over pytorch_model.bin", async () => {
  const dir = await copyOf("tiny-bert-sharded");
  await cp(fixture("tiny-bert-cls", "pytorch_model.bin"), join(dir, "pytorch_model.bin"));
  assert.equal((await loadCheckpoint(dir)).report.format, "safetensors");
});

test("bad folders: one clear error naming the path", async () => {
  await rejectsWith(() => loadCheckpoint(join(scratch, "nope")), /nope: model folder not found/);
  await rejectsWith(() => loadCheckpoint(fixture("tiny-bert-cls", "config.json")), /config\.json: not a folder/);
  const empty = await mkdtemp(join(scratch, "empty-"));
  await rejectsWith(
    () => loadCheckpoint(empty),
    /no config\.json \(or bert_config\.json\) in the model folder \(the folder is empty\)/,
  );
  await writeFile(join(empty, "vocab.txt"), "[PAD]\n");
  await rejectsWith(
    () => loadCheckpoint(empty),
    /no config\.json \(or bert_config\.json\) in the model folder \(found: vocab\.txt\)/,
  );
  await cp(fixture("tiny-bert-cls", "config.json"), join(empty, "config.json"));
  await rejectsWith(
    () => loadCheckpoint(empty),
    /no weight file in the model folder: expected model\.safetensors or pytorch_model\.bin \(found: config\.json, vocab\.txt\)/,
  );
  await writeFile(join(empty, "tf_model.h5"), "");
  await rejectsWith(
    () => loadCheckpoint(empty),
    /TensorFlow 2 \(tf_model\.h5\) weights are not supported: convert them to safetensors/,
  );
});

test("a malformed or unsupported config.json names the file, line or field", async () => {
  const dir = await copyOf("tiny-bert-cls");
  await writeFile(join(dir, "config.json"), '{\n  "hidden_size": 8,\n  "hidden_size": 8\n}');
  await rejectsWith(
    () => loadCheckpoint(dir),
    new RegExp(`${dir}/config\\.json: malformed JSON at line 3, column 3: duplicate key "hidden_size"`),
  );
  await writeFile(join(dir, "config.json"), '{"hidden_size": 8,');
  await rejectsWith(() => loadCheckpoint(dir), /config\.json: malformed JSON at line 1, column 19/);
  const cfg = JSON.parse(readFileSync(fixture("tiny-bert-cls", "config.json"), "utf8"));
  await writeFile(join(dir, "config.json"), JSON.stringify({ ...cfg, position_embedding_type: "relative_key_query" }));
  await rejectsWith(
    () => loadCheckpoint(dir),
    /config\.json: position_embedding_type = "relative_key_query" is not supported/,
  );
  await writeFile(join(dir, "config.json"), JSON.stringify({ ...cfg, hidden_size: 12, num_attention_heads: 2 }));
  await rejectsWith(
    () => loadCheckpoint(dir),
    /pytorch_model\.bin: weight "bert\.embeddings\.word_embeddings\.weight" \(embeddings\.word_embeddings\.weight\) has shape \[20, 8\] but the config needs \[20, 12\]/,
  );
});

test("a corrupt weight file names the file", async () => {
  const dir = await copyOf("tiny-bert-mlm");
  const st = join(dir, "model.safetensors");
  const bytes = readFileSync(st);
  await writeFile(st, bytes.subarray(0, bytes.length - 3));
  await rejectsWith(
    () => loadCheckpoint(dir),
    new RegExp(
      `${st}: invalid safetensors file: tensor ".*" has data_offsets \\[\\d+, \\d+\\] past the end of the \\d+-byte data section`,
    ),
  );
  await writeFile(st, "");
  await rejectsWith(() => loadCheckpoint(dir), /model\.safetensors: invalid safetensors file: only 0 bytes/);
});

test("sharded checkpoints: every tensor must be where the index says; shard names cannot leave the folder", async () => {
  const dir = await copyOf("tiny-bert-sharded");
  const indexPath = join(dir, "model.safetensors.index.json");
  const index = JSON.parse(readFileSync(indexPath, "utf8"));
  const first = Object.keys(index.weight_map)[0]!;
  await writeFile(
    indexPath,
    JSON.stringify({ ...index, weight_map: { ...index.weight_map, [first]: "../../etc/passwd" } }),
  );
  await rejectsWith(
    () => loadCheckpoint(dir),
    /weight_map\["embeddings\.word_embeddings\.weight"\] = "\.\.\/\.\.\/etc\/passwd" is not a file name in this folder/,
  );
  await writeFile(
    indexPath,
    JSON.stringify({ ...index, weight_map: { ...index.weight_map, [first]: "model-00002-of-00002.safetensors" } }),
  );
  await rejectsWith(
    () => loadCheckpoint(dir),
    /tensor "embeddings\.word_embeddings\.weight" is not mapped to this shard/,
  );
  await writeFile(
    indexPath,
    JSON.stringify({ ...index, weight_map: { ...index.weight_map, extra: "model-00003-of-00003.safetensors" } }),
  );
  await rejectsWith(() => loadCheckpoint(dir), /model-00003-of-00003\.safetensors: file not found/);
  await writeFile(indexPath, JSON.stringify({ metadata: {} }));
  await rejectsWith(() => loadCheckpoint(dir), /the shard index has no weight_map object/);
});

test("integer weights are refused by name", async () => {
  const dir = await mkdtemp(join(scratch, "int-"));
  await mkdir(dir, { recursive: true });
  const cfg = JSON.parse(readFileSync(fixture("tiny-bert-cls", "config.json"), "utf8"));
  await writeFile(
    join(dir, "config.json"),
    JSON.stringify({ ...cfg, vocab_size: 4, hidden_size: 1, num_attention_heads: 1 }),
  );
  const st = serializeSafetensors([
    ["embeddings.word_embeddings.weight", { shape: [4, 1], data: new Float32Array(4) }],
  ]);
  // Rewrite the dtype in the header: I32 has the same size as F32.
  await writeFile(
    join(dir, "model.safetensors"),
    Buffer.from(Buffer.from(st).toString("latin1").replace('"F32"', '"I32"'), "latin1"),
  );
  await rejectsWith(
    () => loadCheckpoint(dir),
    /weight "embeddings\.word_embeddings\.weight" has dtype I32; weights must be F32, F16, BF16 or F64/,
  );
});

// The BERT reference fixtures of test/fixtures/bert (written by make_bert_fixtures.py) load too, and the two
// formats of tiny-uncased-gelu give identical weights.
const BERT_FIXTURES = join(import.meta.dirname, "..", "fixtures", "bert");
const bertFolders = existsSync(BERT_FIXTURES)
  ? readdirSync(BERT_FIXTURES).filter((d) => existsSync(join(BERT_FIXTURES, d, "config.json")))
  : [];
for (const name of bertFolders) {
  test(`loads the BERT reference fixture ${name}; unused weights agree with its golden.json`, async () => {
    const dir = join(BERT_FIXTURES, name);
    const ckpt = await loadCheckpoint(dir);
    assert.deepEqual(ckpt.report.missing, []);
    const golden = JSON.parse(readFileSync(join(dir, "golden.json"), "utf8"));
    const file = ckpt.report.file.slice(dir.length + 1);
    const theirs = (golden.unexpected_keys_for_BertModel[file] as string[])
      .filter((k) => !k.endsWith("position_ids"))
      .map((k) => k.replace(/\.gamma$/, ".weight").replace(/\.beta$/, ".bias"));
    assert.deepEqual([...ckpt.report.unexpected].sort(), theirs.sort());
    if (existsSync(join(dir, "pytorch_model.bin")) && file === "model.safetensors") {
      const bin = await PytorchBinFile.open(join(dir, "pytorch_model.bin"));
      for (const [k, w] of ckpt.weights) assert.deepEqual((await bin.tensors.get(k)!.read()).data, w.data, k);
      await bin.close();
    }
  });
}
