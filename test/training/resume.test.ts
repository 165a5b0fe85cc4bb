import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { killAfterSteps } from "../helpers/killAfterSteps.ts";

// Killing `prognos train` with SIGKILL and re-running with --resume must give the same final weights as an
// uninterrupted run (same thread count, here 2: bit-identical also when ONNX Runtime runs ops on two threads),
// dropout and shuffling included.
const MODEL = "test/fixtures/bert/tiny-uncased-gelu";
const WORDS = ["patient", "admitted", "with", "chest", "pain", "fever", "cough", "history", "of", "and"];

function taskFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), "prognos-resume-task-"));
  mkdirSync(dir, { recursive: true });
  let seed = 7;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  for (const [split, n] of [
    ["train", 40],
    ["val", 12],
    ["test", 12],
  ] as const) {
    const rows = ['"id","text","hospital_expire_flag"'];
    for (let i = 0; i < n; i++) {
      const label = i % 3 === 0 ? 1 : 0;
      const words = Array.from({ length: 6 + Math.floor(rand() * 10) }, () => WORDS[Math.floor(rand() * WORDS.length)]);
      if (label) words.push("fever");
      rows.push(`"${split}${i}","${words.join(" ")}","${label}"`);
    }
    writeFileSync(join(dir, `${split}.csv`), `${rows.join("\n")}\n`);
  }
  return dir;
}

const args = (task: string, out: string, extra: readonly string[] = []) => [
  "bin/prognos.js",
  "train",
  "--model",
  MODEL,
  "--task",
  task,
  "--out",
  out,
  "--epochs",
  "4",
  "--batch-size",
  "8",
  "--micro-batch-size",
  "4",
  "--lr",
  "1e-3",
  "--warmup-steps",
  "3",
  "--dropout",
  "0.1",
  "--save-every",
  "1",
  "--threads",
  "2",
  "--json",
  ...extra,
];

// Whole notes (docs/long-notes.md): 6 word pieces per window every 3, so the notes (6–16 pieces) are read as 1–4
// windows, and micro-batches of at most 6 windows take whole notes (gradient accumulation by notes).
const WINDOWS = ["--max-length", "8", "--long-notes", "windows", "--stride", "3", "--micro-batch-size", "6"];

for (const [name, extra] of [
  ["", []],
  [" (long notes read as windows, accumulated by whole notes)", WINDOWS],
] as const) {
  test(`SIGKILL mid-run, then --resume, ends at bit-identical weights${name}`, { timeout: 180_000 }, async () => {
    const task = taskFolder();
    const straight = mkdtempSync(join(tmpdir(), "prognos-straight-"));
    const r = spawnSync(process.execPath, args(task, straight, extra), { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).steps, 20);
    if (extra.length > 0) assert.match(r.stderr, /train: 40 rows, [1-9]\d* read as windows/);

    const killed = mkdtempSync(join(tmpdir(), "prognos-killed-"));
    const child = spawn(process.execPath, args(task, killed, extra), { stdio: "ignore" });
    await killAfterSteps(child, killed, 7);
    assert.ok(!existsSync(join(killed, "last", "model.safetensors")), "the killed run must not have finished");
    const resumed = spawnSync(process.execPath, [...args(task, killed, extra), "--resume"], { encoding: "utf8" });
    assert.equal(resumed.status, 0, resumed.stderr);
    assert.equal(JSON.parse(resumed.stdout).steps, 20);

    const a = readFileSync(join(straight, "last", "model.safetensors"));
    const b = readFileSync(join(killed, "last", "model.safetensors"));
    assert.ok(a.equals(b), "final weights differ after resume");
    const c = readFileSync(join(straight, "best", "model.safetensors"));
    assert.ok(!a.equals(Buffer.alloc(a.length)) && c.length === a.length);
  });
}

// Several steps per ONNX Runtime call (one micro-batch per step: --micro-batch-size = --batch-size): calls of up to
// 3 steps, never past an evaluation (every 5 steps) or a save (every 10). A run at 1 step per call, and one killed
// after 7 steps and resumed, both at 3 per call, end at the same bytes (the Loop changes no bits).
test("--steps-per-call 3: the weights of 1 per call, also after SIGKILL and --resume", {
  timeout: 180_000,
}, async () => {
  const task = taskFolder();
  const perCall = (k: number) => ["--micro-batch-size", "8", "--save-every", "10", "--steps-per-call", `${k}`];
  const straight = mkdtempSync(join(tmpdir(), "prognos-straight-"));
  const r = spawnSync(process.execPath, args(task, straight, perCall(1)), { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).steps, 20);
  const grouped = mkdtempSync(join(tmpdir(), "prognos-grouped-"));
  const g = spawnSync(process.execPath, args(task, grouped, perCall(3)), { encoding: "utf8" });
  assert.equal(g.status, 0, g.stderr);
  const killed = mkdtempSync(join(tmpdir(), "prognos-killed-"));
  const child = spawn(process.execPath, args(task, killed, perCall(3)), { stdio: "ignore" });
  await killAfterSteps(child, killed, 7);
  assert.ok(!existsSync(join(killed, "last", "model.safetensors")), "the killed run must not have finished");
  const resumed = spawnSync(process.execPath, [...args(task, killed, perCall(3)), "--resume"], { encoding: "utf8" });
  assert.equal(resumed.status, 0, resumed.stderr);
  const a = readFileSync(join(straight, "last", "model.safetensors"));
  assert.ok(a.equals(readFileSync(join(grouped, "last", "model.safetensors"))), "3 per call differs from 1 per call");
  assert.ok(a.equals(readFileSync(join(killed, "last", "model.safetensors"))), "differs after kill and resume");
  const losses = (dir: string) =>
    readFileSync(join(dir, "log.jsonl"), "utf8")
      .split("\n")
      .filter((l) => l.includes('"loss"'))
      .map((l) => JSON.parse(l).loss as number);
  assert.deepEqual(losses(grouped), losses(straight));
  assert.equal(JSON.parse(readFileSync(join(grouped, "run.json"), "utf8")).stepsPerCall, 3);
});

// A loss that becomes non-finite inside a call of several steps: the run stops naming that step, and last/ holds the
// weights from before it (the call's earlier steps replayed), as at one step per call.
test("a non-finite loss mid-call stops at the same step with the same last/ as at 1 step per call", {
  timeout: 120_000,
}, () => {
  const task = taskFolder();
  const run = (k: number) => {
    const out = mkdtempSync(join(tmpdir(), "prognos-nan-"));
    const blowUp = ["--optimizer", "sgd", "--lr", "1e30", "--max-grad-norm", "0", "--warmup-steps", "0"];
    const extra = ["--micro-batch-size", "8", "--save-every", "10", "--steps-per-call", `${k}`, ...blowUp];
    const r = spawnSync(process.execPath, args(task, out, extra), { encoding: "utf8" });
    return { r, weights: readFileSync(join(out, "last", "model.safetensors")) };
  };
  const one = run(1);
  assert.equal(one.r.status, 1);
  const step = /loss became \S+ at step (\d+);/.exec(one.r.stderr)?.[1];
  assert.ok(step && Number(step) > 1, one.r.stderr);
  const four = run(4);
  assert.equal(four.r.status, 1);
  assert.match(four.r.stderr, new RegExp(`loss became \\S+ at step ${step};`));
  assert.ok(one.weights.equals(four.weights), "last/ differs");
});

// Kills at seeded random times rather than after whole steps (docs/faults.md): mid-step, mid-save of the resume
// state or of best/ and last/, or before anything is written; each run after a kill is `--resume`.
test("SIGKILL at seeded random times, three kills in a row, each followed by --resume: bit-identical weights", {
  timeout: 240_000,
}, async () => {
  const { SeededRandom } = await import("../../src/util/SeededRandom.ts");
  const task = taskFolder();
  const straight = mkdtempSync(join(tmpdir(), "prognos-straight-"));
  const started = Date.now();
  const r = spawnSync(process.execPath, args(task, straight), { encoding: "utf8" });
  const took = Date.now() - started;
  assert.equal(r.status, 0, r.stderr);
  const killed = mkdtempSync(join(tmpdir(), "prognos-killed-"));
  const random = SeededRandom.from(16, "train kills");
  let cut = 0;
  for (let k = 0; k < 3; k++) {
    const child = spawn(process.execPath, [...args(task, killed), "--resume"], { stdio: "ignore" });
    const delay = Math.round(took * random.uniform(0.3, 0.8));
    const timer = setTimeout(() => child.kill("SIGKILL"), delay);
    const [, signal] = await new Promise<[number | null, string | null]>((done) =>
      child.once("exit", (code, sig) => done([code, sig])),
    );
    clearTimeout(timer);
    if (signal === "SIGKILL") cut++;
  }
  assert.ok(cut > 0, "no kill landed before the end of the run");
  const resumed = spawnSync(process.execPath, [...args(task, killed), "--resume"], { encoding: "utf8" });
  assert.equal(resumed.status, 0, resumed.stderr);
  for (const f of ["last", "best"]) {
    const a = readFileSync(join(straight, f, "model.safetensors"));
    assert.ok(a.equals(readFileSync(join(killed, f, "model.safetensors"))), `${f}/ differs after ${cut} kills`);
  }
});

test("a fresh run into a folder holding a run is refused; --resume of a different config too", () => {
  const task = taskFolder();
  const out = mkdtempSync(join(tmpdir(), "prognos-refuse-"));
  const base = args(task, out).map((a) => (a === "4" ? "1" : a));
  assert.equal(spawnSync(process.execPath, base, { encoding: "utf8" }).status, 0);
  const again = spawnSync(process.execPath, base, { encoding: "utf8" });
  assert.equal(again.status, 1);
  assert.match(
    again.stderr,
    /already holds a run \(run\.json, .*\); pass --resume to continue it or --overwrite to replace it\n$/,
  );
  const other = spawnSync(process.execPath, [...base.map((a) => (a === "1e-3" ? "2e-3" : a)), "--resume"], {
    encoding: "utf8",
  });
  assert.equal(other.status, 1);
  assert.match(other.stderr, /the saved run used other options/);
});

test("a save after a kill that left both state/ and state.old/ replaces them (no ENOTEMPTY)", async () => {
  const { replaceFolder } = await import("../../src/util/outputFolder.ts");
  const { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const root = mkdtempSync(join(tmpdir(), "prognos-replace-"));
  const dir = join(root, "state");
  for (const [d, v] of [
    [dir, "new"],
    [`${dir}.old`, "older"],
  ] as const) {
    mkdirSync(d);
    writeFileSync(join(d, "trainer.json"), v);
  }
  replaceFolder(dir, (tmp) => writeFileSync(join(tmp, "trainer.json"), "newest"));
  assert.equal(readFileSync(join(dir, "trainer.json"), "utf8"), "newest");
  assert.ok(!existsSync(`${dir}.old`) && !existsSync(`${dir}.tmp`));
});
