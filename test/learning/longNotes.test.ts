import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import type { BertConfigArgs } from "../../src/checkpoint/BertConfig.ts";
import { initBertFolder } from "../../src/training/initBertFolder.ts";
import { CONTEXT_WORDS } from "./contextTask.ts";
import { writeLateWordTask } from "./lateWordTask.ts";

// Whole notes (docs/long-notes.md): on a task whose label-bearing word always lies beyond the truncation point, a
// model trained with --long-notes windows learns it and one trained with truncation cannot; evaluate and predict
// read the notes as the head in config.json says.
const root = mkdtempSync(join(tmpdir(), "prognos-long-notes-"));
after(() => rmSync(root, { recursive: true, force: true }));
const prognos = (...args: string[]) => spawnSync(process.execPath, ["bin/prognos.js", ...args], { encoding: "utf8" });

const SMALL = {
  vocab_size: CONTEXT_WORDS.length + 5,
  hidden_size: 32,
  num_hidden_layers: 1,
  num_attention_heads: 2,
  intermediate_size: 64,
  max_position_embeddings: 64,
} as BertConfigArgs;

// 48 one-piece words per note; "sepsis" (half the notes) at position 24 or later. --max-length 16 reads 14 pieces.
const dir = join(root, "late-word");
const { task, vocab } = writeLateWordTask(dir, { train: 240, val: 60, test: 150 }, { words: 48, from: 24 }, 5);
const model = join(dir, "init");
initBertFolder(model, SMALL, vocab, 3);

function train(out: string, ...extra: string[]) {
  const r = prognos(
    "train",
    ...["--model", model, "--task", task, "--out", out, "--max-length", "16", "--dropout", "0", "--threads", "2"],
    ...["--batch-size", "16", "--epochs", "12", "--lr", "2e-3", "--warmup-steps", "10", "--no-class-weights"],
    // One evaluation, at the end: val AUROC saturates at 1 within a few epochs, and the first checkpoint to reach
    // it would be kept barely trained.
    ...["--eval-every", "1000", "--json", ...extra],
  );
  assert.equal(r.status, 0, r.stderr);
  return { result: JSON.parse(r.stdout) as { best_val_macro_auroc: number }, stderr: r.stderr };
}

function evaluate(run: string, split: string) {
  const e = prognos("evaluate", run, "--split", split, "--bootstrap", "0", "--threads", "2", "--json", "--overwrite");
  assert.equal(e.status, 0, e.stderr);
  return JSON.parse(e.stdout) as { headline: { value: number }; input: Record<string, unknown> };
}

test("a word beyond the truncation point: windows learn it, truncation cannot; evaluate and predict use the head's windows", {
  timeout: 300_000,
}, (t) => {
  const windowsRun = join(dir, "windows");
  const w = train(windowsRun, "--long-notes", "windows", "--stride", "7", "--micro-batch-size", "32");
  // 14 pieces per window every 7 over 48 pieces: windows ending at 14, 21, …, 42 and 48 — 6 per note.
  assert.match(
    w.stderr,
    /train: 240 rows, 240 read as windows \(1440 windows of ≤ 16 tokens\), 0 capped to 16 windows/,
  );
  const head = JSON.parse(readFileSync(join(windowsRun, "best", "config.json"), "utf8")).prognos_head;
  assert.deepEqual(head.long_notes, { policy: "windows", window: 16, stride: 7, pool: "max", max_windows: 16 });

  const truncateRun = join(dir, "truncate");
  const tr = train(truncateRun);
  assert.match(tr.stderr, /train: 240 rows, 240 truncated to 16 tokens/);

  const windowsTest = evaluate(windowsRun, "test");
  const truncateTest = evaluate(truncateRun, "test");
  assert.ok(windowsTest.headline.value > 0.95, `windows: test AUROC ${windowsTest.headline.value}`);
  assert.ok(truncateTest.headline.value < 0.65, `truncate: test AUROC ${truncateTest.headline.value}`);
  assert.equal(windowsTest.input.long_notes, "windows");
  assert.equal(windowsTest.input.windows, 150 * 6);
  assert.equal(truncateTest.input.truncated, 150);

  // evaluate reads val as training's dev evaluation did: the same windows, the same pooling, the same AUROC.
  const windowsVal = evaluate(windowsRun, "val");
  assert.ok(
    Math.abs(windowsVal.headline.value - w.result.best_val_macro_auroc) < 1e-9,
    `evaluate ${windowsVal.headline.value}, training ${w.result.best_val_macro_auroc}`,
  );

  // predict: a note with the word at its very end (the last of its 6 windows) against the same note without it. The
  // windowed head sees the difference; the truncating one reads the first 14 pieces of both, the same.
  const words = Array.from({ length: 48 }, (_, i) => CONTEXT_WORDS[6 + (i % 11)]!);
  const risks = (run: string) => {
    const notes = [words, [...words.slice(0, 47), "sepsis"]].map((w) => w.join(" "));
    return notes.map((text) => {
      const p = prognos("predict", "--model", run, "--text", text);
      assert.equal(p.status, 0, p.stderr);
      return JSON.parse(p.stdout).predictions[0] as { risk: number; windows: number; cut: boolean };
    });
  };
  const [plain, late] = risks(windowsRun);
  assert.deepEqual([late!.windows, late!.cut], [6, false]);
  assert.ok(late!.risk - plain!.risk > 0.5, `windows: risk ${plain!.risk} without the word, ${late!.risk} with it`);
  const [tPlain, tLate] = risks(truncateRun);
  assert.deepEqual([tLate!.windows, tLate!.cut], [1, true]);
  assert.equal(tLate!.risk, tPlain!.risk);
  t.diagnostic(
    `test AUROC windows ${windowsTest.headline.value.toFixed(4)}, truncate ${truncateTest.headline.value.toFixed(4)}; ` +
      `predicted risk without/with the late word: windows ${plain!.risk.toFixed(5)}/${late!.risk.toFixed(5)}`,
  );
});
