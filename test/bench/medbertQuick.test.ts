/**
 * bench/medbert/reproduce.ts --quick (docs/medbert.md#reproduction): every step of the synthetic reproduction runs —
 * two synthetic EHRs from different seeds, pre-training on one, dhf from the other, the curves with and without the
 * pre-trained encoder — and the verdict on each of the paper's claims is written; a second run skips every step.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";

const out = mkdtempSync(join(tmpdir(), "prognos-bench-medbert-"));
after(() => rmSync(out, { recursive: true, force: true }));
const run = () =>
  spawnSync(process.execPath, ["--import", "tsx", "bench/medbert/reproduce.ts", "--quick", "--out", out], {
    encoding: "utf8",
    timeout: 600_000,
  });

test("bench:medbert --quick runs every step, writes the claims, and a rerun resumes (skips every step)", () => {
  const first = run();
  assert.equal(first.status, 0, first.stderr.slice(-2000));
  const claims = readFileSync(join(out, "claims.md"), "utf8");
  assert.match(claims, /\| training patients \| lr \| gru \| gru \+ Med-BERT \|/);
  for (const claim of [
    "Pre-training helps every GRU-family head",
    "The gain is largest below 1,000",
    "Logistic regression is as strong",
  ])
    assert.match(claims, new RegExp(`\\*\\*${claim}[^*]*\\*\\*: (holds|does not hold|not testable)`));
  const pretrain = JSON.parse(readFileSync(join(out, "medbert", "config.json"), "utf8")).prognos_pretraining;
  assert.ok(pretrain.data[0].sourceDir.endsWith("pretrain-omop"), "pre-trained on the first synthetic EHR");
  const second = run();
  assert.equal(second.status, 0, second.stderr.slice(-2000));
  assert.equal((second.stdout.match(/done earlier, skipped/g) ?? []).length, 6);
});
