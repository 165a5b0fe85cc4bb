// Every command that writes checks its output before any work: a path that cannot be written is one error line
// naming it (exit 1), never "internal error" with a stack trace; a write failing later (a full disk) names its file.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { multiLabelTask } from "../helpers/tinyTasks.ts";

const MODEL = "test/fixtures/bert/tiny-uncased-gelu";
const root = mkdtempSync(join(tmpdir(), "prognos-outputs-"));
after(() => rmSync(root, { recursive: true, force: true }));

/** Runs the CLI; the timeout only stops a hung command (one that spins forever) from hanging the suite. */
function prognos(...args: string[]) {
  const r = spawnSync(process.execPath, ["bin/prognos.js", ...args], { encoding: "utf8", timeout: 120_000 });
  assert.equal(r.error, undefined, `${args.join(" ")}: ${r.error}`);
  return r;
}

const task = () => multiLabelTask(join(root, "task"));

// Paths that fail for root too (chmod does not stop root): /proc takes no new entries; a file has no children.
const aFile = join(root, "a-file");
writeFileSync(aFile, "x");
const BAD_OUTS: [string, RegExp][] = [
  ["/proc/x", /: (cannot create this folder|cannot write in \/proc): no such file or directory \(ENOENT\)$/],
  [join(aFile, "out"), new RegExp(`: ${aFile} is a file, not a folder$`)],
];

/** The command fails at once: stderr is the one error line (no progress or training line before it). */
function assertRefused(args: string[], out: string, reason: RegExp): void {
  const r = prognos(...args);
  assert.equal(r.status, 1, `${args.join(" ")}\n${r.stderr}`);
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at /, "no internal error, no stack trace");
  const lines = r.stderr.split("\n").filter((l) => l !== "");
  assert.equal(lines.length, 1, `the error comes before any work:\n${r.stderr}`);
  assert.ok(lines[0]!.startsWith(`prognos: error: --out ${out}: `), lines[0]);
  assert.match(lines[0]!, reason);
  assert.equal(r.stdout, "");
}

const COMMANDS: Record<string, (out: string) => string[]> = {
  embed: (out) => ["embed", "--model", MODEL, "--out", out, "some text"],
  export: (out) => ["export", "--model", MODEL, "--out", out],
  train: (out) => ["train", "--model", MODEL, "--task", task(), "--out", out, "--epochs", "1", "--threads", "1"],
  "baseline bow": (out) => ["baseline", "bow", "--task", task(), "--out", out, "--threads", "1"],
  "pretrain core": (out) => ["pretrain", "core", "--from", MODEL, "--notes", "mtsamples", "--out", out, "--steps", "1"],
  "pretrain mlm": (out) => ["pretrain", "mlm", "--from", MODEL, "--notes", "mtsamples", "--out", out, "--steps", "1"],
  "tasks build": (out) => [
    "tasks",
    "build",
    "--source",
    "mimic3",
    "--dir",
    "test/fixtures/mimic3/hospital",
    "--out",
    out,
  ],
  "synth mimic3": (out) => ["synth", "mimic3", "--admissions", "50", "--seed", "1", "--out", out],
  "synth ehr": (out) => ["synth", "ehr", "--patients", "50", "--seed", "1", "--out", out],
  "ehr build": (out) => [
    "ehr",
    "build",
    "--source",
    "mimic3",
    "--dir",
    "data/mimic-iii-demo",
    "--cohort",
    "dhf",
    "--out",
    out,
  ],
  demo: (out) => ["demo", "--quick", "--out", out],
  "fetch-model": (out) => ["fetch-model", "tiny/bert", "--out", out, "--endpoint", "http://127.0.0.1:9"],
};

for (const [name, args] of Object.entries(COMMANDS)) {
  test(`${name}: an --out that cannot be written is refused before any work, naming it`, () => {
    for (const [out, reason] of BAD_OUTS) assertRefused(args(out), out, reason);
  });
}

test("evaluate: an evaluation folder that cannot be made is refused before the model is loaded", () => {
  const run = join(root, "run-with-file");
  mkdirSync(run);
  writeFileSync(join(run, "run.json"), JSON.stringify({ task: task(), maxLength: 16, pooler: true }));
  writeFileSync(join(run, "eval-test"), "not a folder");
  const r = prognos("evaluate", run, "--split", "test");
  assert.equal(r.status, 1, r.stderr);
  assert.equal(r.stderr, `prognos: error: evaluation folder ${join(run, "eval-test")}: is a file, not a folder\n`);
});

// synth mimic3 / synth ehr (and tasks build, ehr build) on a full disk: test/faults/fullDisk.test.ts, on a real
// small tmpfs (they write under a temporary folder now, so a /dev/full link in --out is never written to).

test("a full disk while writing: embed --out and export --out name the file", () => {
  const dir = join(root, "full-files");
  mkdirSync(dir);
  for (const [args, file] of [
    [["embed", "--model", MODEL, "some text"], "emb.json"],
    [["export", "--model", MODEL], "encoder.onnx"],
  ] as const) {
    // Both write <out>.tmp, then rename it to <out>.
    symlinkSync("/dev/full", join(dir, `${file}.tmp`));
    const r = prognos(...args, "--out", join(dir, file));
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr, `prognos: error: ${join(dir, file)}: cannot write: no space left on device (ENOSPC)\n`);
    assert.ok(!existsSync(join(dir, `${file}.tmp`)), "the partial file is removed");
  }
});
