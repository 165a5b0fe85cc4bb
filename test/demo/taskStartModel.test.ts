import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { resolveDemoConfig, taskRunFields, taskStartModel } from "../../src/demo/DemoConfig.ts";

const ORDER = ["DIA_GROUPS_3_DIGITS_adm", "PRO_GROUPS_3_DIGITS_adm", "MP_IN_adm", "LOS_WEEKS_adm"];

test("a task fine-tunes the demo's encoder unless its recipe starts from an earlier task's best/", () => {
  const cfg = resolveDemoConfig({ out: "/tmp/demo-x" });
  assert.deepEqual(taskStartModel(cfg, "LOS_WEEKS_adm", ORDER), { dir: cfg.encoder, reinitHead: false });
  assert.deepEqual(taskStartModel(cfg, "DIA_GROUPS_3_DIGITS_adm", ORDER), { dir: cfg.encoder, reinitHead: false });
  for (const task of ["PRO_GROUPS_3_DIGITS_adm", "MP_IN_adm"])
    assert.deepEqual(taskStartModel(cfg, task, ORDER), {
      dir: join("/tmp/demo-x", "runs", "DIA_GROUPS_3_DIGITS_adm", "best"),
      reinitHead: true,
    });
});

test("a recipe that starts from a task not fine-tuned before it is refused, naming both", () => {
  const cfg = resolveDemoConfig({ out: "/tmp/demo-x" });
  const reversed = [...ORDER].reverse();
  assert.throws(
    () => taskStartModel(cfg, "MP_IN_adm", reversed),
    /MP_IN_adm starts from DIA_GROUPS_3_DIGITS_adm, which is not fine-tuned before it/,
  );
});

test("a task's recipe becomes prognos train options; the others keep the shared recipe", () => {
  const cfg = resolveDemoConfig({ out: "/tmp/demo-x" });
  assert.deepEqual(taskRunFields(cfg, "DIA_GROUPS_3_DIGITS_adm"), {
    epochs: 8,
    classifierLr: 0.1,
    classWeights: false,
  });
  assert.deepEqual(taskRunFields(cfg, "MP_IN_adm"), { longNotes: "windows", stride: 254, windowPool: "mean" });
  assert.deepEqual(taskRunFields(cfg, "LOS_WEEKS_adm"), {});
});
