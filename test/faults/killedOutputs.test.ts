// SIGKILL at seeded random points (docs/faults.md): `synth mimic3`, `synth ehr`, `synth i2b2`, `tasks build` and
// `ehr build`
// leave either no output folder or the complete one (the same files, byte for byte, as an uninterrupted run), never
// a half-written one; the next run removes what a killed run left and finishes.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { SeededRandom } from "../../src/util/SeededRandom.ts";
import { folderDigest } from "./folderDigest.ts";

const ROOT = join(import.meta.dirname, "../..");
const root = mkdtempSync(join(tmpdir(), "prognos-killed-"));
after(() => rmSync(root, { recursive: true, force: true }));

const prognos = (args: readonly string[]) =>
  spawnSync(process.execPath, [join(ROOT, "bin/prognos.js"), ...args], { cwd: ROOT, encoding: "utf8" });

/** Runs the command and kills it with SIGKILL after `delayMs`; whether it had finished by then. */
function runKilled(args: readonly string[], delayMs: number): Promise<{ finished: boolean }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(ROOT, "bin/prognos.js"), ...args], { cwd: ROOT, stdio: "ignore" });
    const timer = setTimeout(() => child.kill("SIGKILL"), delayMs);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      done({ finished: signal === null && code === 0 });
    });
  });
}

/** Temporary folders beside `out` that a killed run left. */
const leftovers = (out: string) =>
  readdirSync(join(out, "..")).filter((n) => n.startsWith(`${out.split("/").pop()}.partial-`));

interface Case {
  name: string;
  /** The command writing `out`. */
  args: (out: string) => string[];
  /** Seeded kill points, as fractions of an uninterrupted run's time. */
  kills: number;
  /** Files whose content holds a time or the output's own path (manifests): compared by name only. */
  volatile?: RegExp;
}

let hospital = "";
let ehrSource = "";
const CASES: Case[] = [
  {
    name: "synth mimic3",
    args: (out) => [
      "synth",
      "mimic3",
      "--admissions",
      "400",
      "--other-notes",
      "400",
      "--seed",
      "5",
      "--out",
      out,
      "--no-progress",
    ],
    kills: 4,
  },
  {
    name: "synth ehr",
    args: (out) => [
      "synth",
      "ehr",
      "--patients",
      "400",
      "--seed",
      "5",
      "--format",
      "omop",
      "--out",
      out,
      "--no-progress",
    ],
    kills: 3,
  },
  {
    name: "synth i2b2",
    args: (out) => ["synth", "i2b2", "--documents", "3000", "--seed", "5", "--out", out],
    kills: 3,
  },
  {
    name: "tasks build",
    args: (out) => ["tasks", "build", "--source", "mimic3", "--dir", hospital, "--out", out, "--no-progress"],
    kills: 4,
    volatile: /manifest\.json$/,
  },
  {
    name: "ehr build",
    args: (out) => ["ehr", "build", "--source", "omop", "--dir", ehrSource, "--cohort", "dhf", "--out", out],
    kills: 3,
    volatile: /manifest\.json$/,
  },
];

for (const c of CASES) {
  test(`${c.name}: SIGKILL at seeded random points leaves no output or the complete one`, async () => {
    if (hospital === "") {
      hospital = join(root, "hospital");
      const s = prognos(CASES[0]!.args(hospital));
      assert.equal(s.status, 0, s.stderr);
      ehrSource = join(root, "ehr-source");
      const e = prognos(CASES[1]!.args(ehrSource));
      assert.equal(e.status, 0, e.stderr);
    }
    const reference = join(root, `${c.name.replace(" ", "-")}-reference`);
    const started = Date.now();
    const r = prognos(c.args(reference));
    const took = Date.now() - started;
    assert.equal(r.status, 0, r.stderr);
    const expected = folderDigest(reference, c.volatile);
    assert.ok(expected.length >= 3, `the reference run wrote ${expected.length} files`);

    const random = SeededRandom.from(16, c.name);
    let cutShort = 0;
    for (let k = 0; k < c.kills; k++) {
      const out = join(root, `${c.name.replace(" ", "-")}-killed-${k}`);
      // Node and the CLI take a while to start: the kill points span from just after the start to the end.
      const delay = Math.round(took * random.uniform(0.25, 1.0));
      const { finished } = await runKilled(c.args(out), delay);
      if (existsSync(out)) {
        assert.deepEqual(folderDigest(out, c.volatile), expected, `killed after ${delay} ms: a half-written ${out}`);
        continue;
      }
      assert.ok(!finished, `a run that exited 0 wrote no ${out}`);
      cutShort++;
      // The next run cleans up what the killed one left and writes the same output.
      const left = leftovers(out);
      const again = prognos(c.args(out));
      assert.equal(again.status, 0, again.stderr);
      if (left.length > 0) assert.match(again.stderr, /removed .*\.partial-\d+: an unfinished output left by/);
      assert.deepEqual(leftovers(out), [], "the killed run's temporary folder is removed");
      assert.deepEqual(folderDigest(out, c.volatile), expected, `the run after a kill after ${delay} ms`);
    }
    assert.ok(cutShort > 0, `none of the ${c.kills} kills landed before the end of the run (${took} ms)`);
  });
}
