import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { loadCheckpoint } from "../../src/checkpoint/Checkpoint.ts";
import { Engine } from "../../src/engine/Engine.ts";
import { GraphCache } from "../../src/engine/GraphCache.ts";
import { BertClassifierModel } from "../../src/models/bert/BertClassifierModel.ts";
import { copyFixture, ENCODER_FIXTURE, encode, encodeInChild, removeTempDirs, tempDir } from "./modelCacheSupport.ts";

after(removeTempDirs);

// The on-disk graph cache as the BERT models use it: every output is compared with the same model built
// without a cache (graphCache: null), value for value.

function cacheWithWarnings(): { cache: GraphCache; warnings: string[] } {
  const warnings: string[] = [];
  return { cache: new GraphCache(tempDir("cache"), (m) => warnings.push(m)), warnings };
}

test("two processes filling the cache at once both get the right model, and leave one sound entry", async () => {
  const reference = await encode(ENCODER_FIXTURE, null);
  const dir = tempDir("cache");
  const [a, b] = await Promise.all([encodeInChild(ENCODER_FIXTURE, dir), encodeInChild(ENCODER_FIXTURE, dir)]);
  assert.deepEqual(a.values, reference);
  assert.deepEqual(b.values, reference);
  assert.equal(a.stderr, "");
  assert.equal(b.stderr, "");
  const files = readdirSync(dir).sort();
  assert.equal(files.length, 2, `one graph and its record, no temporary files: ${files.join(", ")}`);
  assert.match(files[0]!, /^bert-encoder-[0-9a-f]{16}-[0-9a-f]{32}\.json$/);
  assert.equal(files[1], files[0]!.replace(/\.json$/, ".onnx"));
  const record = JSON.parse(readFileSync(join(dir, files[0]!), "utf8"));
  assert.equal(statSync(join(dir, files[1]!)).size, record.bytes);
  // A third process reads that entry.
  const c = await encodeInChild(ENCODER_FIXTURE, dir);
  assert.deepEqual(c.values, reference);
  assert.equal(c.stderr, "");
});

test("a changed config.json gets its own graph, not the stale one", async () => {
  const dir = copyFixture(ENCODER_FIXTURE);
  const { cache, warnings } = cacheWithWarnings();
  const before = await encode(dir, cache);
  assert.deepEqual(before, await encode(dir, null));
  const configPath = join(dir, "config.json");
  const config = JSON.parse(readFileSync(configPath, "utf8"));
  config.hidden_act = "relu";
  writeFileSync(configPath, JSON.stringify(config));
  const after = await encode(dir, cache);
  assert.deepEqual(after, await encode(dir, null));
  assert.notDeepEqual(after, before);
  assert.deepEqual(warnings, []);
  assert.equal(readdirSync(cache.dir).length, 2, "the older version of the same folder is removed");
});

test("changed weights get their own graph, even with the old size and modification time restored", async () => {
  const dir = copyFixture(ENCODER_FIXTURE);
  const weights = join(dir, "model.safetensors");
  const stamp = 1_700_000_000; // whole seconds, so that restoring it restores every nanosecond
  utimesSync(weights, stamp, stamp);
  const { cache, warnings } = cacheWithWarnings();
  const before = await encode(dir, cache);
  const { mtimeNs, ino, size } = statSync(weights, { bigint: true });
  scaleTensor(weights, "encoder.layer.1.output.dense.weight", 2);
  utimesSync(weights, stamp, stamp); // as `cp -p` or `rsync -t` over the old file would leave it
  assert.deepEqual(
    [statSync(weights, { bigint: true }).mtimeNs, statSync(weights, { bigint: true }).ino, statSync(weights).size],
    [mtimeNs, ino, Number(size)],
  );
  const after = await encode(dir, cache);
  assert.deepEqual(after, await encode(dir, null));
  assert.notDeepEqual(after, before);
  assert.deepEqual(warnings, []);
});

test("the classifier's cached graph gives the logits of the uncached one", async () => {
  const fixture = "test/fixtures/bert/tiny-relu-seqcls";
  const rows = [
    [2, 10, 11, 12, 3],
    [2, 20, 3],
  ];
  const logits = async (graphCache: GraphCache | null) => {
    const engine = Engine.create({ threads: 1, graphCache });
    try {
      return [...(await (await BertClassifierModel.create(await loadCheckpoint(fixture), engine)).logits(rows))];
    } finally {
      await engine.release();
    }
  };
  const { cache, warnings } = cacheWithWarnings();
  const reference = await logits(null);
  assert.deepEqual(await logits(cache), reference);
  assert.equal(readdirSync(cache.dir).filter((f) => f.startsWith("bert-classifier-")).length, 2);
  assert.deepEqual(await logits(cache), reference);
  assert.deepEqual(warnings, []);
});

/** Multiplies one float32 tensor of a safetensors file in place (the file keeps its size and inode). */
function scaleTensor(path: string, name: string, factor: number): void {
  const bytes = readFileSync(path);
  const headerLength = Number(bytes.readBigUInt64LE(0));
  const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString("utf8"));
  const {
    dtype,
    data_offsets: [start, end],
  } = header[name] as { dtype: string; data_offsets: [number, number] };
  assert.equal(dtype, "F32");
  for (let at = 8 + headerLength + start; at < 8 + headerLength + end; at += 4) {
    bytes.writeFloatLE(bytes.readFloatLE(at) * factor, at);
  }
  writeFileSync(path, bytes);
}
