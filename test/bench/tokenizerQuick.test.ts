/** bench/tokenizer/run.ts --quick: ids checked equal to transformers.js, words/s of both and the ratio printed. */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";

const out = mkdtempSync(join(tmpdir(), "prognos-bench-tokenizer-"));
after(() => rmSync(out, { recursive: true, force: true }));

test("bench:tokenizer --quick checks ids against transformers.js and prints words/s and the ratio", () => {
  const json = join(out, "tokenizer.json");
  const r = spawnSync(process.execPath, ["--import", "tsx", "bench/tokenizer/run.ts", "--quick", "--json", json], {
    encoding: "utf8",
    timeout: 300_000,
  });
  assert.equal(r.status, 0, r.stderr.slice(-2000));
  assert.match(r.stdout, /^256 MTSamples notes, [\d,]+ words, [\d,]+ ids$/m);
  assert.match(r.stdout, /input_ids identical to transformers\.js on every note/);
  assert.match(r.stdout, /^ratio \(Prognos \/ transformers\.js\): \d+\.\d\d×$/m);
  const result = JSON.parse(readFileSync(json, "utf8"));
  assert.equal(result.notes, 256);
  assert.equal(result.ours_ms.length, 3);
  assert.ok(result.ratio > 0);
});
