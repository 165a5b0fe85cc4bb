// Fuzzed source readers (docs/faults.md): the whole DuckDB-backed readers (MIMIC-III, MIMIC-IV, OMOP, Synthea CSV,
// FHIR) on a copy of a real fixture folder with one file's bytes mutated (test/faults/mutate.ts, fixed seeds), by
// the dozen. Each case opens the timeline and reads every table, or fails with a PrognosError on one line naming
// a file of the folder; never another exception, never a hang (a per-case timeout).
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { after, test } from "node:test";
import { getSourceReader } from "../../src/sources/registry.ts";
import { isPrognosError } from "../../src/util/errors.ts";
import { SeededRandom } from "../../src/util/SeededRandom.ts";
import { fuzzCount, mutations } from "./mutate.ts";

const root = mkdtempSync(join(tmpdir(), "prognos-fuzz-sources-"));
after(() => rmSync(root, { recursive: true, force: true }));
const CASE_TIMEOUT_MS = 30_000;

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? filesUnder(p) : [p];
    });
}

/** Opens the source and reads every timeline table; the timeline is closed after. */
async function readAll(source: string, dir: string): Promise<void> {
  const tl = await getSourceReader(source).open(dir);
  try {
    for (const table of [
      "tl_patients",
      "tl_stays",
      "tl_events",
      "tl_code_titles",
      ...(tl.hasNotes ? ["tl_notes"] : []),
    ])
      await tl.connection.runAndReadAll(`SELECT * FROM ${table}`);
  } finally {
    tl.close();
  }
}

function withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what}: no answer in ${CASE_TIMEOUT_MS} ms (a hang)`)),
      CASE_TIMEOUT_MS,
    );
  });
  return Promise.race([p, hang]).finally(() => clearTimeout(timer));
}

const SOURCES: Array<[source: string, fixture: string, cases: number]> = [
  ["mimic3", "test/fixtures/mimic3/hospital", 16],
  ["mimic4", "test/fixtures/sources/mimic4", 10],
  ["omop", "test/fixtures/sources/omop-bad", 12],
  ["synthea-csv", "test/fixtures/sources/synthea-csv-bad", 10],
  ["fhir", "test/fixtures/sources/fhir-bad", 12],
  ["fhir", "test/fixtures/sources/fhir-bundles", 6],
];

for (const [source, fixture, cases] of SOURCES) {
  test(`${source} reader on ${fixture} with one file mutated: a timeline or one line naming a file`, {
    timeout: 300_000,
  }, async (t) => {
    await withTimeout(readAll(source, fixture), `${source}: the unmutated fixture`);
    const files = filesUnder(fixture).filter((f) => !/\.(md|txt|gz)$/i.test(f));
    const random = SeededRandom.from(16, "source files", fixture);
    let errors = 0;
    const n = fuzzCount(cases);
    for (let k = 0; k < n; k++) {
      const file = files[random.int(0, files.length)]!;
      const rel = relative(fixture, file);
      const [bytes] = [...mutations(new Uint8Array(readFileSync(file)), `${fixture} ${k}`, 1)];
      const dir = join(root, `${source}-${fixture.split("/").pop()}-${k}`);
      cpSync(fixture, dir, { recursive: true });
      writeFileSync(join(dir, rel), bytes!);
      const what = `${source} case ${k} (${rel} mutated)`;
      try {
        await withTimeout(readAll(source, dir), what);
      } catch (e) {
        errors++;
        if (!isPrognosError(e)) throw new assert.AssertionError({ message: `${what}: not a PrognosError: ${e}` });
        assert.ok(!e.message.includes("\n"), `${what}: a message of several lines: ${e.message}`);
        // Never the rows' text (DuckDB's CSV errors quote the offending line: a note, for a notes table).
        // (The file's own name may be in its content, as a FHIR Bundle's id: it is not a row.)
        const message = e.message.replaceAll(rel.split("/").pop()!, "<file>");
        const text = Buffer.from(bytes!).toString("utf8");
        const rows = source === "fhir" ? text.split("\n") : text.split("\n").slice(1);
        for (const w of rows.flatMap((r) => r.match(/.{32}/gs) ?? []))
          assert.ok(!message.includes(w), `${what}: the message quotes the file's rows: ${e.message}`);
        const named = files.some((f) => e.message.includes(relative(fixture, f)) || e.message.includes(dir));
        assert.ok(named, `${what}: the message names no file: ${e.message}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    t.diagnostic(`${source}: ${errors} of ${n} mutated folders refused, the others read`);
  });
}

// DuckDB's CSV errors carry "Original Line: <the row>": for a notes table, patient text. The readers' messages
// keep the line number and the column counts only (sources/common/duckdbErrorSummary.ts).
test("a ragged row in OMOP's NOTE table: the error names the file and line, never the row's text", async () => {
  const dir = join(root, "omop-ragged-note");
  cpSync("test/fixtures/sources/omop-bad", dir, { recursive: true });
  const secret = "Patient reports crushing substernal chest pain radiating to the jaw";
  writeFileSync(
    join(dir, "note.csv"),
    `${readFileSync(join(dir, "note.csv"), "utf8").trimEnd()}\n99,1,2020-01-01,,0,0,title,"${secret}"\n`,
  );
  await assert.rejects(readAll("omop", dir), (e: unknown) => {
    assert.ok(isPrognosError(e), String(e));
    assert.match(e.message, /^note\.csv: cannot read: .*CSV Error on Line: \d+/);
    assert.ok(!e.message.includes("crushing substernal"), e.message);
    assert.equal(e.cause, undefined, "DuckDB's error (quoting the row) is not kept as the cause");
    return true;
  });
});

// A byte that is not UTF-8 inside a quoted note made DuckDB fail with an internal error when the note text was read
// ("Attempted to access index 10 within vector of size 1"; found by the fuzz test above). The readers check notes
// files first: the error names the file, line and byte.
test("a byte that is not UTF-8 in a MIMIC-III note: one line naming NOTEEVENTS.csv, the line and the byte", async () => {
  const dir = join(root, "mimic3-latin1-note");
  cpSync("test/fixtures/mimic3/hospital", dir, { recursive: true });
  const notes = readFileSync(join(dir, "NOTEEVENTS.csv"));
  const at = notes.indexOf("Allergies to Drugs");
  assert.ok(at > 0);
  writeFileSync(
    join(dir, "NOTEEVENTS.csv"),
    Buffer.concat([notes.subarray(0, at + 5), Buffer.from([0xe7]), notes.subarray(at + 6)]),
  );
  const line = notes.subarray(0, at).toString("utf8").split("\n").length;
  await assert.rejects(readAll("mimic3", dir), (e: unknown) => {
    assert.ok(isPrognosError(e), String(e));
    assert.match(
      e.message,
      new RegExp(`^NOTEEVENTS\\.csv: CSV file is not valid UTF-8 \\(line ${line}, byte offset ${at + 5}: 0xe7\\)`),
    );
    return true;
  });
});
