/**
 * Whole notes on the demo's four tasks (docs/long-notes.md, docs/benchmarks.md "Whole notes"): the demo's
 * encoder (the shipped one, or the demo's --encoder) fine-tuned on each task as the demo does it (`prognos train`
 * with the demo's settings; a task whose recipe starts from another task's fine-tuned encoder starts from the demo's
 * runs/<that task>/best, as the demo did), once
 * with `--long-notes truncate` and once with `--long-notes windows`, each evaluated on the test split by `prognos
 * evaluate` (which reads the notes as the head says), and the paired bootstrap difference windows − truncate.
 *
 *   npx prognos demo --out /tmp/demo                                  # the hospital and tasks
 *   npm run bench:long-notes -- --demo /tmp/demo [--out DIR] [--tasks MP_IN_adm,…] [--policies truncate,windows]
 *                               [--window-pool max|mean] [--stride N] [--max-windows 16] [--threads 2]
 *                               [--json out.json]
 *                               [--train-flags "--lr 2e-4 --epochs 6"]     # replace some of the demo's settings
 *
 * Every command run is printed; the runs stay in --out (default <demo>/long-notes) for inspection.
 * --quick (the tests): the demo's quick fine-tuning settings on a `prognos demo --quick` folder, mortality only
 * unless --tasks says otherwise.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { resolveDemoConfig, taskRunFields, taskStartModel } from "../../src/demo/DemoConfig.ts";
import { pairedMacroAurocDifference } from "../../src/evaluation/pairedDifference.ts";
import { readPredictionsCsv } from "../../src/evaluation/predictionsCsv.ts";
import { CORE_TASKS } from "../../src/tasks/coreTasks.ts";

const args = process.argv.slice(2);
const flag = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const demo = flag("--demo");
if (!demo) throw new Error("--demo <folder written by `npx prognos demo`>");
const out = flag("--out") ?? join(demo, "long-notes");
const threads = flag("--threads") ?? "2";
const quick = args.includes("--quick");
const allTasks = quick ? "MP_IN_adm" : "DIA_GROUPS_3_DIGITS_adm,PRO_GROUPS_3_DIGITS_adm,MP_IN_adm,LOS_WEEKS_adm";
const tasks = (flag("--tasks") ?? allTasks).split(",");
const policies = (flag("--policies") ?? "truncate,windows").split(",");
const pool = flag("--window-pool") ?? "max";
const maxWindows = flag("--max-windows") ?? "16";
const stride = flag("--stride");
const jsonOut = flag("--json");
// Train flags that replace the demo's (later flags win), e.g. --train-flags "--lr 2e-4 --epochs 6".
const trainFlags = (flag("--train-flags") ?? "").split(" ").filter((a) => a !== "");
// The encoder the demo fine-tuned, as its summary.json records it.
const summaryFile = join(demo, "summary.json");
if (!existsSync(summaryFile))
  throw new Error(`${summaryFile}: not found (run \`npx prognos demo --out ${demo}\` first)`);
const model = (JSON.parse(readFileSync(summaryFile, "utf8")) as { encoder: { dir: string } }).encoder.dir;
if (!existsSync(join(model, "config.json"))) throw new Error(`${model}: the demo's encoder folder is missing`);

// The demo's fine-tuning, exactly (src/demo/DemoConfig.ts; fineTuneDemoTask.ts): one call per batch of 16 notes,
// which with windows becomes 16 windows per call (whole notes) and gradient accumulation.
const demoConfig = resolveDemoConfig({ out: demo, quick });
const f = demoConfig.fineTune;
const seed = String(demoConfig.seed);
const common = [
  ...["--lr", String(f.lr), "--warmup-steps", String(f.warmupSteps), "--weight-decay", String(f.weightDecay)],
  ...["--epochs", String(f.epochs), "--batch-size", String(f.batchSize), "--micro-batch-size", String(f.batchSize)],
  ...["--max-length", String(f.maxLength), "--dropout", String(f.dropout), "--patience", String(f.patience)],
  ...["--pooling", f.pooling],
  ...["--seed", seed, "--threads", threads],
];
// What the demo's recipe changes for a task (DemoConfig's taskRunFields), as `prognos train` flags, whole notes
// aside: the policy is the bench's variable.
const WINDOW_FIELDS = ["longNotes", "stride", "windowPool", "maxWindows"];
const kebab = (field: string) => field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const recipeFlags = (task: string): string[] =>
  Object.entries(taskRunFields(demoConfig, task))
    .filter(([field]) => !WINDOW_FIELDS.includes(field))
    .flatMap(([field, v]) =>
      typeof v === "boolean" ? (v ? [] : [`--no-${kebab(field)}`]) : [`--${kebab(field)}`, String(v)],
    );
// The folder the demo fine-tuned the task from (DemoConfig's taskStartModel): the encoder its summary.json records,
// or the best/ of the task its recipe starts from, with a new classifier.
const modelFlags = (task: string): string[] => {
  const start = taskStartModel(
    demoConfig,
    task,
    CORE_TASKS.map((t) => t.name),
  );
  return start.reinitHead ? ["--model", start.dir, "--reinit-head"] : ["--model", model];
};
const policyFlags: Record<string, string[]> = {
  truncate: ["--long-notes", "truncate"],
  windows: [
    ...["--long-notes", "windows", "--window-pool", pool, "--max-windows", maxWindows],
    ...(stride ? ["--stride", stride] : []),
  ],
};
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");

function run(argv: string[]): { stdout: string; stderr: string; seconds: number } {
  process.stderr.write(`$ npx prognos ${argv.join(" ")}\n`);
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ["bin/prognos.js", ...argv], { encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`exit ${r.status}: ${r.stderr.split("\n").slice(-5).join("\n")}`);
  return { stdout: r.stdout, stderr: r.stderr, seconds: (Date.now() - t0) / 1000 };
}

interface Result {
  task: string;
  policy: string;
  test: { value: number; lower: number | null; upper: number | null };
  val: number | null;
  steps: number;
  trainSeconds: number;
  evalSeconds: number;
  trainInput: string;
  testInput: Record<string, unknown>;
  testRows: number;
}

const started = new Date().toISOString();
const loadStart = load();
mkdirSync(out, { recursive: true });
const results: Result[] = [];
for (const task of tasks) {
  for (const policy of policies) {
    const dir = join(out, `${task}-${policy}`);
    const t = run([
      "train",
      ...modelFlags(task),
      ...["--task", join(demo, "tasks", task), "--out", dir, "--overwrite", "--json"],
      ...common,
      ...recipeFlags(task),
      ...trainFlags,
      ...policyFlags[policy]!,
    ]);
    const trained = JSON.parse(t.stdout) as { steps: number; best_val_macro_auroc: number | null };
    const e = run(["evaluate", dir, "--split", "test", "--threads", threads, "--overwrite", "--json"]);
    const m = JSON.parse(e.stdout) as {
      headline: { value: number; interval: { lower: number | null; upper: number | null } | null };
      input: Record<string, unknown>;
      rows: number;
    };
    const r: Result = {
      task,
      policy,
      test: {
        value: m.headline.value,
        lower: m.headline.interval?.lower ?? null,
        upper: m.headline.interval?.upper ?? null,
      },
      val: trained.best_val_macro_auroc,
      steps: trained.steps,
      trainSeconds: t.seconds,
      evalSeconds: e.seconds,
      trainInput: t.stderr.match(/prognos: train: [^\n]*/)?.[0] ?? "",
      testInput: m.input,
      testRows: m.rows,
    };
    results.push(r);
    process.stderr.write(
      `${task} ${policy}: test ${r.test.value.toFixed(4)}, val ${r.val?.toFixed(4)}, load ${load()}\n`,
    );
  }
}

const fmt = (x: number | null | undefined, d = 3) => (x === null || x === undefined ? "n/a" : x.toFixed(d));
const read = (file: string) => readPredictionsCsv(readFileSync(file, "utf8"), { file });
const rows: string[] = [];
const diffs: Record<string, unknown> = {};
for (const task of tasks) {
  const [a, b] = ["windows", "truncate"].map((p) => results.find((r) => r.task === task && r.policy === p));
  let diff = "";
  if (a && b) {
    const d = pairedMacroAurocDifference(
      read(join(out, `${task}-windows`, "eval-test", "predictions.csv")),
      read(join(out, `${task}-truncate`, "eval-test", "predictions.csv")),
      { resamples: 1000, seed: 0 },
    );
    diffs[task] = d;
    diff = `${d.value! >= 0 ? "+" : ""}${fmt(d.value)} (${fmt(d.lower)} to ${fmt(d.upper)})`;
  }
  const cell = (r?: Result) =>
    r ? `${fmt(r.test.value)} (${fmt(r.test.lower)}–${fmt(r.test.upper)}), val ${fmt(r.val)}` : "—";
  const w = a?.testInput;
  const windows = w ? `${w.windowed} of ${a!.testRows} split, ${w.windows} windows, ${w.capped} capped` : "";
  const time = [b, a].map((r) => (r ? `${Math.round(r.trainSeconds + r.evalSeconds)} s` : "—")).join(" / ");
  rows.push(`| ${task} | ${cell(b)} | ${cell(a)} | ${diff} | ${windows} | ${time} |`);
}
const table = [
  "| task | truncate: test macro AUROC (95% CI), best val | windows | difference windows − truncate (paired 95% CI) | test notes read as windows | time truncate / windows (train + test) |",
  "|---|---|---|---|---|---|",
  ...rows,
].join("\n");
process.stdout.write(
  `${started} → ${new Date().toISOString()}, ${cpus().length} × ${cpus()[0]?.model}, load ${loadStart} → ${load()}\n\n${table}\n`,
);
if (jsonOut)
  writeFileSync(jsonOut, `${JSON.stringify({ started, loadStart, loadEnd: load(), results, diffs }, null, 2)}\n`);
