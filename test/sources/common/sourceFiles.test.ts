import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { csvSelect } from "../../../src/sources/common/csvTable.ts";
import { findCsvFile, findNdjsonFiles, requireCsvFile, requireDir } from "../../../src/sources/common/sourceFiles.ts";
import { isPrognosError } from "../../../src/util/errors.ts";

const dir = mkdtempSync(join(tmpdir(), "prognos-files-"));
after(() => rmSync(dir, { recursive: true, force: true }));

test("findCsvFile: any case, .csv or .csv.gz, sub-folders in the order given", () => {
  mkdirSync(join(dir, "hosp"));
  writeFileSync(join(dir, "hosp", "admissions.csv.gz"), "");
  writeFileSync(join(dir, "PERSON.csv"), "");
  assert.equal(findCsvFile(dir, "admissions", ["hosp", ""]), join(dir, "hosp", "admissions.csv.gz"));
  assert.equal(findCsvFile(dir, "person"), join(dir, "PERSON.csv"));
  assert.equal(findCsvFile(dir, "death"), undefined);
});

test("requireCsvFile: a missing table is a PrognosError naming the table and where it looked", () => {
  assert.throws(
    () => requireCsvFile(dir, "visit_occurrence"),
    (e: unknown) => isPrognosError(e) && /missing table visit_occurrence/.test(e.message) && e.file === dir,
  );
});

test("findCsvFile: two spellings of one table side by side is an error, not a guess", () => {
  const twice = join(dir, "twice");
  mkdirSync(twice);
  writeFileSync(join(twice, "concept.csv"), "");
  writeFileSync(join(twice, "CONCEPT.csv.gz"), "");
  assert.throws(() => findCsvFile(twice, "concept"), /more than once/);
});

test("findNdjsonFiles: <Type>.ndjson and <Type>.<n>.ndjson, not other types with the same prefix", () => {
  const fhir = join(dir, "fhir-bulk");
  mkdirSync(fhir);
  for (const f of [
    "Condition.000.ndjson",
    "Condition.001.ndjson",
    "Condition.ndjson",
    "ConditionX.ndjson",
    "log.ndjson",
  ]) {
    writeFileSync(join(fhir, f), "");
  }
  assert.deepEqual(
    findNdjsonFiles(fhir, "Condition").map((f) => f.slice(fhir.length + 1)),
    ["Condition.000.ndjson", "Condition.001.ndjson", "Condition.ndjson"],
  );
});

test("requireDir: a missing folder is a PrognosError", () => {
  assert.throws(
    () => requireDir(join(dir, "nope")),
    (e: unknown) => isPrognosError(e) && /does not exist/.test(e.message),
  );
});

test("csvSelect: a missing required column is a PrognosError naming the file and the column", async () => {
  const file = join(dir, "encounters.csv");
  writeFileSync(file, "Id,START,STOP,PATIENT\ne1,2020-01-01,2020-01-02,p1\n");
  await assert.rejects(
    csvSelect(file, "encounters.csv", { required: ["id", "encounterclass"] }),
    (e: unknown) => isPrognosError(e) && e.file === "encounters.csv" && /missing column encounterclass/.test(e.message),
  );
  const ok = await csvSelect(file, "encounters.csv", { required: ["id", "start"], optional: ["system"] });
  assert.equal(ok.columns, `"Id" AS "id", "START" AS "start", NULL::VARCHAR AS "system"`);
  assert.equal(ok.present.size, 0);
});
