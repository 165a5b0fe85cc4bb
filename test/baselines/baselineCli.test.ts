import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { textAsRead } from "../../src/baselines/bow/textAsRead.ts";
import { wordTokens } from "../../src/baselines/bow/wordTerms.ts";
import { main } from "../../src/cli/main.ts";
import { parseCsv } from "../../src/evaluation/index.ts";
import { BertTokenizer } from "../../src/tokenizer/BertTokenizer.ts";
import { coreFolder, prognosFolder, tempDir } from "../tasks/dataset/taskFolders.ts";
import { toyDataset, toyRows } from "./toyTasks.ts";

const temps: string[] = [];
after(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));
const temp = () => {
  const d = tempDir("prognos-bow-cli-");
  temps.push(d);
  return d;
};

/** Runs the CLI in this process (fast, for error paths): exit code and what it wrote to stderr. */
async function prognosInProcess(...args: string[]): Promise<{ code: number; stderr: string }> {
  const write = process.stderr.write;
  let stderr = "";
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    return { code: await main(args), stderr };
  } finally {
    process.stderr.write = write;
  }
}

function prognos(...args: string[]) {
  const r = spawnSync(process.execPath, ["bin/prognos.js", ...args], { encoding: "utf8" });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const toy = toyDataset({ kind: "multi-label", rows: { train: 200, val: 60, test: 80 }, signal: 0.9, noise: 0.05 });
const rows = { train: toyRows(toy, "train"), val: toyRows(toy, "val"), test: toyRows(toy, "test") };
const TASK = prognosFolder(
  "DIA_GROUPS_3_DIGITS_adm",
  "short_codes",
  "multi-label",
  toy.labels.map((label) => ({ label, title: `title of ${label}` })),
  rows,
);
temps.push(join(TASK, ".."));
const assertNoText = (s: string) => assert.ok(!/filler\d|signal\d/.test(s), "note text printed");

test("baseline bow --json: one JSON object; config, vocabulary, weights, metrics, predictions, report", () => {
  const out = join(temp(), "run");
  const r = prognos("baseline", "bow", "--task", TASK, "--out", out, "--json", "--bootstrap", "0", "--threads", "1");
  assert.equal(r.code, 0, r.stderr);
  assertNoText(r.stdout + r.stderr);
  const result = JSON.parse(r.stdout);
  assert.equal(result.task, "DIA_GROUPS_3_DIGITS_adm");
  assert.equal(result.problemType, "multi_label_classification");
  assert.equal(result.labels, 3);
  assert.ok(result.headline.test > 0.7, `test macro AUROC ${result.headline.test}`);
  assert.equal(result.test.macro_auroc.value, result.headline.test);
  assert.deepEqual(
    result.files.map((f: string) => f.slice(out.length + 1)),
    [
      "config.json",
      "vocabulary.json",
      "model.safetensors",
      "eval-val/metrics.json",
      "eval-val/predictions.csv",
      "eval-val/report.html",
      "eval-test/metrics.json",
      "eval-test/predictions.csv",
      "eval-test/report.html",
    ],
  );
  const config = JSON.parse(readFileSync(join(out, "config.json"), "utf8"));
  assert.equal(config.seed, 123);
  assert.equal(config.options.seed, 123);
  assert.equal(config.options.lr, 0.03);
  assert.equal(config.options.tfidf.maxFeatures, 20000);
  assert.equal(config.vocabularySize, result.vocabularySize);
  assert.deepEqual(config.labels, toy.labels);
  assert.equal(config.bestEpoch, result.bestEpoch);
  const vocab = JSON.parse(readFileSync(join(out, "vocabulary.json"), "utf8"));
  assert.equal(vocab.terms.length, result.vocabularySize);
  assert.equal(vocab.idf.length, result.vocabularySize);
  const bytes = readFileSync(join(out, "model.safetensors"));
  const header = JSON.parse(bytes.subarray(8, 8 + Number(bytes.readBigUInt64LE(0))).toString("utf8"));
  assert.deepEqual(header.weight.shape, [result.vocabularySize, 3]);
  assert.deepEqual(header.bias.shape, [3]);
  // The same metrics.json layout as `prognos evaluate` writes for a transformer run (writeEvaluation).
  const metrics = JSON.parse(readFileSync(join(out, "eval-test", "metrics.json"), "utf8"));
  assert.equal(metrics.format, "prognos-metrics/1");
  assert.deepEqual(metrics.model, { kind: "bow-baseline", path: out });
  assert.equal(metrics.task, "DIA_GROUPS_3_DIGITS_adm");
  assert.equal(metrics.split, "test");
  assert.equal(metrics.rows, 80);
  assert.equal(metrics.headline.name, "macro_auroc");
  assert.match(metrics.headline.definition, /macro-averaged AUROC/);
  assert.equal(metrics.headline.value, result.headline.test);
  assert.equal(metrics.n, 80);
  assert.equal(metrics.perLabel[0].title, "title of 401");
  const val = JSON.parse(readFileSync(join(out, "eval-val", "metrics.json"), "utf8"));
  assert.equal(val.split, "val");
  assert.equal(val.n, 60);
  assert.equal(val.headline.value, result.headline.val);
  const csv = parseCsv(readFileSync(join(out, "eval-test", "predictions.csv"), "utf8")).map((r) => r.fields);
  assert.deepEqual(csv[0], ["id", "true_labels", "score_401", "score_428", "score_V45"]);
  assert.equal(csv.length, 81);
  assert.deepEqual(
    csv.slice(1).map((row) => row[1]),
    rows.test.map((row) => row[2]),
  );
  assert.match(readFileSync(join(out, "eval-test", "report.html"), "utf8"), /^<!DOCTYPE html>/);
});

test("baseline bow: CORe files, text summary, --overwrite; bigrams and options reach config.json", () => {
  const mp = toyDataset({ kind: "binary", rows: { train: 150, val: 50, test: 50 } });
  const dir = coreFolder("MP_IN_adm", "hospital_expire_flag", {
    train: toyRows(mp, "train"),
    val: toyRows(mp, "val"),
    test: toyRows(mp, "test"),
  });
  temps.push(dir);
  const out = join(temp(), "mp");
  const args = ["baseline", "bow", "--task", join(dir, "MP_IN_adm_train.csv"), "--out", out, "--bootstrap", "50"];
  const flags = ["--ngrams", "2", "--max-features", "500", "--epochs", "4", "--seed", "9", "--class-weights"];
  const r = prognos(...args, ...flags, "--no-progress", "--threads", "1");
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^bag-of-words baseline on MP_IN_adm \(2 labels, 500 terms\): best epoch \d of \d\n/);
  // binary: AUPRC and RP80 follow the AUROC (ClinicalBERT's three metrics)
  assert.match(
    r.stdout,
    /\n {2}test macro AUROC 0\.\d{4} \(95% CI 0\.\d{4}–[01]\.\d{4}\), AUPRC [01]\.\d{4}, RP80 [01]\.\d{4}\n/,
  );
  assert.match(
    r.stdout,
    /outputs in .*: config\.json, vocabulary\.json, model\.safetensors, eval-val\/metrics\.json, .*eval-test\/report\.html\n$/,
  );
  assertNoText(r.stdout + r.stderr);
  const config = JSON.parse(readFileSync(join(out, "config.json"), "utf8"));
  assert.deepEqual(config.options.tfidf.ngramRange, [1, 2]);
  assert.equal(config.options.seed, 9);
  assert.equal(config.options.epochs, 4);
  assert.equal(config.options.classWeights, true);
  assert.equal(config.classWeights.length, 2);
  assert.equal(config.task.layout, "core");
  const again = prognos(...args, "--threads", "1");
  assert.equal(again.code, 1);
  assert.match(
    again.stderr,
    /^prognos: error: --out .*: already holds a bag-of-words run \(config\.json, .*\); pass --overwrite to replace it\n$/,
  );
  assert.equal(prognos(...args, "--overwrite", "--epochs", "1", "--threads", "1").code, 0);
});

test("baseline bow: bad input is one error line, exit 1", async () => {
  const out = join(temp(), "bad");
  const notTask = temp();
  const cases: Array<[string[], RegExp]> = [
    [["--task", notTask, "--out", out], /is not a task folder: looked for a Prognos task folder/],
    [["--task", TASK, "--out", out, "--ngrams", "3"], /--ngrams: expected one of 1, 2, got "3"/],
    [["--task", TASK, "--out", out, "--lr", "0"], /--lr: expected a number > 0, got "0"/],
    [
      ["--task", TASK, "--out", out, "--max-features", "lots"],
      /--max-features: expected an integer from 1 to 10,000,000, got "lots"/,
    ],
    [
      ["--task", TASK, "--out", out, "--problem-type", "regression"],
      /--problem-type: expected one of multi_label_classification, single_label_classification, got "regression"/,
    ],
    [
      ["--task", TASK, "--out", out, "--read-as", "data/models/prognos-core-small"],
      /--read-as and --read-max-length go together/,
    ],
    [
      ["--task", TASK, "--out", out, "--read-max-length", "1"],
      /--read-max-length: expected an integer from 2 to 8,192, got "1"/,
    ],
    [["--task", TASK, "--out", out, "--read-as", notTask, "--read-max-length", "64"], new RegExp(`${notTask}`)],
    [
      ["--task", TASK, "--out", out, "--problem-type", "single_label_classification"],
      /labels\.json says multi_label_classification, but the problem type given is single_label_classification/,
    ],
  ];
  for (const [args, message] of cases) {
    const r = await prognosInProcess("baseline", "bow", ...args);
    assert.equal(r.code, 1, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, /^prognos: error: /);
    assert.match(r.stderr, message);
    assert.ok(!r.stderr.includes("    at "), "no stack trace");
  }
  assert.ok(!existsSync(join(out, "config.json")));
  const missing = await prognosInProcess("baseline", "bow", "--out", out);
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr, /required option '--task <path>' not specified/);
});

test("baseline bow --read-as --read-max-length: reads what the transformer reads; config.json says so", async () => {
  const out = join(temp(), "read-as");
  const model = "data/models/prognos-core-small";
  const r = prognos(
    ..."baseline bow --json --bootstrap 0 --threads 1 --read-max-length 6".split(" "),
    ...["--task", TASK, "--out", out, "--read-as", model],
  );
  assert.equal(r.code, 0, r.stderr);
  assertNoText(r.stdout + r.stderr);
  const config = JSON.parse(readFileSync(join(out, "config.json"), "utf8"));
  assert.deepEqual(config.options.readAs, { model, maxLength: 6 });
  // Four word pieces of each training note ("filler12" alone is three: fill ##er ##12): its first word or two.
  const { tokenizer } = await BertTokenizer.fromFolder(model);
  const read = new Set(rows.train.flatMap(([, text]) => wordTokens(textAsRead(tokenizer, text, 6))));
  const terms: string[] = JSON.parse(readFileSync(join(out, "vocabulary.json"), "utf8")).terms;
  assert.deepEqual(new Set(terms), read);
  // Words cut after a piece or two become terms of their own ("fill", "filler1").
  assert.ok(terms.includes("fill"), "a word cut after its first piece");
});
