/**
 * CORe's ablation on the synthetic hospital (docs/core-pretraining.md, docs/benchmarks.md "CORe ablation"): the same
 * small BERT (a) without pre-training, (b) with masked-LM only, (c) with masked-LM + the clinical outcome objective,
 * at equal token budgets, pre-trained on a synthetic hospital of OTHER patients (another seed), then fine-tuned and
 * tested on the four admission-note tasks of the demo's hospital, beside the bag-of-words baseline.
 *
 *   npm run bench:core-ablation                   # the full run, sized for about 90 minutes on 2 cores
 *   npm run bench:core-ablation -- --quick        # tiny sizes, about a minute (the tests run it)
 *   npm run bench:core-ablation -- --out DIR      # default .bench-out/core-ablation[-quick]
 *
 * Resumable: every stage writes `<stage>/done.json` when it has finished and is skipped when that file is there;
 * an interrupted pre-training or fine-tuning continues with the CLI's own --resume. The stages are plain `prognos`
 * commands, printed before they run, so each can be repeated by hand.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join, resolve } from "node:path";
import { ablationConfig } from "./ablationConfig.ts";
import { type ArmResult, ablationTable } from "./ablationTable.ts";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const flag = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const out = resolve(flag("--out") ?? join(".bench-out", quick ? "core-ablation-quick" : "core-ablation"));
const cfg = ablationConfig(quick);
const prognos = resolve("bin/prognos.js");
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");

mkdirSync(out, { recursive: true });
console.log(`machine: ${cpus()[0]?.model} × ${cpus().length}, node ${process.version}, ${new Date().toISOString()}`);
console.log(`output: ${out}; ${quick ? "quick" : "full"} sizes; load average ${load()}`);
writeFileSync(join(out, "config.json"), `${JSON.stringify(cfg, null, 2)}\n`);

/** Runs `prognos …` (stderr shown: its progress bars), returning stdout; any failure ends the bench. */
function run(argv: string[]): string {
  console.log(`$ prognos ${argv.join(" ")}`);
  const r = spawnSync(process.execPath, [prognos, ...argv], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 1 << 28,
  });
  if (r.status !== 0) throw new Error(`prognos ${argv[0]} failed (exit ${r.status}); rerun the bench to resume`);
  return r.stdout;
}

/** A stage runs once: skipped when `<dir>/done.json` exists; `body` gets whether an earlier attempt left files. */
function stage<T>(dir: string, body: (resume: boolean) => T): T {
  const done = join(dir, "done.json");
  if (existsSync(done)) return JSON.parse(readFileSync(done, "utf8")) as T;
  const t0 = Date.now();
  const result = body(existsSync(dir));
  mkdirSync(dir, { recursive: true });
  const record = { ...(result as object), seconds: (Date.now() - t0) / 1000, loadAverage: load() } as T;
  writeFileSync(done, `${JSON.stringify(record, null, 2)}\n`);
  return record;
}

const threads = ["--threads", String(cfg.threads)];

// 1. The pre-training hospital (other patients: another seed) and the evaluation hospital with its four tasks.
const preHospital = join(out, "pre-hospital");
stage(join(out, "stages", "pre-hospital"), () => {
  run([
    "synth",
    "mimic3",
    "--admissions",
    String(cfg.preAdmissions),
    "--other-notes",
    "0",
    "--seed",
    String(cfg.preSeed),
    "--out",
    preHospital,
    "--overwrite",
    "--no-progress",
  ]);
  return {};
});
const hospital = join(out, "hospital");
const tasks = join(out, "tasks");
stage(join(out, "stages", "tasks"), () => {
  run([
    "synth",
    "mimic3",
    "--admissions",
    String(cfg.admissions),
    "--seed",
    String(cfg.seed),
    "--out",
    hospital,
    "--overwrite",
    "--no-progress",
  ]);
  run(["tasks", "build", "--source", "mimic3", "--dir", hospital, "--out", tasks, "--overwrite", "--no-progress"]);
  return {};
});

// 2. The three encoders, from one random initialisation.
const init = join(out, "arms", "none");
stage(join(out, "stages", "init"), () => {
  const m = cfg.model;
  run([
    "init-model",
    "--out",
    init,
    "--overwrite",
    "--seed",
    String(cfg.seed),
    "--hidden-size",
    String(m.hidden),
    "--layers",
    String(m.layers),
    "--heads",
    String(m.heads),
    "--intermediate-size",
    String(m.intermediate),
    "--max-positions",
    String(m.positions),
  ]);
  return {};
});
// Every admission of the pre-training hospital (its patients are all "other patients"), and the bundled MTSamples.
const notes = ["--notes", `synth:${preHospital}`, "mtsamples", "--all-patients"];
const p = cfg.pretrain;
const pretrainFlags = [
  "--max-tokens",
  String(p.maxTokens),
  "--lr",
  String(p.lr),
  "--warmup-steps",
  String(p.warmupSteps),
  "--batch-size",
  String(p.batchSize),
  "--micro-batch-size",
  String(p.batchSize),
  "--max-seq-length",
  String(cfg.model.positions),
  "--dropout",
  String(p.dropout),
  "--seed",
  String(cfg.seed),
  "--val-fraction",
  "0",
  ...threads,
  "--json",
];
const encoders: Record<string, string> = { none: init };
for (const [arm, objective] of [
  ["mlm", ["mlm"]],
  // Chunks that fit the model's positions whole: [CLS] adm [SEP] out [SEP] ≤ positions.
  [
    "core",
    [
      "core",
      "--mlm",
      "--admission-chunk",
      String(cfg.pretrain.admissionChunk),
      "--outcome-chunk",
      String(cfg.pretrain.outcomeChunk),
    ],
  ],
] as const) {
  const dir = join(out, "arms", arm);
  stage(join(out, "stages", `pretrain-${arm}`), (resume) => {
    const result = JSON.parse(
      run([
        "pretrain",
        ...objective,
        "--from",
        init,
        ...notes,
        "--out",
        dir,
        ...pretrainFlags,
        ...(resume ? ["--resume"] : ["--overwrite"]),
      ]),
    );
    return { result };
  });
  encoders[arm] = join(dir, "last");
}

// 3. Fine-tuning and test evaluation: every arm on every task, and the bag-of-words baseline.
const f = cfg.fineTune;
const results: ArmResult[] = [];
for (const task of cfg.tasks) {
  for (const [arm, model] of Object.entries(encoders)) {
    const runDir = join(out, "runs", `${task}-${arm}`);
    stage(join(out, "stages", `finetune-${task}-${arm}`), (resume) => {
      run([
        "train",
        "--model",
        model,
        "--task",
        join(tasks, task),
        "--out",
        runDir,
        "--seed",
        String(cfg.seed),
        "--lr",
        String(f.lr),
        "--warmup-steps",
        String(f.warmupSteps),
        "--epochs",
        String(f.epochs),
        "--batch-size",
        String(f.batchSize),
        "--micro-batch-size",
        String(f.batchSize),
        "--max-length",
        String(cfg.model.positions),
        "--dropout",
        String(f.dropout),
        "--patience",
        String(f.patience),
        "--pooling",
        f.pooling,
        ...(f.classWeights ? [] : ["--no-class-weights"]),
        ...threads,
        "--json",
        ...(resume ? ["--resume"] : ["--overwrite"]),
      ]);
      run([
        "evaluate",
        runDir,
        "--split",
        "test",
        "--bootstrap",
        String(cfg.bootstrap),
        "--seed",
        String(cfg.seed),
        ...threads,
        "--overwrite",
        "--json",
      ]);
      return {};
    });
    results.push({ task, arm, predictions: join(runDir, "eval-test", "predictions.csv") });
  }
  const bowDir = join(out, "runs", `${task}-bow`);
  stage(join(out, "stages", `bow-${task}`), () => {
    run([
      "baseline",
      "bow",
      "--task",
      join(tasks, task),
      "--out",
      bowDir,
      "--seed",
      String(cfg.seed),
      "--bootstrap",
      String(cfg.bootstrap),
      ...threads,
      "--overwrite",
      "--json",
      ...(quick ? ["--epochs", "2"] : []),
    ]);
    return {};
  });
  results.push({ task, arm: "bow", predictions: join(bowDir, "eval-test", "predictions.csv") });
}

// 4. The table: each arm's test macro AUROC with its interval, and the paired differences the claim is about.
const table = ablationTable(results, { resamples: cfg.bootstrap, seed: cfg.seed });
writeFileSync(
  join(out, "results.json"),
  `${JSON.stringify({ config: cfg, table: table.rows, loadAverage: load() }, null, 2)}\n`,
);
writeFileSync(join(out, "results.md"), `${table.markdown}\n`);
console.log(`\n${table.markdown}\n\nload average ${load()}; ${join(out, "results.md")}`);
