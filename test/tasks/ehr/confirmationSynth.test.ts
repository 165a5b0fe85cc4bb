/**
 * `--dhf-confirm` on `prognos synth ehr` output (OMOP, 2,000 patients): the patients kept with `drugs` are exactly
 * those kept without confirmation that have a metformin or insulin exposure before their index, re-derived here in
 * TypeScript from the timeline's raw rows (not through the cohort SQL).
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { main } from "../../../src/cli/main.ts";
import { getSourceReader } from "../../../src/sources/registry.ts";
import { buildEhrDataset, type EhrManifest } from "../../../src/tasks/ehr/buildEhrDataset.ts";

const root = mkdtempSync(join(tmpdir(), "prognos-ehr-confirm-synth-"));
after(() => rmSync(root, { recursive: true, force: true }));

interface Row {
  patient_id: string;
  label: number;
  index_time: string;
  tokens: string[];
}
const readJsonl = (dir: string): Row[] =>
  readFileSync(join(dir, "sequences.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Row);

const UNCONFIRMED = "unconfirmed diabetes (no antidiabetic drug before the index)";

test("dhf --dhf-confirm drugs on synthetic OMOP = the kept patients with metformin/insulin before the index", async () => {
  const dir = join(root, "omop");
  const args = ["synth", "ehr", "--patients", "2000", "--seed", "11", "--format", "omop", "--out", dir];
  assert.equal(await main([...args, "--no-progress"]), 0);
  const build = (confirm: "none" | "drugs" | "any") =>
    buildEhrDataset({ source: "omop", dir, cohort: "dhf", out: join(root, confirm), confirm });
  const none = await build("none");
  const drugs = await build("drugs");
  const any = await build("any");

  // Drug events with their visit's start and title, straight from the timeline views.
  const tl = await getSourceReader("omop").open(dir);
  const evidence = new Map<string, { t: string; start: string }[]>();
  const titles = new Set<string>();
  try {
    const r = await tl.connection.runAndReadAll(`
      SELECT e.patient_id, strftime(coalesce(e.time, s.start_time), '%Y-%m-%d %H:%M:%S') AS t,
             strftime(s.start_time, '%Y-%m-%d %H:%M:%S') AS start, t.title
      FROM tl_events e JOIN tl_stays s ON s.stay_id = e.stay_id AND s.patient_id = e.patient_id
      LEFT JOIN tl_code_titles t ON t.system = e.system AND t.code = e.code
      WHERE e.kind = 'drug' AND (s.end_time IS NULL OR s.end_time >= s.start_time)`);
    for (const row of r.getRowObjectsJson()) {
      const title = String(row.title ?? "");
      titles.add(title);
      if (!/\b(metformin|insulin)\b/i.test(title)) continue;
      const list = evidence.get(String(row.patient_id)) ?? [];
      list.push({ t: String(row.t), start: String(row.start) });
      evidence.set(String(row.patient_id), list);
    }
  } finally {
    tl.close();
  }
  // the generator's only antidiabetics are metformin and insulins (no other title the registry names would match)
  for (const t of titles)
    assert.ok(!/\b(glipizide|glyburide|sitagliptin|liraglutide|canagliflozin|pioglitazone)\b/i.test(t), t);

  const confirmed = (r: Row) =>
    (evidence.get(r.patient_id) ?? []).some((e) => e.start < r.index_time && e.t < r.index_time);
  const all = readJsonl(join(root, "none"));
  const expected = all.filter(confirmed);
  assert.ok(expected.length > 0 && expected.length < all.length, `${expected.length} of ${all.length}`);
  // token ids differ (the vocabulary is the kept train split's); patients, labels, index times and tokens do not
  const view = (rows: Row[]) => rows.map((r) => `${r.patient_id} ${r.label} ${r.index_time} ${r.tokens.join(" ")}`);
  assert.deepEqual(view(readJsonl(join(root, "drugs"))), view(expected));
  assert.deepEqual(view(readJsonl(join(root, "any"))), view(expected));

  // statuses: diabetics are split into confirmed and unconfirmed; nobody else moves
  const diabetics = (m: EhrManifest, extra: string[]) =>
    Object.entries(m.statuses)
      .filter(([k]) => k === "case" || k === "control" || k.startsWith("near case") || extra.includes(k))
      .reduce((a, [, n]) => a + n, 0);
  assert.equal(diabetics(drugs, [UNCONFIRMED]), diabetics(none, []));
  assert.ok((drugs.statuses[UNCONFIRMED] ?? 0) > 0);
  for (const [k, n] of Object.entries(none.statuses))
    if (k !== "case" && k !== "control" && !k.startsWith("near case")) assert.equal(drugs.statuses[k], n, k);
  assert.deepEqual(any.statuses, drugs.statuses);
  assert.deepEqual([any.confirmation?.used, any.confirmation?.notInSource], [["drugs"], ["labs"]]);
});
