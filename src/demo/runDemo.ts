import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { Engine } from "../engine/Engine.ts";
import { pairedMacroAurocDifference } from "../evaluation/pairedDifference.ts";
import { synthesizeMimic3 } from "../synth/mimic3/synthesizeMimic3.ts";
import { buildCoreTasks } from "../tasks/buildCoreTasks.ts";
import { CORE_TASKS } from "../tasks/coreTasks.ts";
import { loadTaskDataset } from "../tasks/dataset/loadTaskDataset.ts";
import type { TaskDataset } from "../tasks/dataset/TaskDataset.ts";
import { prognosVersion } from "../tasks/prognosVersion.ts";
import { checkOutput } from "../util/checkOutput.ts";
import { PrognosError } from "../util/errors.ts";
import { writing } from "../util/writeError.ts";
import { bowDemoTask } from "./bowDemoTask.ts";
import { type DemoConfig, type DemoOptions, resolveDemoConfig, taskStartModel } from "./DemoConfig.ts";
import { type DemoReporter, silentReporter } from "./DemoReporter.ts";
import { describeEncoder } from "./demoEncoder.ts";
import { DEMO_NOTICE, type DemoSummary, type DemoTaskSummary, modelSummary, summaryMarkdown } from "./demoSummary.ts";
import { type DemoModelResult, fineTuneDemoTask } from "./fineTuneDemoTask.ts";

/** What the demo writes in its output folder (and removes there with `overwrite`). */
const OWN_ENTRIES = ["hospital", "tasks", "runs", "summary.json", "summary.md"];
const PHASES = 6;

function prepareOut(cfg: DemoConfig, overwrite: boolean): void {
  const out = checkOutput({ path: cfg.out, kind: "folder", holds: OWN_ENTRIES, what: "a demo", overwrite });
  if (existsSync(cfg.out)) {
    const others = readdirSync(cfg.out).filter((e) => !OWN_ENTRIES.includes(e));
    if (others.length > 0 && !overwrite)
      throw new PrognosError(
        `--out ${cfg.out}: is not empty (${others.slice(0, 3).join(", ")}…); choose another --out, or pass --overwrite to write the demo beside them`,
      );
    for (const e of out.existing) writing(cfg.out, () => rmSync(join(cfg.out, e), { recursive: true, force: true }));
  }
  writing(cfg.out, () => mkdirSync(cfg.out, { recursive: true }));
}

/**
 * `prognos demo`: a synthetic hospital → CORe's four tasks → the shipped small encoder (pre-trained on a synthetic
 * hospital of other patients, demoEncoder.ts) fine-tuned and evaluated on each task → the bag-of-words baseline on each task → a side-by-side summary
 * (summary.json, summary.md). Every step is seeded; the sizes are fixed in DemoConfig. Progress goes to `reporter`;
 * note text is never reported.
 */
export async function runDemo(options: DemoOptions, reporter: DemoReporter = silentReporter): Promise<DemoSummary> {
  const cfg = resolveDemoConfig({ ...options, out: resolve(options.out) });
  const started = Date.now();
  const loadAtStart = loadavg()[0]!;
  const seconds: Record<string, number> = {};
  const timed = async <T>(name: string, f: () => Promise<T>): Promise<T> => {
    const t0 = Date.now();
    try {
      return await f();
    } finally {
      seconds[name] = (Date.now() - t0) / 1000;
    }
  };
  // A bad --encoder folder fails here, before anything is written.
  const encoder = await describeEncoder(cfg.encoder);
  prepareOut(cfg, options.overwrite ?? false);
  reporter.note(DEMO_NOTICE);

  reporter.phase(1, PHASES, `synthetic hospital: ${cfg.hospital.admissions} admissions (seed ${cfg.seed})`);
  const hospitalDir = join(cfg.out, "hospital");
  const hospital = await timed("hospital", async () => {
    let bar: ReturnType<DemoReporter["bar"]> | null = null;
    let phase = "";
    const s = await synthesizeMimic3({
      admissions: cfg.hospital.admissions,
      otherNotes: cfg.hospital.otherNotes,
      seed: cfg.seed,
      outDir: hospitalDir,
      onProgress: (done, total, p) => {
        if (p !== phase) {
          bar?.stop();
          bar = reporter.bar(p === "plan" ? "sampling" : "writing", total, "patients");
          phase = p;
        }
        bar!.update(done);
      },
    });
    (bar as ReturnType<DemoReporter["bar"]> | null)?.stop();
    reporter.note(`${s.patients} patients, ${s.admissions} admissions, ${s.inHospitalDeaths} in-hospital deaths`);
    return s;
  });

  reporter.phase(2, PHASES, "CORe's four tasks (prognos tasks build --source mimic3)");
  const tasksDir = join(cfg.out, "tasks");
  const datasets: TaskDataset[] = await timed("tasks", async () => {
    const built = await buildCoreTasks({
      source: "mimic3",
      dir: hospitalDir,
      out: tasksDir,
      onProgress: (p) => {
        if (p.kind === "phase") reporter.note(p.message);
      },
    });
    const out: TaskDataset[] = [];
    for (const spec of CORE_TASKS) {
      const m = built.tasks.find((t) => t.task === spec.name);
      if (!m)
        throw new PrognosError(`tasks build wrote no ${spec.name} (see ${join(tasksDir, "build-manifest.json")})`);
      reporter.note(`${spec.name}: train ${m.rows.train}, val ${m.rows.val}, test ${m.rows.test}`);
      const d = await loadTaskDataset(join(tasksDir, spec.name));
      for (const s of d.skipped) reporter.note(`  skipped: ${s.split}: ${s.rows} row(s): ${s.reason}`);
      out.push(d);
    }
    return out;
  });

  // One engine per model run, released after it: ONNX Runtime's arenas are freed between runs, so peak memory is
  // that of the largest run rather than the sum of all.
  const withEngine = async <T>(f: (engine: Engine) => Promise<T>): Promise<T> => {
    const engine = Engine.create({ threads: cfg.threads });
    try {
      return await f(engine);
    } finally {
      await engine.release();
    }
  };
  reporter.phase(3, PHASES, "the encoder to fine-tune");
  const objective = encoder.pretraining?.objective;
  reporter.note(
    `${encoder.dir}: BERT, ${encoder.layers} layers, hidden ${encoder.hidden}, ${encoder.heads} heads, ` +
      `${encoder.positions} positions, ${(encoder.parameters / 1e6).toFixed(2)} M parameters` +
      (objective ? `, pre-trained with prognos pretrain ${objective}${encoder.pretraining?.mlm ? " --mlm" : ""}` : "") +
      (encoder.card ? ` (model card: ${encoder.card})` : ""),
  );

  reporter.phase(4, PHASES, "fine-tuning on each task, evaluating on test");
  const transformer: DemoModelResult[] = [];
  await timed("fineTuning", async () => {
    const order = datasets.map((d) => d.name);
    for (const d of datasets) {
      const start = taskStartModel(cfg, d.name, order);
      transformer.push(await withEngine((engine) => fineTuneDemoTask(cfg, d, start, engine, reporter)));
    }
  });

  reporter.phase(5, PHASES, "bag-of-words baseline on each task, evaluating on test");
  const bow: DemoModelResult[] = [];
  await timed("bagOfWords", async () => {
    for (const d of datasets) {
      reporter.note(d.name);
      bow.push(await withEngine((engine) => bowDemoTask(cfg, d, engine, reporter)));
    }
  });

  reporter.phase(6, PHASES, "summary");
  const tasks: DemoTaskSummary[] = await timed("summary", async () =>
    datasets.map((d, i) => ({
      task: d.name,
      problemType: transformer[i]!.metrics.problemType,
      labels: d.labels.length,
      labelsEvaluated: transformer[i]!.metrics.labelsEvaluated,
      rows: { train: d.splits.train.length, val: d.splits.val.length, test: d.splits.test.length },
      transformer: modelSummary(transformer[i]!),
      bow: modelSummary(bow[i]!),
      difference: pairedMacroAurocDifference(transformer[i]!.set, bow[i]!.set, {
        resamples: cfg.bootstrap,
        seed: cfg.seed,
      }),
    })),
  );
  seconds.total = (Date.now() - started) / 1000;
  const summary: DemoSummary = {
    notice: DEMO_NOTICE,
    config: cfg,
    hospital: {
      dir: hospitalDir,
      patients: hospital.patients,
      admissions: hospital.admissions,
      inHospitalDeaths: hospital.inHospitalDeaths,
    },
    tasksDir,
    encoder,
    tasks,
    seconds,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model.trim() ?? "unknown",
      memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      loadAverage1min: { start: loadAtStart, end: loadavg()[0]! },
    },
    prognosVersion: prognosVersion(),
    createdAt: new Date().toISOString(),
  };
  writing(cfg.out, () => {
    writeFileSync(join(cfg.out, "summary.json"), `${JSON.stringify(summary, null, 2)}\n`);
    writeFileSync(join(cfg.out, "summary.md"), summaryMarkdown(summary));
  });
  return summary;
}
