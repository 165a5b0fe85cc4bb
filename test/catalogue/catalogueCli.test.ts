// `prognos models`, `prognos datasets` and the catalogue part of `prognos inspect`, through the real CLI.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { BertConfig } from "../../src/checkpoint/BertConfig.ts";
import { bertWeightShapes } from "../../src/checkpoint/bertWeightShapes.ts";
import { serializeSafetensors } from "../../src/checkpoint/writeSafetensors.ts";
import { cased28996 } from "./vocabularies.ts";

const ROOT = join(import.meta.dirname, "..", "..");
function prognos(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, "bin", "prognos.js"), ...args], { cwd: ROOT, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("prognos models: a table, --json, one model by key or hub id, and a clear error for an unknown one", () => {
  const table = prognos("models");
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /^key +hub id +vocabulary +positions +licence +load +embed tune +predict$/m);
  assert.match(
    table.stdout,
    /^huang-clinicalbert +\(not on the hub\) +30522 uncased +512 +none stated +yes +yes +yes +no$/m,
  );
  const json = JSON.parse(prognos("models", "--json").stdout);
  assert.equal(json.read, "2026-12-06");
  assert.equal(
    json.models.find((m: { key: string }) => m.key === "uth-bert").licence,
    "CC BY-NC-SA 4.0 (non-commercial)",
  );
  const one = prognos("models", "emilyalsentzer/Bio_ClinicalBERT");
  assert.match(one.stdout, /^Bio\+Clinical BERT \(Alsentzer et al\., 2019\) \[bio-clinicalbert\]$/m);
  assert.match(one.stdout, /positions +512; pre-trained on sequences of 128/);
  assert.match(one.stdout, /https:\/\/huggingface\.co\/emilyalsentzer\/Bio_ClinicalBERT — model card/);
  const bad = prognos("models", "nope");
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /^prognos: error: models: unknown model 'nope'; known keys: bio-clinicalbert, /m);
});

test("prognos datasets: which reader feeds what, or that none does", () => {
  const table = prognos("datasets");
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /^mimic-iii +mimic3 +sample +MIMIC-III/m);
  assert.match(table.stdout, /^n2c2-i2b2 +none yet +no +n2c2/m);
  const one = JSON.parse(prognos("datasets", "share-clef-2013", "--json").stdout);
  assert.equal(one.dataset.reader, null);
  assert.match(one.dataset.access, /Credentialed Access/);
  assert.equal(prognos("datasets", "x").code, 1);
});

test("inspect on a CORe-shaped folder (cased 28,996-token vocabulary, no tokenizer_config.json, 128 positions)", async () => {
  const dir = mkdtempSync(join(tmpdir(), "prognos-cat-"));
  const cfg = {
    model_type: "bert",
    vocab_size: 28996,
    hidden_size: 4,
    num_hidden_layers: 1,
    num_attention_heads: 1,
    intermediate_size: 4,
    max_position_embeddings: 128,
    type_vocab_size: 2,
  };
  writeFileSync(join(dir, "config.json"), JSON.stringify(cfg));
  const shapes = bertWeightShapes(BertConfig.create(cfg));
  const tensors = [...shapes].map(([name, shape]): [string, { shape: number[]; data: Float32Array }] => [
    name,
    { shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)) },
  ]);
  writeFileSync(join(dir, "model.safetensors"), serializeSafetensors(tensors));
  writeFileSync(join(dir, "vocab.txt"), `${cased28996().join("\n")}\n`);
  const r = prognos("inspect", dir, "--json");
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.equal(report.catalogue.vocabulary.vocabularies[0].key, "bert-base-cased");
  assert.equal(report.catalogue.vocabulary.models.length, 4, "no classifier: the encoders among the six");
  const warnings: string[] = report.warnings;
  assert.ok(warnings.some((w) => /looks cased .* but no tokenizer_config\.json sets do_lower_case/.test(w)));
  assert.ok(warnings.some((w) => /max_position_embeddings is 128: a note is cut after 126 word pieces/.test(w)));
  assert.ok(warnings.some((w) => /pre-trained further on sequences of 128 word pieces only/.test(w)));
  const text = prognos("inspect", dir).stdout;
  assert.match(
    text,
    /^Catalogue \(facts read 2026-12-06\): 28,996 tokens, cased: consistent with .* cannot be told apart/m,
  );
});
