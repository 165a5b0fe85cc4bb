import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, test } from "node:test";
import { GraphCache } from "../../src/engine/GraphCache.ts";
import { graphCacheEntry } from "../../src/engine/graphCacheEntry.ts";
import { ENCODER_FIXTURE, encode, removeTempDirs, tempDir } from "./modelCacheSupport.ts";

after(removeTempDirs);

let reference: number[];
before(async () => {
  reference = await encode(ENCODER_FIXTURE, null);
});

/** A cache in a fresh folder whose warnings are collected. */
function cacheWithWarnings(): { cache: GraphCache; warnings: string[] } {
  const warnings: string[] = [];
  return { cache: new GraphCache(tempDir("cache"), (m) => warnings.push(m)), warnings };
}

function onlyGraph(cache: GraphCache): string {
  const graphs = readdirSync(cache.dir).filter((f) => f.endsWith(".onnx"));
  assert.equal(graphs.length, 1, `one cached graph in ${cache.dir}: ${graphs.join(", ")}`);
  return join(cache.dir, graphs[0]!);
}

function assertSound(graph: string) {
  const record = JSON.parse(readFileSync(graph.replace(/\.onnx$/, ".json"), "utf8"));
  const bytes = readFileSync(graph);
  assert.equal(bytes.length, record.bytes);
  assert.equal(createHash("sha256").update(bytes).digest("hex"), record.sha256);
}

test("PROGNOS_CACHE names the folder or turns the cache off; the default follows XDG", () => {
  assert.equal(GraphCache.directory({ PROGNOS_CACHE: "off" }), undefined);
  assert.equal(GraphCache.directory({ PROGNOS_CACHE: "OFF" }), undefined);
  assert.equal(GraphCache.directory({ PROGNOS_CACHE: "0" }), undefined);
  assert.equal(GraphCache.fromEnv({ PROGNOS_CACHE: "off" }), undefined);
  assert.equal(GraphCache.directory({ PROGNOS_CACHE: "rel/cache" }), resolve("rel/cache"));
  assert.equal(GraphCache.directory({ PROGNOS_CACHE: "/x/y", XDG_CACHE_HOME: "/c" }), "/x/y");
  assert.equal(GraphCache.directory({ XDG_CACHE_HOME: "/c" }), "/c/prognos");
  assert.equal(GraphCache.directory({ XDG_CACHE_HOME: "relative" }), join(homedir(), ".cache", "prognos"));
  assert.equal(GraphCache.directory({}), join(homedir(), ".cache", "prognos"));
});

test("the test suite does not write into the user's cache", () => {
  const dir = GraphCache.directory();
  assert.ok(dir === undefined || !dir.startsWith(join(homedir(), ".cache")), `PROGNOS_CACHE is ${dir}`);
});

test("a cached graph gives the outputs of the uncached model, and a hit rewrites nothing", async () => {
  const { cache, warnings } = cacheWithWarnings();
  assert.deepEqual(await encode(ENCODER_FIXTURE, cache), reference);
  const graph = onlyGraph(cache);
  assertSound(graph);
  const written = statSync(graph);
  assert.deepEqual(await encode(ENCODER_FIXTURE, cache), reference);
  assert.equal(statSync(graph).mtimeMs, written.mtimeMs);
  assert.equal(statSync(graph).ino, written.ino);
  assert.deepEqual(warnings, []);
});

test("a truncated cached graph is detected, reported in one line and rebuilt", async () => {
  const { cache, warnings } = cacheWithWarnings();
  await encode(ENCODER_FIXTURE, cache);
  const graph = onlyGraph(cache);
  truncateSync(graph, Math.floor(statSync(graph).size / 2));
  assert.deepEqual(await encode(ENCODER_FIXTURE, cache), reference);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /cached graph is truncated or damaged .* rebuilding it$/);
  assert.ok(!warnings[0]!.includes("\n"));
  assertSound(graph);
  assert.deepEqual(await encode(ENCODER_FIXTURE, cache), reference);
  assert.equal(warnings.length, 1, "the rebuilt graph is a hit");
});

test("a damaged byte (same length) fails the checksum and is rebuilt", async () => {
  const { cache, warnings } = cacheWithWarnings();
  await encode(ENCODER_FIXTURE, cache);
  const graph = onlyGraph(cache);
  const bytes = readFileSync(graph);
  // A byte inside the weights: the graph still parses, the values would be wrong.
  bytes[Math.floor(bytes.length * 0.6)]! ^= 0x40;
  writeFileSync(graph, bytes);
  assert.deepEqual(await encode(ENCODER_FIXTURE, cache), reference);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /SHA-256 does not match/);
  assertSound(graph);
});

test("a damaged record, or a record without its graph, is rebuilt", async () => {
  const { cache, warnings } = cacheWithWarnings();
  await encode(ENCODER_FIXTURE, cache);
  const graph = onlyGraph(cache);
  writeFileSync(graph.replace(/\.onnx$/, ".json"), '{"format": "prognos-graph-cache/1", "bytes":');
  assert.deepEqual(await encode(ENCODER_FIXTURE, cache), reference);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /damaged model cache record/);
  assertSound(graph);
  rmSync(graph); // as if another process were between writing the record and the graph: a plain miss
  assert.deepEqual(await encode(ENCODER_FIXTURE, cache), reference);
  assert.equal(warnings.length, 1);
  assertSound(graph);
});

test("a graph that matches its record but ONNX Runtime cannot load is rebuilt", async () => {
  const { cache, warnings } = cacheWithWarnings();
  await encode(ENCODER_FIXTURE, cache);
  const graph = onlyGraph(cache);
  const junk = Buffer.from("not an ONNX model");
  writeFileSync(graph, junk);
  const recordPath = graph.replace(/\.onnx$/, ".json");
  const record = JSON.parse(readFileSync(recordPath, "utf8"));
  record.bytes = junk.length;
  record.sha256 = createHash("sha256").update(junk).digest("hex");
  writeFileSync(recordPath, JSON.stringify(record));
  assert.deepEqual(await encode(ENCODER_FIXTURE, cache), reference);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /ONNX Runtime could not load the cached graph .*; rebuilt it$/);
  assert.ok(!warnings[0]!.includes("\n"));
  assertSound(graph);
});

test("a cache folder that cannot be written is one warning; the model is still right", async () => {
  const blocker = join(tempDir("cache"), "a-file");
  writeFileSync(blocker, "");
  const warnings: string[] = [];
  const cache = new GraphCache(join(blocker, "cache"), (m) => warnings.push(m));
  assert.deepEqual(await encode(ENCODER_FIXTURE, cache), reference);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /cannot write the model cache in .* \(ENOTDIR\); continuing without it/);
});

test("storing a graph removes older versions, entries of deleted model folders, stale temporary files; nothing else", async () => {
  const { cache } = cacheWithWarnings();
  const entry = graphCacheEntry("test-graph", "/models/a", { v: 2 });
  const older = `${entry.slot}-${"0".repeat(32)}`;
  const kept = graphCacheEntry("test-graph", tempDir("model"), { v: 1 });
  const orphan = graphCacheEntry("test-graph", join(tempDir("model"), "deleted"), { v: 1 });
  const record = (source: string) => JSON.stringify({ format: "prognos-graph-cache/1", source });
  const files: [string, string][] = [
    [`${older}.onnx`, "x"],
    [`${older}.json`, record("/models/a")],
    [`${kept.name}.onnx`, "x"],
    [`${kept.name}.json`, record(kept.source)],
    [`${orphan.name}.onnx`, "x"],
    [`${orphan.name}.json`, record(orphan.source)],
    ["notes.txt", "x"],
    [`.${older}.onnx.123.abcdef01.tmp`, "x"],
    [`.${older}.onnx.124.abcdef02.tmp`, "x"],
  ];
  for (const [f, text] of files) writeFileSync(join(cache.dir, f), text);
  const hoursAgo = new Date(Date.now() - 2 * 3600e3);
  utimesSync(join(cache.dir, `.${older}.onnx.123.abcdef01.tmp`), hoursAgo, hoursAgo);
  await cache.store(entry, new Uint8Array([1, 2, 3]));
  assert.deepEqual(
    readdirSync(cache.dir).sort(),
    [
      `.${older}.onnx.124.abcdef02.tmp`,
      `${entry.name}.json`,
      `${entry.name}.onnx`,
      `${kept.name}.json`,
      `${kept.name}.onnx`,
      "notes.txt",
    ].sort(),
  );
  assert.equal(await cache.lookup(entry), cache.graphPath(entry));
  assert.deepEqual([...readFileSync(cache.graphPath(entry))], [1, 2, 3]);
});
