// Expected counts: test/fixtures/sources/expected_counts.py (plain Python over the CSV files) and the hand-written
// fixture test/fixtures/sources/synthea-csv-bad (its SOURCE.md lists what each row tests).
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { syntheaCsvReader } from "../../../src/sources/synthea/SyntheaCsvReader.ts";
import type { Timeline } from "../../../src/sources/Timeline.ts";
import { isPrognosError } from "../../../src/util/errors.ts";
import { count, rows, skipTable } from "../common/timelineQuery.ts";

describe("synthea-csv: bundled sample data/synthea-csv", () => {
  let tl: Timeline;
  before(async () => {
    tl = await syntheaCsvReader.open("data/synthea-csv");
  });
  after(() => tl.close());

  test("loads 111 patients (11 deceased), 7,584 encounters, 49 inpatient; no notes; nothing skipped", async () => {
    assert.equal(tl.source, "synthea-csv");
    assert.equal(tl.hasNotes, false);
    assert.deepEqual(tl.skips, []);
    assert.equal(await count(tl, "SELECT count(*) AS n FROM tl_patients"), 111);
    assert.equal(await count(tl, "SELECT count(death_time) AS n FROM tl_patients"), 11);
    assert.equal(await count(tl, "SELECT count(*) AS n FROM tl_stays"), 7584);
    assert.equal(await count(tl, "SELECT count(*) AS n FROM tl_stays WHERE inpatient"), 49);
    assert.equal(await count(tl, "SELECT count(*) AS n FROM tl_stays WHERE stay_type = 'emergency'"), 250);
    assert.equal(await count(tl, "SELECT count(*) AS n FROM tl_stays WHERE expire_flag = '1'"), 14);
    assert.equal(await count(tl, "SELECT count(*) AS n FROM tl_notes"), 0);
  });

  test("events: every row of conditions, procedures and medications, as SNOMED / RxNorm strings", async () => {
    assert.deepEqual(
      await rows(tl, "SELECT kind, system, count(*)::INTEGER AS n FROM tl_events GROUP BY ALL ORDER BY ALL"),
      [
        { kind: "diagnosis", system: "SNOMED", n: 4428 },
        { kind: "drug", system: "RXNORM", n: 6124 },
        { kind: "procedure", system: "SNOMED", n: 11742 },
      ],
    );
    const [t] = await rows(tl, "SELECT typeof(code) AS t, typeof(system) AS s FROM tl_events LIMIT 1");
    assert.deepEqual(t, { t: "VARCHAR", s: "VARCHAR" });
    const [title] = await rows(tl, "SELECT title FROM tl_code_titles WHERE system = 'SNOMED' AND code = '44054006'");
    assert.equal(title?.title, "Diabetes mellitus type 2 (disorder)");
  });

  test("13 emergency visits lead into 13 inpatient stays; their diagnoses count as the stays'", async () => {
    assert.equal(await count(tl, "SELECT count(*) AS n FROM tl_stay_links"), 13);
    assert.equal(await count(tl, "SELECT count(DISTINCT into_stay_id) AS n FROM tl_stay_links"), 13);
    const dx = `SELECT count(*) AS n FROM tl_events e JOIN tl_stays s USING (stay_id) WHERE s.inpatient AND e.kind = 'diagnosis'`;
    assert.equal(await count(tl, dx), 44);
    // a linked emergency visit keeps its row in tl_stays but no events of its own
    const empty = `SELECT count(*) AS n FROM tl_stay_links l JOIN tl_events e ON e.stay_id = l.stay_id`;
    assert.equal(await count(tl, empty), 0);
  });
});

describe("synthea-csv: bad input (test/fixtures/sources/synthea-csv-bad)", () => {
  let tl: Timeline;
  before(async () => {
    tl = await syntheaCsvReader.open("test/fixtures/sources/synthea-csv-bad");
  });
  after(() => tl.close());

  test("every rule is counted with file and row", () => {
    assert.deepEqual(skipTable(tl), {
      "patients.csv | duplicate patient id (an earlier row has it)": [1, [3]],
      "patients.csv | patient without birth date (kept; birth_date NULL)": [1, [2]],
      "patients.csv | unparsable birth date (kept; birth_date NULL)": [1, [5]],
      "patients.csv | unparsable death date (kept; death_time NULL)": [1, [4]],
      "encounters.csv | duplicate visit id (an earlier row has it)": [1, [6]],
      "encounters.csv | missing end time": [1, [11]],
      "encounters.csv | patient not in the patient table (or skipped there)": [1, [4]],
      "encounters.csv | visit ends before it starts": [1, [3]],
      "conditions.csv | duplicate row (an earlier row is the same)": [1, [5]],
      "conditions.csv | event outside any visit (no visit id)": [1, [4]],
      "conditions.csv | event outside any visit (visit not in the visit table, or skipped there)": [2, [3, 6]],
      "conditions.csv | visit belongs to another patient": [1, [7]],
      "procedures.csv | code of unknown system: MadeUpSystem": [1, [3]],
      "medications.csv.gz | unparsable time": [1, [3]],
    });
  });

  test("kept rows: 4 patients (2 without birth date), 7 visits, 9 events", async () => {
    assert.deepEqual(await rows(tl, "SELECT patient_id, birth_date FROM tl_patients ORDER BY 1"), [
      { patient_id: "p1", birth_date: "1950-02-03 00:00:00" },
      { patient_id: "p2", birth_date: null },
      { patient_id: "p3", birth_date: "1990-01-01 00:00:00" },
      { patient_id: "p4", birth_date: null },
    ]);
    assert.deepEqual(
      (await rows(tl, "SELECT stay_id FROM tl_stays ORDER BY 1")).map((r) => r.stay_id),
      ["e1", "e2", "e5", "e6", "e7", "e8", "e9"],
    );
    assert.equal(await count(tl, "SELECT count(*) AS n FROM tl_events"), 9);
  });

  test("an observation's numeric VALUE is tl_events.value; other kinds have none", async () => {
    assert.deepEqual(await rows(tl, "SELECT kind, code, value FROM tl_events WHERE value IS NOT NULL"), [
      { kind: "lab", code: "8302-2", value: 180 },
    ]);
  });

  test("SYSTEM column when present: ICD-9-CM in procedures is ICD9PROC, code '0040' as written", async () => {
    assert.deepEqual(await rows(tl, "SELECT system, code FROM tl_events WHERE kind = 'procedure' ORDER BY code"), [
      { system: "ICD9PROC", code: "0040" },
      { system: "SNOMED", code: "430193006" },
    ]);
  });

  test("emergency → inpatient: ending ≤ 24 h before (or overlapping) the start links, 24 h + 1 s does not", async () => {
    assert.deepEqual(await rows(tl, "SELECT * FROM tl_stay_links ORDER BY 1"), [
      { stay_id: "e1", into_stay_id: "e2" },
      { stay_id: "e8", into_stay_id: "e9" },
    ]);
    assert.deepEqual(await rows(tl, "SELECT stay_id, code FROM tl_events WHERE kind = 'diagnosis' ORDER BY code"), [
      { stay_id: "e2", code: "44054006" }, // recorded on emergency visit e1
      { stay_id: "e6", code: "55822004" }, // e6 ends 24 h 1 s before e7: not grouped
      { stay_id: "e2", code: "84114007" },
      { stay_id: "e9", code: "88805009" }, // recorded on e8, which ends exactly 24 h before e9
    ]);
  });

  test("expire_flag derived from DEATHDATE within the encounter's dates", async () => {
    assert.deepEqual(await rows(tl, "SELECT stay_id FROM tl_stays WHERE expire_flag = '1'"), [{ stay_id: "e9" }]);
  });
});

test("synthea-csv: missing table or column → PrognosError naming the file (and column)", async () => {
  const dir = mkdtempSync(join(tmpdir(), "prognos-synthea-"));
  try {
    cpSync("test/fixtures/sources/synthea-csv-bad", dir, { recursive: true });
    const enc = join(dir, "encounters.csv");
    writeFileSync(enc, readFileSync(enc, "utf8").replace("ENCOUNTERCLASS", "CLASS"));
    await assert.rejects(
      syntheaCsvReader.open(dir),
      (e: unknown) =>
        isPrognosError(e) && e.file === "encounters.csv" && /missing column encounterclass/.test(e.message),
    );
    cpSync("test/fixtures/sources/synthea-csv-bad/encounters.csv", enc);
    rmSync(join(dir, "conditions.csv"));
    await assert.rejects(
      syntheaCsvReader.open(dir),
      (e: unknown) => isPrognosError(e) && /missing table conditions/.test(e.message),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
