import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, test } from "node:test";
import { synthesizeMimic3 } from "../../src/synth/mimic3/synthesizeMimic3.ts";
import { SeededRandom } from "../../src/util/SeededRandom.ts";
import { pretrainCoreArgs } from "../helpers/pretrainCoreArgs.ts";

const MODEL = "test/fixtures/bert/tiny-uncased-gelu";
let hospital = "";
before(async () => {
  hospital = mkdtempSync(join(tmpdir(), "prognos-pretrain-kills-hospital-"));
  await synthesizeMimic3({ admissions: 120, otherNotes: 0, seed: 3, outDir: hospital });
});
const prognos = (args: string[]) => spawnSync(process.execPath, ["bin/prognos.js", ...args], { encoding: "utf8" });
const core = (out: string, extra: string[] = []) => pretrainCoreArgs(MODEL, hospital, out, extra);

// Kills at seeded random times (docs/faults.md): mid-step, mid-save, or before the first save; each run after a
// kill is `--resume` (a folder with no saved state starts afresh).
test("pretrain core --mlm: three SIGKILLs at seeded random times, each then --resume: bit-identical weights", {
  timeout: 300_000,
}, async () => {
  const straight = mkdtempSync(join(tmpdir(), "prognos-pretrain-straight-"));
  const started = Date.now();
  const r = prognos(core(straight));
  const took = Date.now() - started;
  assert.equal(r.status, 0, r.stderr);
  const killed = mkdtempSync(join(tmpdir(), "prognos-pretrain-killed-"));
  const random = SeededRandom.from(16, "pretrain kills");
  let cut = 0;
  for (let k = 0; k < 3; k++) {
    const child = spawn(process.execPath, ["bin/prognos.js", ...core(killed), "--resume"], { stdio: "ignore" });
    const timer = setTimeout(() => child.kill("SIGKILL"), Math.round(took * random.uniform(0.3, 0.8)));
    const signal = await new Promise<string | null>((done) => child.once("exit", (_code, sig) => done(sig)));
    clearTimeout(timer);
    if (signal === "SIGKILL") cut++;
  }
  assert.ok(cut > 0, "no kill landed before the end of the run");
  const resumed = prognos([...core(killed), "--resume"]);
  assert.equal(resumed.status, 0, resumed.stderr);
  for (const f of ["last", "best"]) {
    const a = readFileSync(join(straight, f, "model.safetensors"));
    assert.ok(a.equals(readFileSync(join(killed, f, "model.safetensors"))), `${f}/ differs after ${cut} kills`);
  }
});
