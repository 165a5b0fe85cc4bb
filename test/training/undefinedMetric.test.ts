import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";

const MODEL = "test/fixtures/bert/tiny-uncased-gelu";

// A val split with one class only: macro AUROC is undefined (NaN) at every evaluation. Taken as "best so far" it
// could never be beaten: best/ froze at the first evaluation without a word. Now no undefined metric selects
// best/; the user is told, and best/ holds the last weights.
test("an undefined val metric never selects best/: warned, and best/ is the last weights", () => {
  const task = mkdtempSync(join(tmpdir(), "prognos-task-"));
  for (const [split, n, onlyZero] of [
    ["train", 12, false],
    ["val", 6, true],
    ["test", 6, false],
  ] as const) {
    const rows = ['"id","text","hospital_expire_flag"'];
    for (let i = 0; i < n; i++) {
      const y = onlyZero ? 0 : i % 2;
      rows.push(`"${split}-${i}","patient with ${y ? "sepsis" : "cough"} ${i}","${y}"`);
    }
    writeFileSync(join(task, `${split}.csv`), `${rows.join("\n")}\n`);
  }
  const out = join(mkdtempSync(join(tmpdir(), "prognos-run-")), "run");
  const r = spawnSync(
    process.execPath,
    ["bin/prognos.js", "train", "--model", MODEL, "--task", task, "--out", out, "--epochs", "3"].concat([
      "--batch-size",
      "4",
      "--lr",
      "1e-2",
      "--warmup-steps",
      "0",
      "--threads",
      "1",
      "--json",
    ]),
    { encoding: "utf8" },
  );
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /warning: val macro AUROC is undefined at step 3 /);
  assert.match(
    r.stderr,
    /warning: no evaluation had a defined val macro AUROC: best\/ holds the last weights \(step 9\)/,
  );
  const result = JSON.parse(r.stdout);
  assert.equal(result.best_val_macro_auroc, null);
  const log = readFileSync(join(out, "log.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  assert.deepEqual(
    log.filter((e) => "val_metric" in e).map((e) => [e.step, e.val_metric]),
    [
      [3, null],
      [6, null],
      [9, null],
    ],
  );
  const best = readFileSync(join(out, "best", "model.safetensors"));
  const last = readFileSync(join(out, "last", "model.safetensors"));
  assert.ok(best.equals(last), "best/ holds the last weights");
});
