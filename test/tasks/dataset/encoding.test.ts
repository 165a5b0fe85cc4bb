import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { loadTaskDataset } from "../../../src/tasks/dataset/loadTaskDataset.ts";

test("a task CSV with Latin-1 bytes is refused with its file and line, not decoded to U+FFFD", async () => {
  const dir = mkdtempSync(join(tmpdir(), "prognos-latin1-"));
  const csv = (rows: string[]) => Buffer.from(["id,text,hospital_expire_flag", ...rows, ""].join("\n"), "latin1");
  writeFileSync(join(dir, "train.csv"), csv(["1,chest pain,0", "2,fi\u00e8vre,1", "3,cough,0"]));
  writeFileSync(join(dir, "val.csv"), csv(["4,pain,0", "5,fever,1"]));
  writeFileSync(join(dir, "test.csv"), csv(["6,pain,0", "7,fever,1"]));
  await assert.rejects(loadTaskDataset(dir), (e: Error) => {
    assert.equal(e.name, "PrognosError");
    assert.match(e.message, /train\.csv: CSV file is not valid UTF-8 \(line 3, byte offset \d+: 0xe8\)/);
    return true;
  });
});
