import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { binaryTask } from "../helpers/tinyTasks.ts";

const MODEL = "test/fixtures/bert/tiny-uncased-gelu";
const prognos = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ["bin/prognos.js", ...args], { encoding: "utf8", env: { ...process.env, ...env } });

test("tokenize and embed say when a text is cut to --max-length (counts only, never the text)", () => {
  const text = "chest pain and fever ".repeat(10).trim();
  const t = prognos(["tokenize", "--model", MODEL, "--max-length", "8", text]);
  assert.equal(t.status, 0, t.stderr);
  assert.equal(JSON.parse(t.stdout).input_ids.length, 8);
  assert.match(t.stderr, /warning: the text has 40 word pieces; only the first 6 were kept \(--max-length 8/);
  assert.ok(!t.stderr.includes("chest"), "no note text on stderr");
  const e = prognos(["embed", "--model", MODEL, "--max-length", "8", "--threads", "1", text]);
  assert.equal(e.status, 0, e.stderr);
  assert.match(e.stderr, /only the first 6 were kept/);
  const short = prognos(["tokenize", "--model", MODEL, "chest pain"]);
  assert.equal(short.stderr, "", "no warning when nothing is cut");
});

test("train with stderr not a terminal prints plain progress lines, and warns about a warm-up longer than the run", () => {
  const task = binaryTask(join(mkdtempSync(join(tmpdir(), "prognos-task-")), "task"));
  const run = mkdtempSync(join(tmpdir(), "prognos-run-"));
  const r = prognos(
    ["train", "--model", MODEL, "--task", task, "--out", `${run}/r`, "--epochs", "2", "--batch-size", "4"].concat([
      // One step per call: with several, a call's steps report within the same millisecond, one line per call.
      "--steps-per-call",
      "1",
      "--threads",
      "1",
      "--warmup-steps",
      "5000",
    ]),
    { PROGNOS_PROGRESS_SECONDS: "0.000001" },
  );
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /warning: --warmup-steps 5000 is not shorter than the whole run \(6 steps\)/);
  const lines = r.stderr.split("\n").filter((l) => l.startsWith("prognos: train: "));
  assert.ok(lines.length >= 6, `a plain line per step at this interval, got ${lines.length}`);
  assert.match(lines.at(-1)!, /^prognos: train: 6\/6 steps \(100%/);
  assert.ok(!r.stderr.includes("\r"), "no carriage returns in a log");
});
