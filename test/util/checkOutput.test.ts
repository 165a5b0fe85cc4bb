import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { checkOutput, type OutputSpec } from "../../src/util/checkOutput.ts";
import { isPrognosError } from "../../src/util/errors.ts";

const root = mkdtempSync(join(tmpdir(), "prognos-check-output-"));
after(() => rmSync(root, { recursive: true, force: true }));
const aFile = join(root, "a-file");
writeFileSync(aFile, "x");

/** The PrognosError message checkOutput throws for `spec` (fails the test when it does not throw one). */
function refusal(spec: OutputSpec): string {
  try {
    checkOutput(spec);
  } catch (e) {
    assert.ok(isPrognosError(e), `expected a PrognosError, got ${(e as Error)?.stack}`);
    return e.message;
  }
  assert.fail(`${spec.path}: accepted`);
}

// These fail for root too (chmod does not stop root): /proc refuses new entries, a regular file has no children.
test("paths that cannot be written are refused, naming the flag, the path and why", () => {
  assert.equal(
    refusal({ path: "/proc/x", kind: "folder" }),
    "--out /proc/x: cannot create this folder: no such file or directory (ENOENT)",
  );
  assert.equal(
    refusal({ path: "/proc/x.onnx", kind: "file" }),
    "--out /proc/x.onnx: cannot write in /proc: no such file or directory (ENOENT)",
  );
  for (const kind of ["folder", "file"] as const) {
    const under = join(aFile, "x", "y");
    assert.equal(refusal({ path: under, kind }), `--out ${under}: ${aFile} is a file, not a folder`);
  }
  assert.equal(refusal({ path: aFile, kind: "folder" }), `--out ${aFile}: is a file, not a folder`);
  assert.equal(
    refusal({ path: root, kind: "file", overwrite: true }),
    `--out ${root}: is a folder; give the path of a file`,
  );
  assert.match(
    refusal({ path: "/dev/null", kind: "file", overwrite: true }),
    /^--out \/dev\/null: is not a regular file/,
  );
  assert.equal(
    refusal({ path: join(root, "missing", "x.onnx"), kind: "file" }),
    `--out ${join(root, "missing", "x.onnx")}: the folder ${join(root, "missing")} does not exist`,
  );
  assert.equal(refusal({ path: "", kind: "folder", flag: "--dir" }), "--dir: empty path");
});

test("a folder that can be made passes, and the check leaves nothing behind", () => {
  const before = readdirSync(root).sort();
  const out = join(root, "new", "deeper", "run");
  assert.deepEqual(checkOutput({ path: out, kind: "folder" }), { path: out, existing: [] });
  assert.deepEqual(readdirSync(root).sort(), before, "the folders made to check are removed again");
  assert.deepEqual(checkOutput({ path: join(root, "x.onnx"), kind: "file" }).existing, []);
  assert.deepEqual(readdirSync(root).sort(), before, "the probe file is removed");
});

test("one overwrite policy: an earlier output is refused with the same words unless --overwrite (or --resume)", () => {
  const run = join(root, "run");
  mkdirSync(join(run, "state"), { recursive: true });
  writeFileSync(join(run, "notes.txt"), "mine");
  const spec: OutputSpec = { path: run, kind: "folder", holds: ["run.json", "state", "best"], what: "a run" };
  assert.equal(refusal(spec), `--out ${run}: already holds a run (state); pass --overwrite to replace it`);
  assert.equal(
    refusal({ ...spec, resume: false }),
    `--out ${run}: already holds a run (state); pass --resume to continue it or --overwrite to replace it`,
  );
  assert.deepEqual(checkOutput({ ...spec, overwrite: true }).existing, ["state"]);
  assert.deepEqual(checkOutput({ ...spec, resume: true }).existing, ["state"]);
  // Without a list of what the command writes, any entry is an earlier output.
  assert.equal(
    refusal({ path: run, kind: "folder", flag: "evaluation folder" }),
    `evaluation folder ${run}: already holds an earlier output (notes.txt, state); pass --overwrite to replace it`,
  );
  // A folder holding none of the command's files is used as it is.
  assert.deepEqual(checkOutput({ ...spec, holds: ["best"] }).existing, []);
  const file = join(run, "notes.txt");
  assert.equal(refusal({ path: file, kind: "file" }), `--out ${file}: already exists; pass --overwrite to replace it`);
  assert.deepEqual(checkOutput({ path: file, kind: "file", overwrite: true }).existing, [file]);
});
