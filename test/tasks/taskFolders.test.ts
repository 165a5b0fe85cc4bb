import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { buildCoreTasks } from "../../src/tasks/buildCoreTasks.ts";
import { parseTaskList } from "../../src/tasks/coreTasks.ts";
import type { TaskLabel } from "../../src/tasks/taskLabels.ts";
import type { TaskManifest } from "../../src/tasks/taskManifest.ts";
import { readJson, readParquet, readSplitCsv } from "./taskFiles.ts";

const HOSPITAL = "test/fixtures/mimic3/hospital";
const SPLITS = ["train", "val", "test"] as const;
const TASKS = ["DIA_GROUPS_3_DIGITS_adm", "PRO_GROUPS_3_DIGITS_adm", "MP_IN_adm", "LOS_WEEKS_adm"];
const temps: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "prognos-tasks-"));
  temps.push(d);
  return d;
};
after(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface Reference {
  notes: Record<string, string>;
  tasks: Record<string, Record<string, [string, string, string][]>>;
  labels: Record<string, string[]>;
}
const reference = readJson<Reference>("test/fixtures/tasks/hospital-reference.json");

let out: string;
before(async () => {
  out = tempDir();
  await buildCoreTasks({ source: "mimic3", dir: HOSPITAL, out });
});

test("CSV files: header and every field quoted, quotes doubled, \\n line ends; Parquet holds the same rows", async () => {
  const folder = join(out, "DIA_GROUPS_3_DIGITS_adm");
  const raw = readFileSync(join(folder, "train.csv"), "utf8");
  assert.ok(raw.startsWith('"id","text","short_codes"\n'));
  assert.ok(raw.includes('Smokes 1 ppd, ""trying to quit"".'));
  for (const task of TASKS) {
    const manifest = readJson<TaskManifest>(join(out, task, "manifest.json"));
    for (const split of SPLITS) {
      const csv = readSplitCsv(join(out, task), split);
      assert.ok(csv.allQuoted, `${task}/${split}`);
      assert.deepEqual(csv.header, ["id", "text", manifest.labelColumn]);
      assert.equal(csv.rows.length, manifest.rows[split]);
      const pq = await readParquet(join(out, task, `${split}.parquet`));
      assert.deepEqual(pq.columns, ["id", "text", manifest.labelColumn]);
      assert.deepEqual(pq.types, [
        "VARCHAR",
        "VARCHAR",
        manifest.labelColumn === "short_codes" ? "VARCHAR" : "INTEGER",
      ]);
      assert.deepEqual(
        pq.rows.map((r) => r.map(String)),
        csv.rows,
        `${task}/${split} parquet = csv`,
      );
    }
  }
});

test("rows within a split are in seeded-shuffle order: the same for the same seed, another for another seed", async () => {
  const ids = (dir: string) => readSplitCsv(join(dir, "DIA_GROUPS_3_DIGITS_adm"), "train").rows.map((r) => r[0]);
  const again = tempDir();
  await buildCoreTasks({ source: "mimic3", dir: HOSPITAL, out: again, tasks: parseTaskList("dia") });
  assert.deepEqual(ids(again), ids(out));
  const other = tempDir();
  await buildCoreTasks({ source: "mimic3", dir: HOSPITAL, out: other, seed: 9, tasks: parseTaskList("dia") });
  assert.notDeepEqual(ids(other), ids(out));
  assert.deepEqual([...ids(other)].sort(), [...ids(out)].sort());
  assert.notDeepEqual(ids(out), [...ids(out)].sort(), "not simply sorted by id");
  assert.deepEqual(readdirSync(again).sort(), ["DIA_GROUPS_3_DIGITS_adm", "build-manifest.json"]);
});

test("label lists: every group of the source (like the reference's ALL_3_DIGIT files), titles and their sources", () => {
  const labels = (task: string) => readJson<{ labels: TaskLabel[] }>(join(out, task, "labels.json")).labels;
  const dia = labels("DIA_GROUPS_3_DIGITS_adm");
  assert.deepEqual(
    dia.map((l) => l.label),
    reference.labels.DIA_GROUPS_3_DIGITS_adm,
  );
  assert.deepEqual(
    labels("PRO_GROUPS_3_DIGITS_adm").map((l) => l.label),
    reference.labels.PRO_GROUPS_3_DIGITS_adm,
  );
  const byLabel = new Map(dia.map((l) => [l.label, l]));
  assert.deepEqual(byLabel.get("042"), {
    label: "042",
    title: "Human immunodeficiency virus [HIV] disease",
    titleSource: "source:D_ICD_DIAGNOSES",
    count: { train: 1, val: 0, test: 0 },
  });
  assert.deepEqual(byLabel.get("428")!.count, { train: 1, val: 0, test: 0 });
  assert.equal(byLabel.get("428")!.title, "Heart failure");
  assert.equal(byLabel.get("427")!.count.val + byLabel.get("427")!.count.test, 3);
  assert.deepEqual(byLabel.get("V300")!.count, { train: 0, val: 0, test: 0 }); // the newborn's code: listed, no rows
  assert.deepEqual(
    labels("LOS_WEEKS_adm").map((l) => [l.label, l.count]),
    [
      ["0", { train: 3, val: 0, test: 0 }],
      ["1", { train: 4, val: 0, test: 1 }],
      ["2", { train: 1, val: 0, test: 1 }],
      ["3", { train: 1, val: 0, test: 0 }],
    ],
  );
  const csv = readFileSync(join(out, "MP_IN_adm", "labels.csv"), "utf8");
  assert.equal(
    csv,
    '"label","title","title_source","train","val","test"\n' +
      '"0","survived the stay","Prognos","9","0","1"\n"1","died in hospital","Prognos","1","1","0"\n',
  );
});

test("manifests: source, input, seed, split, counts, drops, version, time; nothing of the notes' text", () => {
  const m = readJson<TaskManifest>(join(out, "MP_IN_adm", "manifest.json"));
  assert.equal(m.source, "mimic3");
  assert.equal(m.inputDir, join(process.cwd(), HOSPITAL));
  assert.equal(m.seed, 123);
  assert.match(m.split, /^CORe's fixed SUBJECT_ID lists/);
  assert.deepEqual(m.rows, { train: 10, val: 1, test: 1 });
  assert.deepEqual(m.labelCounts["1"], { train: 1, val: 1, test: 0 });
  assert.equal(m.drops.notes.length, 8);
  assert.equal(m.prognosVersion, "0.1.0");
  assert.ok(!Number.isNaN(Date.parse(m.createdAt)));
  assert.deepEqual(m.sourceSkips, [{ file: "DIAGNOSES_ICD.csv", reason: "no ICD9_CODE", count: 1, exampleRows: [7] }]);
  const all =
    readFileSync(join(out, "MP_IN_adm", "manifest.json"), "utf8") +
    readFileSync(join(out, "build-manifest.json"), "utf8");
  assert.ok(!all.includes("Shortness of breath") && !all.includes("pancreatitis"));
});
