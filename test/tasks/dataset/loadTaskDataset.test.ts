import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { loadTaskDataset } from "../../../src/tasks/dataset/index.ts";
import { coreFolder, DIA_ROWS, plainFolder, prognosFolder, tempDir } from "./taskFolders.ts";

test("plain folder, short_codes: multi-label, labels from train sorted, unseen val labels dropped and counted", async () => {
  const dir = plainFolder("short_codes", DIA_ROWS);
  const d = await loadTaskDataset(dir);
  assert.equal(d.layout, "plain");
  assert.equal(d.name, "task");
  assert.equal(d.problemType, "multi_label_classification");
  assert.equal(d.labelType, "multi-label");
  assert.equal(d.labelColumn, "short_codes");
  assert.deepEqual(d.labels, ["038", "401", "414", "428", "V45"]);
  assert.equal(d.titles, undefined);
  assert.deepEqual(d.splits.train, [
    { id: "101", text: 'Chest pain, "crushing".\nHistory of CAD.', labels: [1, 2] },
    { id: "102", text: "Shortness of breath", labels: [1, 3, 4] },
    { id: "103", text: "Fever", labels: [0] },
  ]);
  assert.deepEqual(
    d.splits.val.map((e) => e.labels),
    [[], []],
  );
  assert.deepEqual(d.splits.test, [{ id: "301", text: "Pain", labels: [1] }]);
  assert.deepEqual(d.skipped, [
    {
      split: "val",
      file: "val.csv",
      reason: "labels not in the training set: dropped from these rows' targets",
      rows: 2,
      labels: { "486": 1, "999": 1, E88: 1 },
    },
  ]);
  assert.deepEqual(d.labelCounts.train, [1, 2, 1, 1, 1]);
  assert.ok(d.warnings.some((w) => w === "val.csv: 2 rows with no label (kept: every target 0)"));
});

test("CORe files: the folder or any one of the files; name from the prefix", async () => {
  const dir = coreFolder("LOS_WEEKS_adm", "los_label", {
    train: [
      ["1", "a", "0"],
      ["2", "b", "3"],
      ["3", "c", "1.0"],
    ],
    val: [["4", "d", "2"]],
    test: [["5", "e", "1"]],
  });
  for (const path of [dir, join(dir, "LOS_WEEKS_adm_val.csv")]) {
    const d = await loadTaskDataset(path);
    assert.equal(d.layout, "core");
    assert.equal(d.name, "LOS_WEEKS_adm");
    assert.equal(d.problemType, "single_label_classification");
    assert.equal(d.labelType, "multi-class");
    assert.deepEqual(d.labels, ["0", "1", "2", "3"], "LOS has 4 classes even when train lacks one");
    assert.deepEqual(
      d.splits.train.map((e) => e.labels),
      [[0], [3], [1]],
    );
    assert.deepEqual(d.splits.val[0]!.labels, [2]);
    assert.deepEqual(d.files.train, join(dir, "LOS_WEEKS_adm_train.csv"));
    assert.ok(
      d.warnings.includes(
        "1 of 4 classes have no row in train, 1 of them with rows in val or test (kept in the label set)",
      ),
    );
  }
});

test("hospital_expire_flag: 2-class single-label (binary, index 1 = risk)", async () => {
  const dir = coreFolder("MP_IN_adm", "hospital_expire_flag", {
    train: [
      ["1", "a", "0"],
      ["2", "b", "1"],
    ],
    val: [["3", "c", "1"]],
    test: [["4", "d", "0"]],
  });
  const d = await loadTaskDataset(dir);
  assert.equal(d.labelType, "binary");
  assert.deepEqual(d.labels, ["0", "1"]);
  assert.deepEqual(
    d.splits.train.map((e) => e.labels),
    [[0], [1]],
  );
});

test("Prognos task folder: label set, order and titles from labels.json", async () => {
  const dir = prognosFolder(
    "DIA_GROUPS_3_DIGITS_adm",
    "short_codes",
    "multi-label",
    [
      { label: "V45", title: "Postproc states" },
      { label: "038", title: "Septicemia" },
      { label: "401", title: "Hypertension" },
      { label: "414", title: "Chr ischemic hrt dis" },
      { label: "428", title: "Heart failure" },
      { label: "486", title: "Pneumonia" },
      { label: "999", title: "Compl med care NEC" },
      { label: "E88", title: "Fall" },
    ],
    DIA_ROWS,
  );
  const d = await loadTaskDataset(dir);
  assert.equal(d.layout, "prognos");
  assert.equal(d.name, "DIA_GROUPS_3_DIGITS_adm");
  assert.deepEqual(d.labels, ["V45", "038", "401", "414", "428", "486", "999", "E88"]);
  assert.equal(d.titles![1], "Septicemia");
  assert.deepEqual(d.splits.train[1]!.labels, [0, 2, 4]);
  assert.deepEqual(d.splits.val[0]!.labels, [5, 6]);
  assert.deepEqual(d.skipped, []);
  assert.ok(
    d.warnings.includes(
      "3 of 8 labels have no row in train, 3 of them with rows in val or test (kept in the label set)",
    ),
  );
});

test("any other label column needs problemType; single-label classes from train, unseen val/test rows dropped", async () => {
  const rows = {
    train: [
      ["1", "a", "2"],
      ["2", "b", "0"],
      ["3", "c", "2"],
    ] as Array<[string, string, string]>,
    val: [
      ["4", "d", "5"],
      ["5", "e", "0"],
    ] as Array<[string, string, string]>,
    test: [["6", "f", "2"]] as Array<[string, string, string]>,
  };
  const dir = plainFolder("triage", rows);
  await assert.rejects(loadTaskDataset(dir), /train\.csv: cannot tell the problem type from label column 'triage'/);
  const d = await loadTaskDataset(dir, { problemType: "single_label_classification" });
  assert.deepEqual(d.labels, ["0", "2"]);
  assert.equal(d.labelType, "binary");
  assert.deepEqual(d.splits.val, [{ id: "5", text: "e", labels: [0] }]);
  assert.deepEqual(d.skipped, [
    {
      split: "val",
      file: "val.csv",
      reason: "class not in the training set: rows dropped",
      rows: 1,
      labels: { "5": 1 },
    },
  ]);
  const multi = await loadTaskDataset(dir, { problemType: "multi_label_classification" });
  assert.deepEqual(multi.labels, ["0", "2"]);
});

test("extra columns: the CORe label column is picked, or labelColumn names it", async () => {
  const dir = join(tempDir(), "extra");
  mkdirSync(dir);
  const csv = (rows: string[]) => `"id","text","short_codes","source"\n${rows.join("\n")}\n`;
  writeFileSync(join(dir, "train.csv"), csv(['"1","a","401,428","x"', '"2","b","038","y"']));
  writeFileSync(join(dir, "val.csv"), csv(['"3","c","401","x"']));
  writeFileSync(join(dir, "test.csv"), csv(['"4","d","038","y"']));
  const d = await loadTaskDataset(dir);
  assert.equal(d.labelColumn, "short_codes");
  assert.deepEqual(d.labels, ["038", "401", "428"]);
  const e = await loadTaskDataset(dir, { labelColumn: "source", problemType: "multi_label_classification" });
  assert.equal(e.labelColumn, "source");
  assert.deepEqual(e.labels, ["x", "y"]);
});
