import assert from "node:assert/strict";
import { test } from "node:test";
import {
  type CandidateNoteRules,
  NOTE_CANDIDATES_TABLE,
  type StayOutcome,
} from "../../../src/tasks/notes/AdmissionNoteRules.ts";
import { bucketOf, candidateStays, candidateSummary } from "../../../src/tasks/notes/candidateStays.ts";
import { compareMimic3Notes } from "../../../src/tasks/notes/mimic3AdmissionNotes.ts";
import { compareMimic4Notes } from "../../../src/tasks/notes/mimic4AdmissionNotes.ts";
import { openDuckDB } from "../../../src/util/openDuckDB.ts";

/** Rules that report a stay's notes as "<note id>@<text length>" in compareNotes order. */
const rules = (compareNotes: CandidateNoteRules["compareNotes"]): CandidateNoteRules => ({
  kind: "candidates",
  name: "test",
  selectCandidates: async () => [],
  compareNotes,
  admissionNote: (notes) => ({
    kept: true,
    text: notes.map((n) => `${n.noteId}@${n.text.length}`).join(" "),
    patientId: notes[0]!.patientId ?? "",
    noteId: notes[0]!.noteId,
  }),
});

async function collect(gen: AsyncGenerator<StayOutcome>): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for await (const s of gen) out[s.stayId] = s.outcome.kept ? s.outcome.text : "dropped";
  return out;
}

test("grouping by stay in memory or through hash buckets on disk gives the same stays and note order", async () => {
  const db = await openDuckDB();
  const conn = db.connection;
  try {
    // 300 stays, 1–4 notes each, inserted in an order unrelated to stay or note order; some times and seqs NULL
    await conn.run(`CREATE TEMP TABLE ${NOTE_CANDIDATES_TABLE} AS
      SELECT (i % 300)::VARCHAR AS stay_id, 'p' AS patient_id, 'n' || i AS note_id,
        CASE WHEN i % 11 = 0 THEN NULL ELSE '2150-01-0' || (1 + i % 5) || ' 00:00:00' END AS time,
        CASE WHEN i % 13 = 0 THEN NULL ELSE (997 * i) % 1000 END::BIGINT AS seq, 'DS' AS category,
        NULL AS description, repeat('x', (i * 7) % 50) AS text
      FROM range(900) r(i) WHERE i % 300 < 300 - (i % 4) ORDER BY hash(i)`);
    const summary = await candidateSummary(conn);
    assert.ok(summary.textBytes > 1000);
    for (const compare of [compareMimic3Notes, compareMimic4Notes]) {
      const inMemory = await collect(candidateStays(conn, rules(compare), summary));
      const bucketed = await collect(candidateStays(conn, rules(compare), summary, 500)); // ~40 buckets
      assert.equal(Object.keys(inMemory).length, summary.stays);
      assert.deepEqual(bucketed, inMemory);
    }
  } finally {
    db.close();
  }
});

test("note order: MIMIC-III by (CHARTDATE, ROW_ID, id), MIMIC-IV by (note_seq, charttime, id), missing values last", () => {
  const n = (noteId: string, time: string | null, seq: string | null) => ({
    noteId,
    patientId: "p",
    stayId: "s",
    time,
    seq,
    category: null,
    description: null,
    text: "",
  });
  const notes = [
    n("a", null, "1"),
    n("b", "2150-01-02 00:00:00", "9"),
    n("c", "2150-01-02 00:00:00", "10"),
    n("d", "2150-01-01 00:00:00", null),
    n("e", "2150-01-01 00:00:00", "10"),
  ];
  assert.deepEqual(
    [...notes].sort(compareMimic3Notes).map((x) => x.noteId),
    ["e", "d", "b", "c", "a"],
  );
  assert.deepEqual(
    [...notes].sort(compareMimic4Notes).map((x) => x.noteId),
    ["a", "b", "e", "c", "d"],
  );
  // Deterministic: the same stay id always lands in the same bucket.
  const first = bucketOf("21000001", 3);
  assert.deepEqual(
    [0, 1, 2].map(() => bucketOf("21000001", 3)),
    [first, first, first],
  );
});
