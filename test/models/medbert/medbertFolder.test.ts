/** A Med-BERT folder (config.json with model_type "prognos-medbert", model.safetensors, vocab.json): round trip and refusals. */
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { SafetensorsFile } from "../../../src/checkpoint/SafetensorsFile.ts";
import { readMedBertFolder, writeMedBertFolder } from "../../../src/models/medbert/MedBertFolder.ts";

const FIXTURE = "test/fixtures/medbert/tiny";
const root = mkdtempSync(join(tmpdir(), "prognos-medbert-folder-"));
after(() => rmSync(root, { recursive: true, force: true }));

test("a folder written by writeMedBertFolder reads back to the same config, weights and vocabulary", async () => {
  const model = await readMedBertFolder(FIXTURE);
  const dir = join(root, "copy");
  cpSync(FIXTURE, dir, { recursive: true });
  rmSync(join(dir, "grads.safetensors"));
  writeMedBertFolder(dir, model.config, new Map([...model.encoder, ...model.heads]), model.vocab);
  const again = await readMedBertFolder(dir);
  assert.deepEqual(again.config, model.config);
  assert.deepEqual(again.vocab.toJSON(), model.vocab.toJSON());
  for (const [name, w] of model.encoder) assert.deepEqual(again.encoder.get(name), w, name);
  for (const [name, w] of model.heads) assert.deepEqual(again.heads.get(name), w, name);
  const config = JSON.parse(readFileSync(join(dir, "config.json"), "utf8"));
  assert.equal(config.model_type, "prognos-medbert");
  assert.equal(config.max_visit_embeddings, 8);
  const file = await SafetensorsFile.open(join(dir, "model.safetensors"));
  assert.ok(file.tensors.has("medbert.embeddings.code_embeddings.weight"));
  assert.ok(file.tensors.has("cls.plos.weight"));
  await file.close();
});

function broken(name: string, edit: (dir: string) => void): string {
  const dir = join(root, name);
  cpSync(FIXTURE, dir, { recursive: true });
  edit(dir);
  return dir;
}

test("refused with a message naming the file: another model type, a vocabulary of another size, a missing weight", async () => {
  const bert = broken("bert", (d) => {
    const c = JSON.parse(readFileSync(join(d, "config.json"), "utf8"));
    writeFileSync(join(d, "config.json"), JSON.stringify({ ...c, model_type: "bert" }));
  });
  await assert.rejects(
    readMedBertFolder(bert),
    /config.json: config.json "model_type" is "bert", not "prognos-medbert"/,
  );
  const vocab = broken("vocab", (d) => {
    const v = JSON.parse(readFileSync(join(d, "vocab.json"), "utf8"));
    writeFileSync(join(d, "vocab.json"), JSON.stringify(v.slice(0, -1)));
  });
  await assert.rejects(readMedBertFolder(vocab), /vocab.json: 29 codes, but config.json says vocab_size 30/);
  const heads = broken("heads", (d) => {
    const c = JSON.parse(readFileSync(join(d, "config.json"), "utf8"));
    writeFileSync(join(d, "config.json"), JSON.stringify({ ...c, num_attention_heads: 5 }));
  });
  await assert.rejects(
    readMedBertFolder(heads),
    /hidden size \(24\) is not a multiple of the number of attention heads \(5\)/,
  );
  const missing = broken("missing", (d) => rmSync(join(d, "vocab.json")));
  await assert.rejects(readMedBertFolder(missing), /no vocab.json in the Med-BERT folder/);
});
