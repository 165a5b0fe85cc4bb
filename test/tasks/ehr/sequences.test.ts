import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { buildEhrDataset } from "../../../src/tasks/ehr/buildEhrDataset.ts";
import { seededHashSplit } from "../../../src/tasks/splits/seededHashSplit.ts";
import { openDuckDB } from "../../../src/util/openDuckDB.ts";

const FIXTURE = "test/fixtures/ehr/mimic3";
const temps: string[] = [];
after(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), "prognos-ehr-"));
  temps.push(d);
  return d;
};

interface Row {
  patient_id: string;
  split: string;
  label: number;
  index_time: string;
  tokens: string[];
  token_ids: number[];
  visits: number[];
  positions: number[];
  n_codes: number;
  n_visits: number;
  plos_label: number;
  n_unk: number;
}
const readJsonl = (dir: string): Row[] =>
  readFileSync(join(dir, "sequences.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Row);

test("sequence format: SEQ_NUM order, visit index, positions, no [CLS]/[SEP] (written out by hand)", async () => {
  const out = temp();
  await buildEhrDataset({ source: "mimic3", dir: FIXTURE, cohort: "dhf", out });
  const p1 = readJsonl(out).find((r) => r.patient_id === "1")!;
  assert.deepEqual(
    { label: p1.label, index_time: p1.index_time, tokens: p1.tokens, visits: p1.visits, positions: p1.positions },
    {
      label: 1,
      index_time: "2100-06-01 08:00:00",
      tokens: ["ICD9_25000", "ICD9_4019", "ICD9_25002", "ICD9_5849"],
      visits: [1, 1, 2, 2],
      positions: [0, 1, 2, 3],
    },
  );
  assert.equal(p1.plos_label, 1); // stay 102 lasted 9 days
});

test("truncation keeps the most recent codes and renumbers visits from 1; --events dx,px adds procedures", async () => {
  const out = temp();
  await buildEhrDataset({ source: "mimic3", dir: FIXTURE, cohort: "dhf", out, maxCodes: 3 });
  const p1 = readJsonl(out).find((r) => r.patient_id === "1")!;
  assert.deepEqual(
    [p1.tokens, p1.visits, p1.positions],
    [
      ["ICD9_4019", "ICD9_25002", "ICD9_5849"],
      [1, 2, 2],
      [0, 1, 2],
    ],
  );
  const px = temp();
  await buildEhrDataset({ source: "mimic3", dir: FIXTURE, cohort: "dhf", out: px, events: ["dx", "px"] });
  const q1 = readJsonl(px).find((r) => r.patient_id === "1")!;
  assert.deepEqual(q1.tokens, ["ICD9_25000", "ICD9_4019", "ICD9PROC_3893", "ICD9_25002", "ICD9_5849"]);
  assert.deepEqual(q1.visits, [1, 1, 1, 2, 2]);
});

test("readmission input includes the discharged stay; a duplicate code within a visit is counted once", async () => {
  const out = temp();
  const m = await buildEhrDataset({ source: "mimic3", dir: FIXTURE, cohort: "readmission-30d", out });
  const rows = readJsonl(out);
  assert.deepEqual(rows.find((r) => r.patient_id === "1")!.tokens, ["ICD9_25000", "ICD9_4019"]);
  assert.deepEqual(rows.find((r) => r.patient_id === "13")!.tokens, ["ICD9_486", "ICD9_5849"]);
  const dup = m.badInput.find((b) => b.rule.startsWith("duplicate code"))!;
  assert.deepEqual([dup.file, dup.count], ["DIAGNOSES_ICD.csv", 1]);
  const backwards = m.badInput.find((b) => b.rule.startsWith("visit ends before"))!;
  assert.deepEqual([backwards.file, backwards.count, backwards.exampleRows], ["ADMISSIONS.csv", 1, [37]]);
});

test("splits equal seededHashSplit; vocabulary from the train split only, others → [UNK] and counted", async () => {
  for (const seed of [0, 5]) {
    const out = temp();
    const m = await buildEhrDataset({
      source: "mimic3",
      dir: "data/mimic-iii-demo",
      cohort: "readmission-30d",
      out,
      seed,
    });
    const rows = readJsonl(out);
    for (const r of rows) assert.equal(r.split, seededHashSplit(r.patient_id, seed), r.patient_id);
    const vocab = JSON.parse(readFileSync(join(out, "vocab.json"), "utf8")) as {
      token: string;
      id: number;
      count: number;
    }[];
    assert.deepEqual(
      vocab.slice(0, 3).map((v) => v.token),
      ["[PAD]", "[UNK]", "[MASK]"],
    );
    const counts = new Map<string, number>();
    for (const r of rows.filter((r) => r.split === "train"))
      for (const t of r.tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
    assert.deepEqual(
      vocab.slice(3).map((v) => [v.token, v.count]),
      [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)),
    );
    const ids = new Map(vocab.map((v) => [v.token, v.id]));
    let unk = 0;
    for (const r of rows) {
      assert.deepEqual(
        r.token_ids,
        r.tokens.map((t) => ids.get(t) ?? 1),
      );
      unk += r.tokens.filter((t) => !ids.has(t)).length;
    }
    assert.equal(m.vocabulary.unknownTokens, unk);
    assert.ok(unk > 0, "the demo's val/test hold codes the train split lacks");
  }
});

test("--min-count drops rare codes; Parquet holds the same rows as the JSON lines", async () => {
  const out = temp();
  await buildEhrDataset({ source: "mimic3", dir: "data/mimic-iii-demo", cohort: "readmission-30d", out, minCount: 3 });
  const vocab = JSON.parse(readFileSync(join(out, "vocab.json"), "utf8")) as { count: number }[];
  assert.ok(vocab.slice(3).every((v) => v.count >= 3));
  const db = await openDuckDB();
  const pq = (
    await db.connection.runAndReadAll(
      `SELECT patient_id, tokens, token_ids FROM read_parquet('${join(out, "sequences.parquet")}') ORDER BY patient_id`,
    )
  ).getRowObjectsJson();
  assert.deepEqual(
    pq.map((r) => [r.patient_id, r.tokens, (r.token_ids as number[]).map(Number)]),
    readJsonl(out).map((r) => [r.patient_id, r.tokens, r.token_ids]),
  );
  db.close();
});
