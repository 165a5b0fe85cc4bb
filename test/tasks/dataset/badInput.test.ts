import assert from "node:assert/strict";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { loadTaskDataset } from "../../../src/tasks/dataset/index.ts";
import { PrognosError } from "../../../src/util/errors.ts";
import { coreFolder, DIA_ROWS, plainFolder, prognosFolder, tempDir } from "./taskFolders.ts";

/** Rejects with a PrognosError whose message matches every pattern. */
async function rejects(p: Promise<unknown>, ...patterns: RegExp[]) {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof PrognosError, `expected a PrognosError, got ${String(e)}`);
    for (const re of patterns) assert.match(e.message, re);
    return true;
  });
}

const LOS = (label: string) => ({
  train: [
    ["1", "a", "0"],
    ["2", "b", label],
  ] as Array<[string, string, string]>,
  val: [["3", "c", "1"]] as Array<[string, string, string]>,
  test: [["4", "d", "2"]] as Array<[string, string, string]>,
});

test("a path that does not exist", async () => {
  await rejects(loadTaskDataset(join(tempDir(), "nope")), /task not found: .*nope does not exist/);
});

test("not a task folder: says what was looked for and what is there", async () => {
  const dir = tempDir();
  writeFileSync(join(dir, "notes.txt"), "x");
  await rejects(
    loadTaskDataset(dir),
    /is not a task folder/,
    /manifest\.json \+ labels\.json/,
    /\{TASK\}_train\.csv/,
    /train\.csv, val\.csv, test\.csv/,
    /it has notes\.txt/,
  );
  await rejects(loadTaskDataset(join(dir, "notes.txt")), /is not a task file/);
});

test("a missing split file, in each layout", async () => {
  const plain = plainFolder("short_codes", DIA_ROWS);
  rmSync(join(plain, "val.csv"));
  await rejects(loadTaskDataset(plain), /a task needs all three splits; missing val\.csv/);
  const core = coreFolder("MP_IN_adm", "hospital_expire_flag", LOS("1"));
  rmSync(join(core, "MP_IN_adm_test.csv"));
  await rejects(loadTaskDataset(core), /missing MP_IN_adm_test\.csv/);
});

test("a folder holding several CORe tasks asks for one of them", async () => {
  const dir = coreFolder("MP_IN_adm", "hospital_expire_flag", MP());
  coreFolder("LOS_WEEKS_adm", "los_label", LOS("3"), dir);
  await rejects(loadTaskDataset(dir), /holds the files of 2 tasks \(LOS_WEEKS_adm, MP_IN_adm\); pass one of them/);
  const d = await loadTaskDataset(join(dir, "MP_IN_adm_train.csv"));
  assert.equal(d.name, "MP_IN_adm");
});

const MP = () => ({
  train: [
    ["1", "a", "0"],
    ["2", "b", "1"],
  ] as Array<[string, string, string]>,
  val: [["3", "c", "1"]] as Array<[string, string, string]>,
  test: [["4", "d", "0"]] as Array<[string, string, string]>,
});

test("a manifest without labels.json", async () => {
  const dir = plainFolder("short_codes", DIA_ROWS);
  writeFileSync(join(dir, "manifest.json"), "{}");
  await rejects(loadTaskDataset(dir), /has manifest\.json but no labels\.json/);
});

test("a missing column names the file and the header", async () => {
  const dir = plainFolder("short_codes", DIA_ROWS);
  writeFileSync(join(dir, "test.csv"), '"id","note","short_codes"\n"1","x","401"\n');
  await rejects(
    loadTaskDataset(dir),
    /test\.csv: missing column 'text' \(the header has "id", "note", "short_codes"\)/,
  );
  writeFileSync(join(dir, "test.csv"), '"id","text"\n"1","x"\n');
  await rejects(loadTaskDataset(dir), /test\.csv: missing label column 'short_codes'/);
});

test("an empty split (header only, or an empty file)", async () => {
  const dir = plainFolder("short_codes", DIA_ROWS);
  writeFileSync(join(dir, "val.csv"), '"id","text","short_codes"\n');
  await rejects(loadTaskDataset(dir), /val\.csv: the val split is empty/);
  writeFileSync(join(dir, "val.csv"), "");
  await rejects(loadTaskDataset(dir), /val\.csv: the file is empty/);
});

test("a ragged row names the line", async () => {
  const dir = plainFolder("short_codes", DIA_ROWS);
  writeFileSync(join(dir, "train.csv"), '"id","text","short_codes"\n"1","two\nlines","401"\n"2","x"\n');
  await rejects(loadTaskDataset(dir), /train\.csv: line 4: 2 fields, the header has 3/);
});

test("non-numeric class labels name file, line and column", async () => {
  for (const bad of ["yes", "", "1.5", "0x1"]) {
    const dir = coreFolder("MP_IN_adm", "hospital_expire_flag", LOS(bad));
    await rejects(
      loadTaskDataset(dir),
      new RegExp(
        `MP_IN_adm_train\\.csv: line 3, column 'hospital_expire_flag': class label ${JSON.stringify(bad).replace(".", "\\.")} is not an integer`,
      ),
    );
  }
});

test("a class outside a fixed set (mortality 0/1, LOS 0–3, labels.json) is an error", async () => {
  await rejects(
    loadTaskDataset(coreFolder("MP_IN_adm", "hospital_expire_flag", LOS("2"))),
    /MP_IN_adm_train\.csv: line 3, column 'hospital_expire_flag': class "2" is not in the task's label set \(0, 1\)/,
  );
  await rejects(
    loadTaskDataset(coreFolder("LOS_WEEKS_adm", "los_label", LOS("4"))),
    /class "4" is not in the task's label set \(0, 1, 2, 3\)/,
  );
  await rejects(loadTaskDataset(coreFolder("LOS_WEEKS_adm", "los_label", LOS("-1"))), /class label -1 is negative/);
  const dir = prognosFolder("DIA", "short_codes", "multi-label", [{ label: "401", title: "" }], DIA_ROWS);
  await rejects(
    loadTaskDataset(dir),
    /train\.csv: line 2, column 'short_codes': label "414" is not in the task's label set/,
  );
});

test("a problem type that contradicts the label column or labels.json", async () => {
  await rejects(
    loadTaskDataset(plainFolder("short_codes", DIA_ROWS), { problemType: "single_label_classification" }),
    /label column 'short_codes' is multi_label_classification, but the problem type given is single_label_classification/,
  );
  const dir = prognosFolder(
    "MP",
    "hospital_expire_flag",
    "binary",
    [
      { label: "0", title: "" },
      { label: "1", title: "" },
    ],
    MP(),
  );
  await rejects(
    loadTaskDataset(dir, { problemType: "multi_label_classification" }),
    /labels\.json says single_label_classification/,
  );
});

test("a malformed labels.json", async () => {
  const dir = prognosFolder("DIA", "short_codes", "multi-label", [{ label: "401", title: "" }], DIA_ROWS);
  writeFileSync(join(dir, "labels.json"), "{not json");
  await rejects(loadTaskDataset(dir), /labels\.json: malformed JSON at line 1, column 2: expected a string key/);
  writeFileSync(
    join(dir, "labels.json"),
    JSON.stringify({ task: "DIA", labelColumn: "short_codes", labelType: "codes", labels: [] }),
  );
  await rejects(loadTaskDataset(dir), /'labelType' is "codes"/);
  writeFileSync(
    join(dir, "labels.json"),
    JSON.stringify({
      task: "DIA",
      labelColumn: "short_codes",
      labelType: "multi-label",
      labels: [{ label: "1" }, { label: "1" }],
    }),
  );
  await rejects(loadTaskDataset(dir), /label "1" is listed twice/);
});

test("a single-label column with one class in train", async () => {
  const dir = plainFolder("triage", { train: [["1", "a", "3"]], val: [["2", "b", "3"]], test: [["3", "c", "3"]] });
  await rejects(
    loadTaskDataset(dir, { problemType: "single_label_classification" }),
    /a single-label task needs at least 2 classes; column 'triage' has 1 \(3\)/,
  );
});

test("a split left empty once unseen classes are dropped", async () => {
  const dir = plainFolder("triage", {
    train: [
      ["1", "a", "0"],
      ["2", "b", "1"],
    ],
    val: [["3", "c", "7"]],
    test: [["4", "d", "1"]],
  });
  await rejects(
    loadTaskDataset(dir, { problemType: "single_label_classification" }),
    /val\.csv: the val split has no row left/,
  );
});

test("row counts that differ from manifest.json are a warning", async () => {
  const dir = prognosFolder(
    "MP",
    "hospital_expire_flag",
    "binary",
    [
      { label: "0", title: "" },
      { label: "1", title: "" },
    ],
    MP(),
  );
  const manifest = { rows: { train: 5, val: 1, test: 1 } };
  writeFileSync(join(dir, "manifest.json"), JSON.stringify(manifest));
  const d = await loadTaskDataset(dir);
  assert.deepEqual(d.warnings, ["train.csv: 2 rows, but manifest.json says 5"]);
});
