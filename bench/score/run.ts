/**
 * Scoring end to end (docs/benchmarks.md, "Scoring notes"): text to probabilities for notes of two length
 * distributions — MTSamples' transcriptions (bundled) and the synthetic hospital's admission notes (CORe's MP_IN_adm
 * text) — with BERT-base and the demo's 2 × 128 model, in Prognos (`prognos predict`'s NotePredictor: tokenizing,
 * length-sorted batches of 8, ONNX Runtime) against PyTorch as a CORe user runs it (Hugging Face eager math, input
 * order, batches of 8 padded to the model's length) and PyTorch's fast path (nn.TransformerEncoder, length-sorted,
 * padded to each batch's longest), in one run, with the load average.
 *
 *   npm run bench:score                          # 1,000 notes per set, both models (sized for ~90 min on 2 cores)
 *   npm run bench:score -- --quick               # 16 notes, the demo model (the tests run it)
 *   npm run bench:score -- --out DIR --notes N --models bert-base,demo --coreuser-notes N
 *
 * Resumable: each (model, set) row is stored in DIR/results.json as it finishes and skipped on a rerun. The CORe-user
 * path pads every note to the model's length, so its cost per note does not depend on the note: it is timed on the
 * first --coreuser-notes notes of the same sample (default 200 of 1,000) and reported per note.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Engine } from "../../src/engine/Engine.ts";
import { NotePredictor } from "../../src/serving/NotePredictor.ts";
import { readMtSamplesTranscriptions } from "../../src/sources/mtsamples/readMtSamples.ts";
import { synthesizeMimic3 } from "../../src/synth/mimic3/synthesizeMimic3.ts";
import { buildCoreTasks } from "../../src/tasks/buildCoreTasks.ts";
import { loadTaskDataset } from "../../src/tasks/dataset/loadTaskDataset.ts";
import { SeededRandom } from "../../src/util/SeededRandom.ts";
import { fairTorchEnv } from "../peers/fairTorchEnv.ts";
import { BENCH_MODELS, writeBenchModel } from "./benchModel.ts";

const argv = process.argv.slice(2);
const opt = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const quick = argv.includes("--quick");
const out = resolve(opt("--out") ?? (quick ? "bench-score-quick" : "bench-score"));
const notesPerSet = Number(opt("--notes") ?? (quick ? 16 : 1000));
const coreuserNotes = Math.min(notesPerSet, Number(opt("--coreuser-notes") ?? (quick ? 16 : 200)));
const modelNames = (opt("--models") ?? (quick ? "demo" : "bert-base,demo")).split(",");
const threads = Number(opt("--threads") ?? Math.min(2, availableParallelism()));
const seed = 7;
const BATCH = 8;
const TORCH_SCRIPT = fileURLToPath(new URL("./torch_score.py", import.meta.url));
for (const m of modelNames) if (!BENCH_MODELS[m]) throw new Error(`--models: unknown ${m} (bert-base, demo)`);

interface Row {
  model: string;
  set: string;
  notes: number;
  medianWordPieces: number;
  prognos: { seconds: number; notesPerSecond: number };
  /** The same predictor with its encoder in int8 (`--int8`, docs/quantization.md); max |Δp| against fp32. */
  int8: { seconds: number; notesPerSecond: number; maxAbsDiff: number };
  coreuser: { notes: number; seconds: number; notesPerSecond: number; maxAbsDiff: number } | null;
  fast: { seconds: number; notesPerSecond: number; maxAbsDiff: number } | null;
  load: [number, number];
}

const resultsFile = join(out, "results.json");
mkdirSync(out, { recursive: true });
const results: Row[] = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, "utf8")) : [];

function sample<T>(xs: readonly T[], n: number, key: string): T[] {
  const idx = xs.map((_, i) => i);
  SeededRandom.from(seed, "bench-score", key).shuffle(idx);
  return idx.slice(0, n).map((i) => xs[i]!);
}

async function hospitalNotes(n: number): Promise<string[]> {
  const tasks = join(out, "tasks");
  if (!existsSync(join(tasks, "MP_IN_adm"))) {
    const hospital = join(out, "hospital");
    // ~80% of admissions have an admission note in MP_IN_adm (newborns and notes without sections are left out).
    if (!existsSync(hospital))
      await synthesizeMimic3({ admissions: Math.ceil(n * 1.5) + 100, otherNotes: 0, seed, outDir: hospital });
    await buildCoreTasks({ source: "mimic3", dir: hospital, out: tasks, overwrite: true });
  }
  const d = await loadTaskDataset(join(tasks, "MP_IN_adm"));
  const texts = [...d.splits.train, ...d.splits.val, ...d.splits.test].map((r) => r.text).filter((t) => t.trim());
  if (texts.length < n) throw new Error(`the synthetic hospital has ${texts.length} admission notes, fewer than ${n}`);
  return sample(texts, n, "hospital");
}

function torchAvailable(): boolean {
  return spawnSync("/usr/bin/python3", ["-c", "import torch"], { encoding: "utf8" }).status === 0;
}

/** PyTorch in its best setting here: the machine's OpenBLAS overrides unset in the child only (docs/engine.md). */
function runTorch(model: string, idsFile: string, mode: "coreuser" | "fast", maxLength: number) {
  const r = spawnSync(
    "/usr/bin/python3",
    [TORCH_SCRIPT, "--model", model, "--ids", idsFile, "--mode", mode, "--max-length", String(maxLength)],
    { encoding: "utf8", env: fairTorchEnv(), maxBuffer: 1 << 28 },
  );
  if (r.status !== 0) throw new Error(`torch_score.py --mode ${mode} failed: ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as { seconds: number; probabilities: number[] };
}

const maxAbsDiff = (a: readonly number[], b: readonly number[]) =>
  a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i]!)), 0);

const withTorch = torchAvailable();
console.log(
  `bench/score: ${notesPerSet} notes per set, models ${modelNames.join(", ")}, ${threads} threads, load average ${loadavg()[0]!.toFixed(2)}` +
    (withTorch ? "" : " — PyTorch not available (/usr/bin/python3 cannot import torch): Prognos' figures only"),
);
const sets: Record<string, () => Promise<string[]>> = {
  mtsamples: async () => sample(readMtSamplesTranscriptions(), notesPerSet, "mtsamples"),
  hospital: () => hospitalNotes(notesPerSet),
};
for (const modelName of modelNames) {
  const spec = BENCH_MODELS[modelName]!;
  const dir = join(out, "models", modelName);
  if (!existsSync(join(dir, "config.json"))) await writeBenchModel(dir, spec, seed);
  for (const [set, load] of Object.entries(sets)) {
    if (results.some((r) => r.model === modelName && r.set === set)) continue;
    const texts = await load();
    const loadStart = loadavg()[0]!;
    const notes = texts.map((text, i) => ({ id: String(i), text }));
    const timeScoring = async (int8: boolean) => {
      const engine = Engine.create({ threads });
      try {
        const predictor = await NotePredictor.load([dir], engine, { int8 });
        await predictor.score(notes.slice(0, BATCH), { batchSize: BATCH }); // warm-up: sessions made, arenas grown
        const t0 = performance.now();
        const scored = await predictor.score(notes, { batchSize: BATCH });
        const seconds = (performance.now() - t0) / 1000;
        const ids = notes.map((n) => predictor.read(n)[0]!.windows[0]!);
        return { seconds, probabilities: scored.map((s) => s[0]!.probabilities[1]!), ids };
      } finally {
        await engine.release();
      }
    };
    const fp32 = await timeScoring(false);
    const int8 = await timeScoring(true);
    const { seconds, probabilities: ours, ids } = fp32;
    const pieces = ids.map((r) => r.length).sort((a, b) => a - b);
    const row: Row = {
      model: modelName,
      set,
      notes: notes.length,
      medianWordPieces: pieces[Math.floor(pieces.length / 2)]!,
      prognos: { seconds, notesPerSecond: notes.length / seconds },
      int8: {
        seconds: int8.seconds,
        notesPerSecond: notes.length / int8.seconds,
        maxAbsDiff: maxAbsDiff(int8.probabilities, ours),
      },
      coreuser: null,
      fast: null,
      load: [loadStart, 0],
    };
    if (withTorch) {
      const idsFile = join(out, `ids-${modelName}-${set}.json`);
      writeFileSync(idsFile, JSON.stringify(ids.slice(0, coreuserNotes)));
      const cu = runTorch(dir, idsFile, "coreuser", spec.maxLength);
      row.coreuser = {
        notes: coreuserNotes,
        seconds: cu.seconds,
        notesPerSecond: coreuserNotes / cu.seconds,
        maxAbsDiff: maxAbsDiff(cu.probabilities, ours.slice(0, coreuserNotes)),
      };
      writeFileSync(idsFile, JSON.stringify(ids));
      const fast = runTorch(dir, idsFile, "fast", spec.maxLength);
      row.fast = {
        seconds: fast.seconds,
        notesPerSecond: notes.length / fast.seconds,
        maxAbsDiff: maxAbsDiff(fast.probabilities, ours),
      };
    }
    row.load[1] = loadavg()[0]!;
    results.push(row);
    writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`  ${modelName} × ${set}: done (${seconds.toFixed(1)} s for Prognos)`);
  }
}

const f = (x: number) => x.toFixed(2);
const lines = [
  "| model | notes | median word pieces | Prognos notes/s | int8 notes/s (× fp32) | PyTorch CORe-user notes/s (notes) | ratio | PyTorch fast path notes/s | ratio | max |Δp| | load |",
  "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
  ...results.map((r) =>
    [
      r.model,
      `${r.set} (${r.notes})`,
      r.medianWordPieces,
      f(r.prognos.notesPerSecond),
      `${f(r.int8.notesPerSecond)} (${f(r.int8.notesPerSecond / r.prognos.notesPerSecond)}×)`,
      r.coreuser ? `${f(r.coreuser.notesPerSecond)} (${r.coreuser.notes})` : "n/a",
      r.coreuser ? `${f(r.prognos.notesPerSecond / r.coreuser.notesPerSecond)}×` : "n/a",
      r.fast ? f(r.fast.notesPerSecond) : "n/a",
      r.fast ? `${f(r.prognos.notesPerSecond / r.fast.notesPerSecond)}×` : "n/a",
      r.fast && r.coreuser ? Math.max(r.fast.maxAbsDiff, r.coreuser.maxAbsDiff).toExponential(1) : "n/a",
      `${f(r.load[0])}–${f(r.load[1])}`,
    ].join(" | "),
  ),
].map((l) => (l.startsWith("|") ? l : `| ${l} |`));
writeFileSync(join(out, "results.md"), `${lines.join("\n")}\n`);
console.log(lines.join("\n"));
