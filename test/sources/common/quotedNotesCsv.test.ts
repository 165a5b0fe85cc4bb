// The notes file the readers' quoted-line-break tests read (quotedNotesCsv.ts): checked against Prognos's own
// RFC 4180 parser, shown to defeat DuckDB's parallel CSV reader, and read exactly by csvScan's multiLine.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { gzipSync } from "node:zlib";
import { csvScan } from "../../../src/sources/common/csvTable.ts";
import { readCsvRecords } from "../../../src/util/CsvRecordParser.ts";
import { type DuckDBHandle, openDuckDB } from "../../../src/util/openDuckDB.ts";
import { TEST_THREADS } from "./notesRoundTrip.ts";
import { type QuotedNotesCsv, writeQuotedNotesCsv } from "./quotedNotesCsv.ts";

const HEADER = ["note_id", "subject_id", "hadm_id", "note_type", "note_seq", "charttime", "storetime", "text"];

describe("quotedNotesCsv: a 17 MB notes file with quoted line breaks over DuckDB's scan boundaries", () => {
  let dir: string;
  let file: string;
  let gzipped: string;
  let csv: QuotedNotesCsv;
  let db: DuckDBHandle;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "prognos-quoted-notes-"));
    file = join(dir, "discharge.csv");
    csv = writeQuotedNotesCsv(file, {
      header: HEADER,
      textColumn: "text",
      minBytes: 17_000_000,
      fields: (i) => ({
        note_id: `N${i}`,
        subject_id: String(10_000 + (i % 300)),
        hadm_id: String(20_000 + (i % 300)),
        note_type: "DS",
        note_seq: String(i % 7),
        charttime: "2180-05-09 00:00:00",
      }),
    });
    gzipped = join(dir, "discharge.csv.gz");
    writeFileSync(gzipped, gzipSync(readFileSync(file), { level: 1 }));
    db = await openDuckDB();
    await db.connection.run(`SET threads = ${TEST_THREADS}`);
  });
  after(() => {
    db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("Prognos's own CSV parser reads the rows and texts the helper reports", async () => {
    let n = 0;
    let header: string[] | undefined;
    for await (const record of readCsvRecords(file)) {
      if (!header) {
        header = record.fields;
        continue;
      }
      assert.equal(record.fields.length, HEADER.length, `record ${n} (line ${record.line})`);
      assert.equal(record.fields[0], `N${n}`);
      const md5 = createHash("md5").update(record.fields[7]!, "utf8").digest("hex");
      if (md5 !== csv.md5[n]) assert.fail(`record ${n}: text differs from the helper's`);
      n++;
    }
    assert.deepEqual(header, HEADER);
    assert.equal(n, csv.rows);
  });

  test("each trap offset falls inside a quoted note, a row-like line right after it", () => {
    const bytes = readFileSync(file);
    assert.equal(bytes.length, csv.bytes);
    assert.deepEqual(csv.traps, [8_000_000, 8_388_608, 16_000_000, 16_777_216]);
    assert.equal(csv.straddling.size, csv.traps.length);
    let quotes = 0;
    let from = 0;
    for (const trap of csv.traps) {
      for (let i = from; i < trap; i++) if (bytes[i] === 0x22) quotes++;
      from = trap;
      assert.equal(quotes % 2, 1, `offset ${trap} is inside quotes`);
      const start = bytes.indexOf(0x0a, trap) + 1;
      const line = bytes.subarray(start, bytes.indexOf(0x0a, start)).toString();
      assert.equal(line.includes('"'), false, `the line after offset ${trap} has no quote: ${line}`);
      assert.equal(line.split(",").length, HEADER.length, `the line after offset ${trap} reads as a row: ${line}`);
    }
  });

  test("DuckDB's parallel reader does not read it right, plain or gzipped (why csvScan has multiLine)", async (t) => {
    // If DuckDB reads this file right one day, its parallel reader may do for notes again: see CsvScanOptions.
    for (const path of [file, gzipped]) {
      let outcome: string;
      try {
        const r = await db.connection.runAndReadAll(`SELECT note_id, md5(text) AS md5 FROM ${csvScan(path, HEADER)}`);
        outcome = differences(r.getRowObjectsJS(), csv);
      } catch (e) {
        outcome = `error: ${(e as Error).message.split("\n")[0]}`;
      }
      t.diagnostic(`DuckDB's parallel reader, ${path.endsWith(".gz") ? "gzipped" : "plain"}: ${outcome}`);
      assert.notEqual(outcome, "exact");
    }
  });

  test("csvScan with multiLine reads every row and text exactly, plain or gzipped, with 4 threads", async () => {
    for (const path of [file, gzipped]) {
      const scan = csvScan(path, HEADER, { multiLine: true });
      const r = await db.connection.runAndReadAll(`SELECT note_id, md5(text) AS md5 FROM ${scan}`);
      assert.equal(differences(r.getRowObjectsJS(), csv), "exact", path);
    }
  });
});

/** "exact" when the rows are the file's, in file order, texts and all; else what differs first. */
function differences(got: Record<string, unknown>[], csv: QuotedNotesCsv): string {
  if (got.length !== csv.rows) return `${got.length} rows, not ${csv.rows}`;
  const i = got.findIndex((row, k) => row.note_id !== `N${k}` || row.md5 !== csv.md5[k]);
  return i < 0 ? "exact" : `row ${i} differs`;
}
