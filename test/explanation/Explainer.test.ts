import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { loadCheckpoint } from "../../src/checkpoint/Checkpoint.ts";
import { Engine } from "../../src/engine/Engine.ts";
import { Explainer } from "../../src/explanation/Explainer.ts";
import { wordSpans } from "../../src/explanation/wordSpans.ts";
import { readModelHead } from "../../src/models/heads/readModelHead.ts";
import { BertTokenizer } from "../../src/tokenizer/BertTokenizer.ts";
import { binaryTask } from "../helpers/tinyTasks.ts";

const engine = Engine.create({ threads: 1 });
const root = mkdtempSync(join(tmpdir(), "prognos-explain-"));
after(async () => {
  await engine.release();
  rmSync(root, { recursive: true, force: true });
});

async function explainer(dir: string) {
  const checkpoint = await loadCheckpoint(dir);
  const { head } = readModelHead(checkpoint);
  const { tokenizer } = await BertTokenizer.fromFolder(dir);
  return { explainer: await Explainer.create(checkpoint, head, engine), tokenizer };
}

test("integrated gradients are complete: Σ attributions ≈ f(x) − f(baseline), within 5% at 32 steps, closer with more", async () => {
  const { explainer: e, tokenizer } = await explainer("test/fixtures/bert/tiny-relu-seqcls");
  const ids = tokenizer.encode("patient with chest pain and fever, no cough.").inputIds;
  for (const label of [0, 1, 2]) {
    const errors: number[] = [];
    for (const steps of [16, 32, 64]) {
      const a = await e.explain(ids, label, { steps, batch: 16 });
      const total = a.scores.reduce((s, v) => s + v, 0);
      const gap = a.logit - a.baselineLogit;
      errors.push(Math.abs(total - gap) / Math.abs(gap));
      assert.equal(a.scores[0], 0, "[CLS] is not attributed");
      assert.equal(a.passes, steps + 2);
    }
    assert.ok(errors[1]! <= 0.05, `label ${label}: completeness error at 32 steps ${errors[1]}`);
    assert.ok(errors[2]! < errors[0]!, `label ${label}: errors ${errors.join(", ")} do not shrink from 16 to 64 steps`);
  }
});

test("a model trained to key on one word gives that word the largest attribution", async () => {
  const task = binaryTask(join(root, "task"), [40, 10, 10]);
  const run = join(root, "run");
  const t = spawnSync(
    process.execPath,
    ["bin/prognos.js", "train", "--model", "test/fixtures/bert/tiny-uncased-gelu", "--task", task, "--out", run].concat(
      ["--epochs", "6", "--lr", "3e-3", "--warmup-steps", "0", "--batch-size", "8", "--threads", "1", "--dropout", "0"],
    ),
    { encoding: "utf8" },
  );
  assert.equal(t.status, 0, t.stderr);
  const { explainer: e, tokenizer } = await explainer(join(run, "best"));
  const text = "patient with sepsis";
  const pieces = tokenizer.textToIds(text);
  const spans = wordSpans(tokenizer, text, pieces)!;
  assert.deepEqual(
    spans.map((s) => text.slice(s.start, s.end)),
    ["patient", "with", "sepsis"],
  );
  const ids = tokenizer.encode(text).inputIds;
  for (const method of ["ig", "grad-x-input"] as const) {
    const a = await e.explain(ids, 1, { method });
    const words = Array.from(a.scores.slice(1, -1));
    const top = words.indexOf(Math.max(...words));
    assert.equal(text.slice(spans[top]!.start, spans[top]!.end), "sepsis", `${method}: ${words.join(", ")}`);
  }
});
