/**
 * Scale benchmark of the scoring queue (docs/benchmarks.md, "Scale"; docs/scoring-queue.md): the same notes scored
 * by `prognos predict` in one process, then by 1, 2 and 4 `prognos worker` processes on a Redis queue (Debian's
 * redis-server, started here on 127.0.0.1 in a temporary folder), notes/s side by side with the load average, and
 * what a run of 2M notes would take on N machines (arithmetic from the measured rates, printed with its assumptions).
 *
 *   npm run bench:scale                       # 20,000 MTSamples notes, a tiny model trained here, 1/2/4 workers
 *   npm run bench:scale -- --quick            # 300 notes, the tiny fixture model, 1 and 2 workers (the test runs it)
 *   npm run bench:scale -- --models run/ --notes 2000 --workers 1,2 --json out.json
 *
 * Every process runs ONNX Runtime on one thread (--threads 1), predict too, so that 1 worker against predict is
 * the queue's overhead alone. Times are wall clock from submit to the last job done (workers started and waiting
 * beforehand; each loads its model on its first job, as predict's time includes its load). Rows are checked: the
 * collected file holds every note once.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { startTestRedis } from "../../test/helpers/redisServer.ts";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const flag = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const noteCount = Number(flag("--notes") ?? (quick ? 300 : 20_000));
const workerCounts = (flag("--workers") ?? (quick ? "1,2" : "1,2,4")).split(",").map(Number);
const chunk = Number(flag("--chunk") ?? (quick ? 50 : 256));
const jsonOut = flag("--json");
const after = args.includes("--models") ? args.slice(args.indexOf("--models") + 1) : [];
const stop = after.findIndex((a) => a.startsWith("--"));
let models = stop < 0 ? after : after.slice(0, stop);

const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");
const prognos = (a: string[]) => spawnSync(process.execPath, ["bin/prognos.js", ...a], { encoding: "utf8" });
const check = (r: ReturnType<typeof prognos>, what: string) => {
  if (r.status !== 0) throw new Error(`${what}: ${r.stderr.slice(-2000)}`);
  return r;
};

const dir = mkdtempSync(join(tmpdir(), "prognos-bench-scale-"));
if (models.length === 0 && quick) models = ["test/fixtures/bert/tiny-relu-seqcls"];
if (models.length === 0) {
  // bench/serve's tiny model: tiny-uncased-gelu (64 word pieces) trained one epoch on a toy binary task.
  const task = join(dir, "task");
  mkdirSync(task);
  for (const [split, n] of [
    ["train", 40],
    ["val", 10],
    ["test", 10],
  ] as const) {
    const rows = ['"id","text","hospital_expire_flag"'];
    for (let i = 0; i < n; i++) rows.push(`"${split}-${i}","patient with ${i % 2 ? "sepsis" : "cough"}","${i % 2}"`);
    writeFileSync(join(task, `${split}.csv`), `${rows.join("\n")}\n`);
  }
  const run = join(dir, "run");
  const model = "test/fixtures/bert/tiny-uncased-gelu";
  check(prognos(["train", "--model", model, "--task", task, "--out", run, "--epochs", "1", "--threads", "2"]), "train");
  models = [run];
}

// MTSamples transcriptions (bundled), repeated under new ids up to the count asked for.
const source = gunzipSync(readFileSync("data/mtsamples/mtsamples.jsonl.gz"))
  .toString("utf8")
  .split("\n")
  .filter(Boolean)
  .map((l) => (JSON.parse(l) as { transcription?: string }).transcription ?? "")
  .filter((t) => t.trim().length > 0);
const input = join(dir, "notes.jsonl");
writeFileSync(
  input,
  `${Array.from({ length: noteCount }, (_, i) => JSON.stringify({ id: `n${i}`, text: source[i % source.length] })).join("\n")}\n`,
);

console.log(`machine: ${cpus()[0]?.model} × ${cpus().length}, node ${process.version}, ${new Date().toISOString()}`);
console.log(`models: ${models.join(", ")}; ${noteCount} MTSamples notes; jobs of ${chunk}; load average ${load()}`);

interface Phase {
  name: string;
  workers: number;
  seconds: number;
  notesPerSecond: number;
  loadBefore: string;
  loadAfter: string;
}
const phases: Phase[] = [];

function predictPhase(): Phase {
  const loadBefore = load();
  const t0 = performance.now();
  const out = join(dir, "predict.jsonl");
  check(
    prognos([
      "predict",
      "--model",
      ...models,
      "--input",
      input,
      "--out",
      out,
      "--overwrite",
      "--threads",
      "1",
      "--no-progress",
    ]),
    "predict",
  );
  const seconds = (performance.now() - t0) / 1000;
  return {
    name: "predict (1 process)",
    workers: 0,
    seconds,
    notesPerSecond: noteCount / seconds,
    loadBefore,
    loadAfter: load(),
  };
}

const redis = await startTestRedis();
async function queuePhase(workers: number): Promise<Phase> {
  const out = join(dir, `results-${workers}`);
  const procs = Array.from({ length: workers }, () =>
    spawn(process.execPath, ["bin/prognos.js", "worker", "--queue", redis.url, "--threads", "1"], {
      stdio: ["ignore", "ignore", "pipe"],
    }),
  );
  await Promise.all(
    procs.map(
      (p) =>
        new Promise<void>((resolve, reject) => {
          let log = "";
          p.stderr.on("data", (d) => {
            log += d;
            if (/waiting for jobs/.test(log)) resolve();
          });
          p.once("exit", () => reject(new Error(`worker exited: ${log}`)));
        }),
    ),
  );
  const loadBefore = load();
  const t0 = performance.now();
  check(
    prognos([
      "score",
      "submit",
      "--input",
      input,
      "--model",
      ...models,
      "--queue",
      redis.url,
      "--out",
      out,
      "--chunk",
      String(chunk),
    ]),
    "submit",
  );
  check(prognos(["score", "wait", out, "--no-progress"]), "wait");
  const seconds = (performance.now() - t0) / 1000;
  const loadAfter = load();
  await Promise.all(
    procs.map(
      (p) =>
        new Promise<void>((resolve) => {
          p.once("exit", () => resolve());
          p.kill("SIGTERM");
        }),
    ),
  );
  const merged = join(dir, `all-${workers}.jsonl`);
  check(prognos(["score", "collect", out, "--out", merged]), "collect");
  const ids = readFileSync(merged, "utf8")
    .trim()
    .split("\n")
    .map((l) => (JSON.parse(l) as { id: string }).id);
  if (ids.length !== noteCount || ids.some((id, i) => id !== `n${i}`))
    throw new Error(`${merged}: rows lost or doubled`);
  return {
    name: `queue, ${workers} worker${workers > 1 ? "s" : ""}`,
    workers,
    seconds,
    notesPerSecond: noteCount / seconds,
    loadBefore,
    loadAfter,
  };
}

try {
  phases.push(predictPhase());
  for (const w of workerCounts) phases.push(await queuePhase(w));
  phases.push({ ...predictPhase(), name: "predict (1 process), again" });
} finally {
  await redis.dispose();
  if (!args.includes("--keep")) process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
}

const predictRate = Math.max(phases[0]!.notesPerSecond, phases[phases.length - 1]!.notesPerSecond);
console.log("\n| run | seconds | notes/s | × predict | load average before → after |");
console.log("|---|---:|---:|---:|---|");
for (const p of phases)
  console.log(
    `| ${p.name} | ${p.seconds.toFixed(1)} | ${p.notesPerSecond.toFixed(1)} | ${(p.notesPerSecond / predictRate).toFixed(2)} | ${p.loadBefore} → ${p.loadAfter} |`,
  );
const one = phases.find((p) => p.workers === 1);
if (one)
  console.log(
    `\nqueue overhead at 1 worker: ${((1 - one.notesPerSecond / predictRate) * 100).toFixed(1)}% of predict's notes/s (target ≤ 10%)`,
  );

// 2M notes on N machines: each machine runs one single-threaded worker per core, at the 1-worker rate measured
// here (linear in cores and machines: the queue's own cost per job is small beside inference; Redis handles tens
// of thousands of operations a second, a few per job of `chunk` notes).
const perWorker = one?.notesPerSecond ?? predictRate;
const cores = cpus().length;
console.log(`\n2,000,000 notes at ${perWorker.toFixed(1)} notes/s per single-threaded worker, one worker per core:`);
for (const [machines, perMachine] of [
  [1, cores],
  [4, cores],
  [4, 16],
  [16, 16],
] as const) {
  const hours = 2_000_000 / (perWorker * perMachine * machines) / 3600;
  console.log(`  ${machines} machine(s) × ${perMachine} cores: ${hours.toFixed(2)} h`);
}
if (jsonOut)
  writeFileSync(jsonOut, `${JSON.stringify({ models, notes: noteCount, chunk, phases, perWorker, cores }, null, 2)}\n`);
