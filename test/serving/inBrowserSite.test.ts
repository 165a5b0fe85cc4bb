import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import * as ort from "onnxruntime-node";
import { loadCheckpoint } from "../../src/checkpoint/Checkpoint.ts";
import { Engine } from "../../src/engine/Engine.ts";
import { BertClassifierModel } from "../../src/models/bert/BertClassifierModel.ts";
import { inBrowserSite } from "../../src/serving/web/inBrowserSite.ts";
import { checkSiteManifest } from "../../src/serving/web/siteManifest.ts";
import { BertTokenizer } from "../../src/tokenizer/BertTokenizer.ts";
import { tokenizerSpecFromJson, tokenizerSpecToJson } from "../../src/tokenizer/tokenizerSpecJson.ts";
import { assertClose } from "../helpers/assertClose.ts";

// What `prognos serve --in-browser` ships, and its refusals, without a browser (inBrowser.browser.test.ts runs it).
const SEQCLS = "test/fixtures/bert/tiny-relu-seqcls"; // a plain Hugging Face classifier: no prognos_head
const ENCODER = "test/fixtures/bert/tiny-uncased-gelu"; // an encoder: no classification head at all
const root = mkdtempSync(join(tmpdir(), "prognos-site-"));
after(() => rmSync(root, { recursive: true, force: true }));
const prognos = (...args: string[]) => spawnSync(process.execPath, ["bin/prognos.js", ...args], { encoding: "utf8" });

test("the tokenizer the page builds from JSON gives the same ids as the folder's", async () => {
  const texts = [
    "Patient with CHF; BP 90/60, SpO2 88% — fièvre, naïve café.",
    "[CLS] cough [SEP] [MASK] unknownword1234 北京 ＡＢＣ\ttabs\u0000nul",
    "",
  ];
  for (const dir of ["test/fixtures/tokenizer/bert-base-uncased", "test/fixtures/tokenizer/bert-cased-demo"]) {
    const { tokenizer } = await BertTokenizer.fromFolder(dir);
    const json = JSON.parse(JSON.stringify(tokenizerSpecToJson(tokenizer.spec)));
    const again = new BertTokenizer(tokenizerSpecFromJson(json));
    assert.deepEqual(again.ids, tokenizer.ids);
    assert.equal(again.vocabSize, tokenizer.vocabSize);
    for (const t of texts) assert.deepEqual(again.textToIds(t), tokenizer.textToIds(t), `${dir}: ${t}`);
    assert.ok(!JSON.stringify(json).includes(dir), "no server path in what the page gets");
  }
});

test("the site: the page, onnxruntime-web's files, and per model the graph the server runs, its tokenizer and head", async () => {
  const site = await inBrowserSite([SEQCLS]);
  assert.deepEqual([...site.files.keys()].sort(), [
    "index.html",
    "web/m0/classifier.onnx",
    "web/m0/embeddings.bin",
    "web/m0/explain.onnx",
    "web/m0/tokenizer.json",
    "web/models.json",
    "web/ort/ort-wasm-simd-threaded.mjs",
    "web/ort/ort-wasm-simd-threaded.wasm",
    "web/ort/ort.wasm.min.js",
    "web/prognos-web.js",
  ]);
  assert.equal(site.files.get("web/ort/ort-wasm-simd-threaded.wasm")!.type, "application/wasm");
  const [m] = checkSiteManifest(JSON.parse(site.files.get("web/models.json")!.body() as string));
  assert.equal(m!.name, "tiny-relu-seqcls");
  assert.deepEqual(
    m!.head.labels.map((l) => l.name),
    ["discharged_home", "discharged_other", "died"],
  );
  assert.match(m!.warnings.join("\n"), /has no prognos_head \(a plain Hugging Face folder\)/);
  assert.deepEqual(site.warnings, m!.warnings);
  const html = site.files.get("index.html")!.body() as string;
  assert.match(html, /<script src="web\/ort\/ort\.wasm\.min\.js"><\/script>/);
  assert.match(html, /The note never leaves this device/);
  assert.doesNotMatch(html, /https?:\/\//, "nothing from elsewhere");

  // The shipped classifier is the server's graph: run as it is by ONNX Runtime, the same logits as the server's.
  const bytes = site.files.get("web/m0/classifier.onnx")!.body() as Uint8Array;
  const session = await ort.InferenceSession.create(bytes, { graphOptimizationLevel: "disabled" });
  const ids = [[2, 7, 9, 11, 3]];
  const int64 = (rows: number[][]) => new ort.Tensor("int64", BigInt64Array.from(rows.flat(), BigInt), [1, 5]);
  const feeds: Record<string, ort.Tensor> = {
    input_ids: int64(ids),
    attention_mask: int64([[1, 1, 1, 1, 1]]),
    token_type_ids: int64([[0, 0, 0, 0, 0]]),
    position_ids: int64([[0, 1, 2, 3, 4]]),
  };
  const out = await session.run(Object.fromEntries(session.inputNames.map((n) => [n, feeds[n]!])));
  const engine = Engine.create({ threads: 1, graphCache: null });
  const server = await BertClassifierModel.create(await loadCheckpoint(SEQCLS), engine);
  assertClose(out.logits!.data as Float32Array, await server.logits(ids), 1e-5, "logits");
  await engine.release();
  const table = site.files.get("web/m0/embeddings.bin")!.body() as Uint8Array;
  assert.equal(table.byteLength, 178 * 16 * 4, "vocab × hidden float32");
});

test("checkSiteManifest: a list without models or with a model missing its files is one clear error", () => {
  assert.throws(() => checkSiteManifest({ format: 1, models: [] }), /web\/models\.json: lists no models/);
  assert.throws(() => checkSiteManifest([]), /web\/models\.json: expected \{"format": 1, "models": \[\.\.\.\]\}/);
  const entry = {
    name: "x",
    prognos_head: {
      format: 1,
      task: "t",
      problem_type: "single_label_classification",
      labels: [{ name: "0" }, { name: "1" }],
      pooler: true,
      pooling: "cls",
      max_length: 8,
      long_notes: { policy: "truncate" },
      thresholds: [0.5],
    },
    titles: [null, null],
  };
  assert.throws(
    () => checkSiteManifest({ format: 1, models: [entry] }),
    /web\/models\.json \(model x\): lacks its files/,
  );
  assert.throws(
    () =>
      checkSiteManifest({ format: 1, models: [{ ...entry, prognos_head: { ...entry.prognos_head, thresholds: [] } }] }),
    /web\/models\.json \(model x\): prognos_head\.thresholds: expected 1 number/,
  );
});

test("serve --in-browser: refusals are one line naming the flag or the folder", () => {
  const cases: [string[], RegExp][] = [
    [["--model", SEQCLS, "--static-out", join(root, "s")], /--static-out: only with --in-browser/],
    [["--model", SEQCLS, "--in-browser", "--token", "s3cret-token"], /--token: not with --in-browser/],
    [
      ["--model", ENCODER, "--in-browser", "--static-out", join(root, "e")],
      /tiny-uncased-gelu\/config\.json: not a sequence-classification checkpoint/,
    ],
    [
      ["--model", join(root, "nothing"), "--in-browser", "--static-out", join(root, "n")],
      /nothing: not a model folder/,
    ],
  ];
  for (const [args, want] of cases) {
    const r = prognos("serve", ...args);
    assert.equal(r.status, 1, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, want);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  }
});
