/**
 * No leakage, for every cohort: the sequences are rebuilt here in plain TypeScript from the raw timeline rows
 * (every event of the patient, with its stay) and must equal the built ones; and no kept event lies at or after
 * the index (after the discharge, for readmission), checked event by event.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { getSourceReader } from "../../../src/sources/registry.ts";
import { buildEhrDataset } from "../../../src/tasks/ehr/buildEhrDataset.ts";
import { COHORTS } from "../../../src/tasks/ehr/cohorts/cohortRegistry.ts";

const temps: string[] = [];
after(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface Ev {
  patient_id: string;
  stay_id: string;
  vstart: string;
  vend: string | null;
  kind: string;
  system: string;
  code: string;
  seq: number | null;
  t: string;
  source_row: number;
}
const KIND_RANK: Record<string, number> = { diagnosis: 0, procedure: 1, drug: 2 };
const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);

function expected(events: Ev[], index: string, inclusive: boolean, indexStay: string | null, max: number): Ev[] {
  const inWindow = events.filter((e) =>
    inclusive ? (e.vstart < index || e.stay_id === indexStay) && e.t <= index : e.vstart < index && e.t < index,
  );
  inWindow.sort(
    (a, b) =>
      cmp(a.vstart, b.vstart) ||
      cmp(a.stay_id, b.stay_id) ||
      cmp(KIND_RANK[a.kind]!, KIND_RANK[b.kind]!) ||
      cmp(a.seq ?? Number.MAX_SAFE_INTEGER, b.seq ?? Number.MAX_SAFE_INTEGER) ||
      cmp(a.t, b.t) ||
      cmp(a.source_row, b.source_row) ||
      cmp(a.code, b.code),
  );
  const seen = new Set<string>();
  const unique = inWindow.filter((e) => {
    const key = `${e.stay_id}\u0000${e.kind}\u0000${e.system}\u0000${e.code}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.slice(Math.max(0, unique.length - max));
}

const SAMPLES: [string, string][] = [
  ["mimic3", "test/fixtures/ehr/mimic3"],
  ["mimic3", "data/mimic-iii-demo"],
  ["omop", "data/omop-synthea27nj"],
];

for (const [source, dir] of SAMPLES) {
  test(`no event at or after the index reaches the input, every cohort (${dir})`, async () => {
    const tl = await getSourceReader(source).open(dir);
    const all = (
      await tl.connection.runAndReadAll(`SELECT e.patient_id, e.stay_id, CAST(s.start_time AS VARCHAR) AS vstart,
        CAST(s.end_time AS VARCHAR) AS vend, e.kind, e.system, e.code, e.seq,
        CAST(coalesce(e.time, s.start_time) AS VARCHAR) AS t, e.source_row
        FROM tl_events e JOIN tl_stays s ON s.stay_id = e.stay_id AND s.patient_id = e.patient_id
        WHERE e.kind IN ('diagnosis', 'procedure') AND e.code IS NOT NULL AND (s.end_time IS NULL OR s.end_time >= s.start_time)`)
    ).getRowObjectsJson() as unknown as Ev[];
    tl.close();
    const byPatient = new Map<string, Ev[]>();
    for (const e of all) {
      e.source_row = Number(e.source_row);
      e.seq = e.seq === null ? null : Number(e.seq);
      byPatient.set(e.patient_id, [...(byPatient.get(e.patient_id) ?? []), e]);
    }
    let checked = 0;
    for (const cohort of COHORTS) {
      const out = mkdtempSync(join(tmpdir(), "prognos-ehr-leak-"));
      temps.push(out);
      const maxCodes = 8;
      await buildEhrDataset({ source, dir, cohort: cohort.name, out, maxCodes, events: ["dx", "px"] });
      const rows = readFileSync(join(out, "sequences.jsonl"), "utf8").split("\n").filter(Boolean);
      const inclusive = cohort.kind === "readmission";
      for (const line of rows) {
        const r = JSON.parse(line) as { patient_id: string; index_time: string; tokens: string[] };
        const events = byPatient.get(r.patient_id) ?? [];
        // readmission: the index stay is the one whose discharge is the index
        const indexStay = inclusive ? (events.find((e) => e.vend === r.index_time)?.stay_id ?? null) : null;
        const kept = expected(events, r.index_time, inclusive, indexStay, maxCodes);
        for (const e of kept) {
          assert.ok(
            inclusive ? e.t <= r.index_time : e.t < r.index_time && e.vstart < r.index_time,
            `${cohort.name} ${r.patient_id}`,
          );
        }
        checked++;
        assert.deepEqual(
          r.tokens,
          kept.map((e) => `${e.system}_${e.code}`),
          `${cohort.name} patient ${r.patient_id}`,
        );
      }
    }
    assert.ok(checked > 0, `no sequences built from ${dir}`);
  });
}
