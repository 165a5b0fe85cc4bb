import assert from "node:assert/strict";
import { test } from "node:test";
import { emptySplitWarnings } from "../../src/tasks/buildCoreTasks.ts";
import type { TaskManifest } from "../../src/tasks/taskManifest.ts";

test("tasks build warns about every empty split, naming the task and the split", () => {
  const m = (task: string, train: number, val: number, test: number) =>
    ({ task, rows: { train, val, test } }) as unknown as TaskManifest;
  const w = emptySplitWarnings([
    m("MP_IN_adm", 40, 0, 5),
    m("LOS_WEEKS_adm", 40, 6, 5),
    m("DIA_GROUPS_3_DIGITS_adm", 0, 0, 1),
  ]);
  assert.deepEqual(
    w.map((s) => s.split(";")[0]),
    [
      "MP_IN_adm: the val split is empty",
      "DIA_GROUPS_3_DIGITS_adm: the train split is empty",
      "DIA_GROUPS_3_DIGITS_adm: the val split is empty",
    ],
  );
});
