/**
 * `prognos ehr pretrain` on `prognos synth ehr` output: it learns (masked-code accuracy beats always guessing the
 * most frequent code), a run is deterministic, and a run killed midway and resumed ends at the same weights, bit for
 * bit; its outputs are a loadable Med-BERT folder with the log and the config.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { main } from "../../../src/cli/main.ts";
import { Engine } from "../../../src/engine/Engine.ts";
import { readMedBertFolder } from "../../../src/models/medbert/MedBertFolder.ts";
import { buildEhrDataset } from "../../../src/tasks/ehr/buildEhrDataset.ts";
import { MedBertPretrainer } from "../../../src/training/medbert/MedBertPretrainer.ts";
import { type PretrainConfig, pretrainConfig } from "../../../src/training/medbert/PretrainConfig.ts";
import { loadPretrainData } from "../../../src/training/medbert/pretrainData.ts";
import { assertRefused } from "../../helpers/assertRefused.ts";

const root = mkdtempSync(join(tmpdir(), "prognos-medbert-pretrain-"));
const data = join(root, "pretrain");
const engine = Engine.create({ threads: 2 });
after(async () => {
  await engine.release();
  rmSync(root, { recursive: true, force: true });
});
before(async () => {
  const source = join(root, "omop");
  assert.equal(await main(["synth", "ehr", "--patients", "1000", "--seed", "21", "--out", source, "--no-progress"]), 0);
  await buildEhrDataset({ source: "omop", dir: source, cohort: "pretrain", out: data });
});

const TINY = { hiddenSize: 32, layers: 2, heads: 2, intermediateSize: 32, maxPositions: 64 };

async function pretrain(out: string, fields: Partial<PretrainConfig>, onStep?: (step: number) => void) {
  const config = pretrainConfig({ data: [data], out, ...TINY, ...fields });
  const loaded = await loadPretrainData(config.data, config.minCount, config.maxPositions);
  return new MedBertPretrainer(config, loaded, engine).run((e) => onStep?.(e.step));
}

test("pre-training beats always guessing the most frequent code on masked codes (synthetic EHR)", async () => {
  const out = join(root, "learn");
  const { evals } = await pretrain(out, { mask: "rate", epochs: 20, lr: 3e-3, dropout: 0 });
  const last = evals.at(-1)!;
  assert.ok(last.val_masked > 300, `${last.val_masked} masked val codes`);
  assert.ok(
    last.val_mlm_accuracy > last.val_mlm_majority_accuracy + 0.03,
    `val masked-code accuracy ${last.val_mlm_accuracy} vs most frequent code ${last.val_mlm_majority_accuracy}`,
  );
  assert.ok(last.val_mlm_loss < evals[0]!.val_mlm_loss, "val masked-code loss fell");
  assert.ok(last.val_plos_auroc !== null && last.val_plos_auroc > 0.7, `prolonged-stay AUROC ${last.val_plos_auroc}`);
  const model = await readMedBertFolder(out);
  assert.equal(model.config.arch.hiddenSize, 32);
  assert.equal(model.heads.size, 7);
  const record = model.config.extra.prognos_pretraining as { data: { sourceDir: string; splitSeed: number }[] };
  assert.equal(record.data[0]!.splitSeed, 0);
  const log = readFileSync(join(out, "log.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  assert.ok(log.some((l) => "val_mlm_majority_accuracy" in l));
  assert.ok(existsSync(join(out, "run.json")));
});

test("deterministic, and --resume after a kill ends at the same weights bit for bit", async () => {
  const fields = { mask: "one" as const, maxSteps: 12, saveEvery: 5, evalEvery: 6, lr: 1e-3, dropout: 0.1 };
  await pretrain(join(root, "a"), fields);
  await pretrain(join(root, "b"), fields);
  const killed = join(root, "killed");
  await assert.rejects(
    pretrain(killed, fields, (step) => {
      if (step === 8) throw new Error("killed at step 8");
    }),
    /killed at step 8/,
  );
  assert.ok(!existsSync(join(killed, "model.safetensors")));
  await pretrain(killed, fields);
  const a = await readMedBertFolder(join(root, "a"));
  for (const other of [join(root, "b"), killed]) {
    const b = await readMedBertFolder(other);
    for (const [name, w] of a.encoder) assert.deepEqual(b.encoder.get(name)!.data, w.data, `${other}: ${name}`);
    for (const [name, w] of a.heads) assert.deepEqual(b.heads.get(name)!.data, w.data, `${other}: ${name}`);
  }
  const steps = (dir: string) =>
    readFileSync(join(dir, "log.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l).step as number);
  assert.deepEqual(steps(killed), steps(join(root, "a")), "one log line per step and evaluation after the resume");
});

test("the CLI refuses a folder that is not a cohort, sequences longer than the positions, and an existing model", async () => {
  assertRefused(["ehr", "pretrain", "--data", root, "--out", join(root, "x")], /not an EHR cohort folder/);
  assertRefused(
    ["ehr", "pretrain", "--data", data, "--out", join(root, "y"), "--max-positions", "16"],
    /has \d+ codes, more than --max-positions 16/,
  );
  assertRefused(["ehr", "pretrain", "--data", data, "--out", join(root, "a")], /already holds a Med-BERT model/);
  assertRefused(["ehr", "pretrain", "--data", data, "--out", join(root, "z"), "--mask", "half"], /--mask/);
});
