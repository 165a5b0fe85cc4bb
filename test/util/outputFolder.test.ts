import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { isPrognosError, PrognosError } from "../../src/util/errors.ts";
import { partialFolder, removeUnfinished, writeOutputFolder } from "../../src/util/outputFolder.ts";

const root = mkdtempSync(join(tmpdir(), "prognos-output-folder-"));
after(() => rmSync(root, { recursive: true, force: true }));

test("a new output: written under <out>.partial-<pid>, then renamed; nothing else left beside it", async () => {
  const out = join(root, "new", "out");
  let seen = "";
  const r = await writeOutputFolder(out, (tmp) => {
    seen = tmp;
    assert.equal(tmp, partialFolder(out));
    assert.ok(!existsSync(out), "the output appears only at the end");
    writeFileSync(join(tmp, "a.csv"), "a\n");
    return 7;
  });
  assert.equal(r, 7);
  assert.deepEqual(readdirSync(out), ["a.csv"]);
  assert.ok(!existsSync(seen));
  assert.deepEqual(readdirSync(join(root, "new")), ["out"]);
});

test("a folder holding other files: they stay; the earlier output's entries are replaced", async () => {
  const out = join(root, "shared");
  mkdirSync(out);
  writeFileSync(join(out, "mine.txt"), "the user's");
  writeFileSync(join(out, "old-task"), "earlier");
  writeFileSync(join(out, "manifest.json"), "earlier");
  await writeOutputFolder(
    out,
    (tmp) => {
      for (const f of ["manifest.json", "b", "a"]) writeFileSync(join(tmp, f), "new");
    },
    { replace: ["old-task", "manifest.json"], last: ["manifest.json"] },
  );
  assert.deepEqual(readdirSync(out).sort(), ["a", "b", "manifest.json", "mine.txt"]);
  assert.equal(readFileSync(join(out, "manifest.json"), "utf8"), "new");
  assert.equal(readFileSync(join(out, "mine.txt"), "utf8"), "the user's");
});

test("a failure while writing: the temporary folder is removed, the earlier output kept, --out named", async () => {
  const out = join(root, "failing");
  mkdirSync(out);
  writeFileSync(join(out, "t.csv"), "earlier");
  await assert.rejects(
    writeOutputFolder(out, (tmp) => {
      throw new PrognosError("cannot write: no space left on device (ENOSPC)", { file: join(tmp, "t.csv") });
    }),
    (e: unknown) =>
      isPrognosError(e) && e.message === `${join(out, "t.csv")}: cannot write: no space left on device (ENOSPC)`,
  );
  assert.equal(readFileSync(join(out, "t.csv"), "utf8"), "earlier");
  assert.deepEqual(
    readdirSync(root).filter((n) => n.startsWith("failing.")),
    [],
  );
});

test("a killed run's leftover is removed with a notice; a running one's is refused", async () => {
  const out = join(root, "left");
  // A process id that is not running: a child that has exited.
  const dead = spawn(process.execPath, ["-e", ""]);
  await new Promise((r) => dead.once("exit", r));
  mkdirSync(`${out}.partial-${dead.pid}`);
  writeFileSync(join(`${out}.partial-${dead.pid}`, "half.csv"), "half");
  const notices: string[] = [];
  await writeOutputFolder(out, (tmp) => writeFileSync(join(tmp, "x"), ""), { notice: (m) => notices.push(m) });
  assert.equal(notices.length, 1);
  assert.match(notices[0]!, /^removed .*left\.partial-\d+: an unfinished output left by an earlier run/);
  assert.ok(!existsSync(`${out}.partial-${dead.pid}`));

  const alive = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);
  try {
    mkdirSync(`${out}.partial-${alive.pid}`);
    assert.throws(
      () => removeUnfinished(out),
      (e: unknown) =>
        isPrognosError(e) &&
        new RegExp(`another process \\(pid ${alive.pid}\\) is writing this output now`).test(e.message),
    );
  } finally {
    alive.kill("SIGKILL");
    rmSync(`${out}.partial-${alive.pid}`, { recursive: true, force: true });
  }
});

test("an empty --out that is the current folder is filled entry by entry, not removed and replaced", async () => {
  const out = join(root, "cwd");
  mkdirSync(out);
  const before = process.cwd();
  process.chdir(out);
  try {
    await writeOutputFolder(".", (tmp) => writeFileSync(join(tmp, "t.csv"), "new"));
    assert.equal(readFileSync("t.csv", "utf8"), "new", "the current folder is still the output folder");
  } finally {
    process.chdir(before);
  }
  assert.deepEqual(
    readdirSync(root).filter((n) => n.startsWith("cwd.")),
    [],
  );
});
