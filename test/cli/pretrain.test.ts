import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, test } from "node:test";
import { SafetensorsFile } from "../../src/checkpoint/SafetensorsFile.ts";
import { synthesizeMimic3 } from "../../src/synth/mimic3/synthesizeMimic3.ts";
import { killAfterSteps } from "../helpers/killAfterSteps.ts";
import { pretrainCoreArgs } from "../helpers/pretrainCoreArgs.ts";
import { binaryTask } from "../helpers/tinyTasks.ts";

// `prognos pretrain core|mlm` end to end on a small synthetic hospital and the tiny test BERT (64 positions).
const MODEL = "test/fixtures/bert/tiny-uncased-gelu";
let hospital = "";
before(async () => {
  hospital = mkdtempSync(join(tmpdir(), "prognos-pretrain-hospital-"));
  await synthesizeMimic3({ admissions: 120, otherNotes: 0, seed: 3, outDir: hospital });
});

const prognos = (args: string[]) => spawnSync(process.execPath, ["bin/prognos.js", ...args], { encoding: "utf8" });
const core = (out: string, extra: string[] = []) => pretrainCoreArgs(MODEL, hospital, out, extra);

async function tensorNames(file: string): Promise<string[]> {
  const f = await SafetensorsFile.open(file);
  const names = [...f.tensors.keys()].sort();
  await f.close();
  return names;
}

test("pretrain core --mlm: SIGKILL mid-run, then --resume, ends at bit-identical weights", {
  timeout: 300_000,
}, async () => {
  const straight = mkdtempSync(join(tmpdir(), "prognos-pretrain-straight-"));
  const r = prognos(core(straight));
  assert.equal(r.status, 0, r.stderr);
  const result = JSON.parse(r.stdout);
  assert.equal(result.steps, 30);
  assert.equal(result.objective, "core+mlm");
  assert.ok(result.documents.train > 40 && result.documents.val >= 2, JSON.stringify(result.documents));
  assert.match(r.stderr, /skipped: \d+ admissions: patient in the tasks' test split/);

  const killed = mkdtempSync(join(tmpdir(), "prognos-pretrain-killed-"));
  const child = spawn(process.execPath, ["bin/prognos.js", ...core(killed)], { stdio: "ignore" });
  await killAfterSteps(child, killed, 13);
  assert.ok(!existsSync(join(killed, "last", "model.safetensors")), "the killed run must not have finished");
  const resumed = prognos([...core(killed), "--resume"]);
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.equal(JSON.parse(resumed.stdout).steps, 30);
  for (const f of ["last", "best"]) {
    const a = readFileSync(join(straight, f, "model.safetensors"));
    assert.ok(a.equals(readFileSync(join(killed, f, "model.safetensors"))), `${f}/ differs after resume`);
  }
  const log = (dir: string) => readFileSync(join(dir, "log.jsonl"), "utf8");
  const steps = (dir: string) =>
    log(dir)
      .split("\n")
      .filter((l) => l.includes('"totalSteps"'))
      .map((l) => JSON.parse(l).loss);
  assert.deepEqual(steps(killed), steps(straight), "one log line per step, same losses");
  assert.equal(steps(straight).length, 30);

  // The folder is BertForPreTraining's, the run's config beside it.
  const config = JSON.parse(readFileSync(join(straight, "last", "config.json"), "utf8"));
  assert.deepEqual(config.architectures, ["BertForPreTraining"]);
  const names = await tensorNames(join(straight, "last", "model.safetensors"));
  assert.ok(names.includes("cls.seq_relationship.weight") && names.includes("cls.predictions.bias"));
  assert.ok(names.includes("bert.pooler.dense.weight") && !names.includes("cls.predictions.decoder.weight"));
  const run = JSON.parse(readFileSync(join(straight, "run.json"), "utf8"));
  assert.equal(run.objective, "core");
  assert.equal(run.mlm, true);
  const corpus = JSON.parse(readFileSync(join(straight, "corpus.json"), "utf8"));
  assert.equal(corpus.train, result.documents.train);
  assert.equal(corpus.plan.steps, 30);

  // Another option, or other notes, is refused on --resume; a second run into the folder needs --resume/--overwrite.
  const other = prognos([...core(killed).map((a) => (a === "1e-3" ? "2e-3" : a)), "--resume"]);
  assert.equal(other.status, 1);
  assert.match(other.stderr, /the saved run used other options/);
  const again = prognos(core(killed));
  assert.equal(again.status, 1);
  assert.match(again.stderr, /already holds a run .*pass --resume to continue it or --overwrite to replace it/);
});

test("the pre-trained folder loads in `prognos train` and `prognos embed`", { timeout: 300_000 }, () => {
  const out = mkdtempSync(join(tmpdir(), "prognos-pretrain-load-"));
  const r = prognos(core(out).map((a) => (a === "30" ? "4" : a)));
  assert.equal(r.status, 0, r.stderr);
  const embed = prognos(["embed", "--model", join(out, "best"), "patient with chest pain"]);
  assert.equal(embed.status, 0, embed.stderr);
  assert.equal(JSON.parse(embed.stdout).last_hidden_state[0].length, 32);
  const task = binaryTask(join(out, "task"));
  const train = prognos([
    "train",
    "--model",
    join(out, "best"),
    "--task",
    task,
    "--out",
    join(out, "ft"),
    "--epochs",
    "1",
    "--batch-size",
    "4",
    "--warmup-steps",
    "0",
    "--threads",
    "2",
    "--json",
  ]);
  assert.equal(train.status, 0, train.stderr);
  assert.equal(JSON.parse(train.stdout).steps, 3);
  // The pre-trained pooler is the one fine-tuning starts from (BertForSequenceClassification reads it).
  assert.ok(existsSync(join(out, "ft", "best", "model.safetensors")));
});

test("pretrain mlm: --max-tokens caps the run at the first step reaching the budget", {
  timeout: 300_000,
}, async () => {
  const out = mkdtempSync(join(tmpdir(), "prognos-pretrain-mlm-"));
  const r = prognos([
    "pretrain",
    "mlm",
    "--from",
    MODEL,
    "--notes",
    `synth:${hospital}`,
    "--out",
    out,
    "--max-tokens",
    "2000",
    "--batch-size",
    "4",
    "--max-seq-length",
    "64",
    "--lr",
    "1e-3",
    "--warmup-steps",
    "1",
    "--threads",
    "2",
    "--json",
  ]);
  assert.equal(r.status, 0, r.stderr);
  const result = JSON.parse(r.stdout);
  assert.equal(result.objective, "mlm");
  const lines = readFileSync(join(out, "log.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l.includes('"totalSteps"'))
    .map((l) => JSON.parse(l) as { tokens: number });
  assert.equal(lines.length, result.steps);
  assert.equal(lines.at(-1)!.tokens, result.tokens);
  assert.ok(result.tokens >= 2000 && lines.at(-2)!.tokens < 2000, `${lines.at(-2)!.tokens} → ${result.tokens}`);
  // Every window is at most 64 tokens, batches of 4: the last step adds at most 256.
  assert.ok(result.tokens - lines.at(-2)!.tokens <= 256);
  const config = JSON.parse(readFileSync(join(out, "last", "config.json"), "utf8"));
  assert.deepEqual(config.architectures, ["BertForMaskedLM"]);
  assert.ok(!(await tensorNames(join(out, "last", "model.safetensors"))).includes("cls.seq_relationship.weight"));
});

test("pretrain: bad inputs are one line naming the flag or the problem", () => {
  const out = mkdtempSync(join(tmpdir(), "prognos-pretrain-bad-"));
  const base = ["pretrain", "core", "--from", MODEL, "--out", join(out, "run")];
  const long = prognos([...base, "--notes", `synth:${hospital}`, "--max-seq-length", "128"]);
  assert.equal(long.status, 1);
  assert.match(long.stderr, /--max-seq-length 128 exceeds the model's max_position_embeddings \(64\)/);
  const one = join(out, "one.txt");
  writeFileSync(one, "adm\n[SEP]\nout\n");
  const single = prognos([...base, "--notes", `core-text:${one}`, "--max-seq-length", "64"]);
  assert.equal(single.status, 1);
  assert.match(single.stderr, /1 training document\(s\) .* the outcome objective needs at least 2/);
  const kind = prognos([...base, "--notes", "pubmed:/x"]);
  assert.equal(kind.status, 1);
  assert.match(kind.stderr, /--notes pubmed:\/x: expected KIND:PATH/);
  const chunk = prognos([...base, "--notes", "mtsamples", "--min-chunk", "200", "--outcome-chunk", "100"]);
  assert.equal(chunk.status, 1);
  assert.match(chunk.stderr, /--min-chunk 200 is larger than/);
  const mlmTwice = prognos([
    "pretrain",
    "mlm",
    "--from",
    MODEL,
    "--out",
    join(out, "m"),
    "--notes",
    "mtsamples",
    "--mlm",
  ]);
  assert.equal(mlmTwice.status, 1);
  assert.match(mlmTwice.stderr, /unknown option '--mlm'/);
});

test("init-model, then pretrain core from it; --config run.json replays the run to identical weights", {
  timeout: 300_000,
}, () => {
  const root = mkdtempSync(join(tmpdir(), "prognos-pretrain-init-"));
  const init = join(root, "init");
  const made = prognos([
    "init-model",
    "--out",
    init,
    "--vocab",
    MODEL,
    "--hidden-size",
    "16",
    "--layers",
    "1",
    "--heads",
    "2",
    "--max-positions",
    "64",
    "--seed",
    "3",
    "--json",
  ]);
  assert.equal(made.status, 0, made.stderr);
  assert.equal(JSON.parse(made.stdout).config.vocab_size, 332);
  const args = (out: string) =>
    core(out)
      .map((a) => (a === MODEL ? init : a === "30" ? "5" : a))
      .filter((a) => a !== "--json");
  const a = prognos(args(join(root, "a")));
  assert.equal(a.status, 0, a.stderr);
  assert.match(a.stderr, /new \(the checkpoint has none.*cls\.seq_relationship\.weight/);
  assert.match(a.stdout, /pre-trained 5 steps on \d+ tokens/);
  const b = prognos(["pretrain", "core", "--config", join(root, "a", "run.json"), "--out", join(root, "b")]);
  assert.equal(b.status, 0, b.stderr);
  assert.ok(
    readFileSync(join(root, "a", "last", "model.safetensors")).equals(
      readFileSync(join(root, "b", "last", "model.safetensors")),
    ),
  );
  const wrong = prognos(["pretrain", "mlm", "--config", join(root, "a", "run.json"), "--out", join(root, "c")]);
  assert.equal(wrong.status, 1);
  assert.match(wrong.stderr, /field "objective" is "core"; use `prognos pretrain core`/);
});
