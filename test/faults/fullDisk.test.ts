// A full disk (docs/faults.md): each command writing an output folder, run on a small tmpfs mounted in a user
// namespace (`unshare -rm`, no root needed where the kernel allows it), stops with one line naming the file it
// could not write and leaves nothing behind. Where no tmpfs can be mounted the test says it skipped, and why.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";

const ROOT = join(import.meta.dirname, "../..");
const root = mkdtempSync(join(tmpdir(), "prognos-full-disk-"));
after(() => rmSync(root, { recursive: true, force: true }));
const prognos = (args: readonly string[]) =>
  spawnSync(process.execPath, [join(ROOT, "bin/prognos.js"), ...args], { cwd: ROOT, encoding: "utf8" });

/** Runs prognos with a tmpfs of `size` mounted on `mount`; stdout ends with what the tmpfs holds afterwards. */
function onTmpfs(mount: string, size: string, args: readonly string[]) {
  const script =
    'mount -t tmpfs -o size="$1" tmpfs "$2" || exit 97; shift 2; "$@"; rc=$?; ' +
    'echo "@@left: $(find "$MNT" -mindepth 1 | tr "\\n" " ")"; exit $rc';
  return spawnSync(
    "unshare",
    ["-rm", "sh", "-c", script, "sh", size, mount, process.execPath, join(ROOT, "bin/prognos.js"), ...args],
    { cwd: ROOT, encoding: "utf8", env: { ...process.env, MNT: mount } },
  );
}

function cannotMount(): string | null {
  const probe = spawnSync("unshare", ["-rm", "sh", "-c", 'mount -t tmpfs -o size=64k tmpfs "$1"', "sh", root], {
    encoding: "utf8",
  });
  if (probe.error) return `unshare is not available (${probe.error.message})`;
  if (probe.status !== 0) return `no tmpfs can be mounted in a user namespace here: ${probe.stderr.trim()}`;
  return null;
}

const hospital = join(root, "hospital");
const ehrSource = join(root, "ehr-source");
const CASES: Array<[string, string, (out: string) => string[]]> = [
  [
    "synth mimic3",
    "200k",
    (out) => ["synth", "mimic3", "--admissions", "300", "--seed", "2", "--out", out, "--no-progress"],
  ],
  ["synth ehr", "64k", (out) => ["synth", "ehr", "--patients", "300", "--seed", "2", "--out", out, "--no-progress"]],
  [
    "tasks build",
    "400k",
    (out) => ["tasks", "build", "--source", "mimic3", "--dir", hospital, "--out", out, "--no-progress"],
  ],
  [
    "ehr build",
    "16k",
    (out) => ["ehr", "build", "--source", "omop", "--dir", ehrSource, "--cohort", "dhf", "--out", out],
  ],
];

for (const [name, size, args] of CASES) {
  test(`${name} on a full disk: one line naming the file, exit 1, nothing left behind`, (t) => {
    const reason = cannotMount();
    if (reason !== null) {
      t.skip(reason);
      return;
    }
    if (name === "tasks build" || name === "ehr build") {
      const source = name === "tasks build" ? CASES[0]! : CASES[1]!;
      const dir = name === "tasks build" ? hospital : ehrSource;
      const s = prognos(
        source[2](dir)
          .map((a) => (a === "300" ? "400" : a))
          .concat("--overwrite"),
      );
      assert.equal(s.status, 0, s.stderr);
    }
    const mount = mkdtempSync(join(root, "mnt-"));
    const out = join(mount, "out");
    const r = onTmpfs(mount, size, args(out));
    assert.notEqual(r.status, 97, `mount failed: ${r.stderr}`);
    assert.equal(r.status, 1, `${r.stdout}\n${r.stderr}`);
    const errors = r.stderr.split("\n").filter((l) => l.startsWith("prognos: error:"));
    assert.equal(errors.length, 1, r.stderr);
    assert.match(
      errors[0]!,
      new RegExp(`^prognos: error: ${out}/[^ ]+: cannot write: no space left on device \\(ENOSPC\\)$`),
      "the file under --out (not the temporary folder) and the cause",
    );
    assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
    assert.match(r.stdout, /@@left: $/m, "the tmpfs is empty: no partial output, no temporary folder");
  });
}
