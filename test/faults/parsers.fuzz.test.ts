// Fuzzed in-process readers (docs/faults.md): mutated bytes of real files (test/faults/mutate.ts, fixed seeds),
// by the thousand. Every case either reads or fails with the reader's own error (a PrognosError) on one line naming
// the file and the line; never another exception, never a hang (each test has a timeout). Note text never appears
// in an error message.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { readNotes } from "../../src/serving/readNotes.ts";
import { loadTaskDataset } from "../../src/tasks/dataset/loadTaskDataset.ts";
import { type CsvRecord, CsvRecordParser, parseCsv } from "../../src/util/CsvRecordParser.ts";
import { isPrognosError } from "../../src/util/errors.ts";
import { SeededRandom } from "../../src/util/SeededRandom.ts";
import { Utf8ChunkDecoder } from "../../src/util/strictUtf8.ts";
import { fuzzCount, mutations } from "./mutate.ts";

const ROOT = join(import.meta.dirname, "../..");
const root = mkdtempSync(join(tmpdir(), "prognos-fuzz-"));
after(() => rmSync(root, { recursive: true, force: true }));

/** The error of `fn`, checked: a PrognosError, one line, naming `file`. */
function expectReadOrOwnError(e: unknown, file: string, what: string): string {
  if (!isPrognosError(e)) throw new assert.AssertionError({ message: `${what}: not a PrognosError: ${e}` });
  const m = e.message;
  assert.ok(!m.includes("\n"), `${what}: a message of several lines: ${m}`);
  assert.ok(m.includes(file), `${what}: the message does not name ${file}: ${m}`);
  assert.ok(m.length < 600, `${what}: a ${m.length}-character message`);
  return m;
}

/** Parses `bytes` whole, as readCsvRecords does (strict UTF-8, then CSV). */
function parseWhole(bytes: Uint8Array, name: string): CsvRecord[] {
  const d = new Utf8ChunkDecoder(name, "CSV file");
  return parseCsv(d.decode(bytes) + d.end(), name);
}

/** Parses `bytes` in chunks cut at seeded places (a quote, a \r\n or a UTF-8 sequence may straddle two). */
function parseChunked(bytes: Uint8Array, name: string, random: SeededRandom): CsvRecord[] {
  const d = new Utf8ChunkDecoder(name, "CSV file");
  const p = new CsvRecordParser(name);
  const out: CsvRecord[] = [];
  for (let at = 0; at < bytes.length; ) {
    const next = Math.min(bytes.length, at + random.int(1, 200));
    out.push(...p.push(d.decode(bytes.subarray(at, next))));
    at = next;
  }
  out.push(...p.push(d.end()), ...p.end());
  return out;
}

const outcome = (f: () => CsvRecord[]): { records?: CsvRecord[]; error?: unknown } => {
  try {
    return { records: f() };
  } catch (error) {
    return { error };
  }
};

for (const file of [
  "test/fixtures/mimic3/hospital/NOTEEVENTS.csv",
  "test/fixtures/mimic3/hospital/ADMISSIONS.csv",
  "data/core-tasks/mimic_val.csv",
]) {
  test(`CSV parser on mutated ${file}: records or one line naming file and line; chunked = whole`, {
    timeout: 120_000,
  }, () => {
    const original = new Uint8Array(readFileSync(join(ROOT, file))).subarray(0, 24_000);
    const name = file.split("/").pop()!;
    const random = SeededRandom.from(16, "chunks", file);
    let errors = 0;
    let i = 0;
    for (const bytes of mutations(original, file, fuzzCount(1500))) {
      const what = `case ${i++}`;
      const whole = outcome(() => parseWhole(bytes, name));
      const chunked = outcome(() => parseChunked(bytes, name, random));
      if (whole.error !== undefined) {
        errors++;
        const m = expectReadOrOwnError(whole.error, name, what);
        assert.match(m, /line \d+/, `${what}: no line in ${m}`);
        // In chunks (as readCsvRecords reads files) a CSV error may come before a bad UTF-8 byte further on; with
        // valid UTF-8 both report the same first CSV problem.
        assert.ok(chunked.error !== undefined, `${what}: whole failed (${m}), chunked read`);
        const c = expectReadOrOwnError(chunked.error, name, what);
        if (!/not valid UTF-8/.test(m)) assert.equal(c, m, what);
      } else {
        assert.ok(chunked.error === undefined, `${what}: chunked failed: ${chunked.error}`);
        assert.deepEqual(chunked.records, whole.records, what);
      }
    }
    assert.ok(errors > 0 && errors < i, `${errors} errors in ${i} cases: the mutations must hit both ways`);
  });
}

// Notes to score (`prognos predict --input`): JSON lines and CSV.
const NOTES = [
  { id: "n1", text: "Chief complaint: crushing substernal chest pain radiating to the left arm since this morning." },
  { id: "n2", text: "History of present illness: fevers, productive cough and rigors for three days, now hypoxic." },
  { id: "n3", text: 'Quoted "text", commas, and a\nnewline inside the note, plus émigré accents.' },
];
const noteWindows = NOTES.flatMap((n) => n.text.match(/.{1,24}/gs) ?? []).filter((w) => w.length >= 24);

for (const [ext, content] of [
  ["jsonl", `${NOTES.map((n) => JSON.stringify(n)).join("\n")}\n`],
  ["csv", `id,text\n${NOTES.map((n) => `${n.id},"${n.text.replaceAll('"', '""')}"`).join("\n")}\n`],
] as const) {
  test(`notes to score (.${ext}) mutated: notes or one line naming the file, never the note's text`, {
    timeout: 120_000,
  }, async () => {
    const path = join(root, `notes.${ext}`);
    let i = 0;
    let errors = 0;
    for (const bytes of mutations(Buffer.from(content), `notes ${ext}`, fuzzCount(400))) {
      writeFileSync(path, bytes);
      const what = `case ${i++}`;
      try {
        const notes = await readNotes(path);
        for (const n of notes) assert.equal(typeof n.text, "string", what);
      } catch (e) {
        errors++;
        const m = expectReadOrOwnError(e, path, what);
        for (const w of noteWindows) assert.ok(!m.includes(w), `${what}: note text in the message: ${m}`);
      }
    }
    assert.ok(errors > 0 && errors < i, `${errors} errors in ${i} cases`);
  });
}

// The task-folder reader (`--task`): a Prognos task folder from `prognos tasks build`, one file mutated per case.
let taskFolder = "";
before(() => {
  const out = join(root, "tasks");
  const r = spawnSync(
    process.execPath,
    ["bin/prognos.js", "tasks", "build", "--source", "mimic3", "--dir", "test/fixtures/mimic3/hospital"].concat([
      "--out",
      out,
      "--tasks",
      "MP_IN_adm",
      "--no-progress",
    ]),
    { cwd: ROOT, encoding: "utf8" },
  );
  assert.equal(r.status, 0, r.stderr);
  taskFolder = join(out, "MP_IN_adm");
});

test("task folder with one file mutated: a dataset or one line naming the file", { timeout: 180_000 }, async () => {
  const files = ["train.csv", "val.csv", "test.csv", "labels.json"];
  const random = SeededRandom.from(16, "task files");
  const work = join(root, "task-case");
  let i = 0;
  let errors = 0;
  for (let k = 0; k < fuzzCount(240); k++) {
    const file = files[random.int(0, files.length)]!;
    const original = new Uint8Array(readFileSync(join(taskFolder, file)));
    const [bytes] = [...mutations(original, `task ${k}`, 1)];
    rmSync(work, { recursive: true, force: true });
    cpSync(taskFolder, work, { recursive: true });
    writeFileSync(join(work, file), bytes!);
    const what = `case ${i++} (${file})`;
    try {
      const d = await loadTaskDataset(work);
      assert.ok(d.splits.train.length > 0, what);
    } catch (e) {
      errors++;
      const m = expectReadOrOwnError(e, file, what);
      // Never the notes' text, even where a damaged header line is a row of data.
      const rows = file.endsWith(".csv") ? Buffer.from(bytes!).toString("utf8").split("\n") : [];
      for (const w of rows.flatMap((r) => r.match(/.{33}/gs) ?? []))
        assert.ok(!m.includes(w), `${what}: the message quotes the file's rows: ${m}`);
    }
  }
  assert.ok(errors > 0 && errors < i, `${errors} errors in ${i} cases`);
});

// The i2b2 2010 concept reader (`prognos ner`): a document's .txt or its .con mutated.
const I2B2_TEXT = "Admission Date :\nHe had chest pain and a CXR .\nStarted on  aspirin 81 mg .\n";
const I2B2_CON = [
  'c="chest pain" 2:2 2:3||t="problem"',
  'c="a cxr" 2:5 2:6||t="test"',
  'c="aspirin" 3:2 3:2||t="treatment"',
].join("\n");

test("i2b2 folder with its .txt or .con mutated: documents or one line naming the file", {
  timeout: 120_000,
}, async () => {
  const { readI2b2Folder } = await import("../../src/sources/i2b2/i2b2Folder.ts");
  const dir = join(root, "i2b2");
  mkdirSync(join(dir, "txt"), { recursive: true });
  mkdirSync(join(dir, "concept"), { recursive: true });
  let i = 0;
  let errors = 0;
  for (const [file, original] of [
    ["doc1.txt", I2B2_TEXT],
    ["doc1.con", I2B2_CON],
  ] as const) {
    for (const bytes of mutations(Buffer.from(original), `i2b2 ${file}`, fuzzCount(500))) {
      writeFileSync(join(dir, "txt", "doc1.txt"), file === "doc1.txt" ? bytes : Buffer.from(I2B2_TEXT));
      writeFileSync(join(dir, "concept", "doc1.con"), file === "doc1.con" ? bytes : Buffer.from(I2B2_CON));
      const what = `case ${i++} (${file})`;
      try {
        readI2b2Folder(dir);
      } catch (e) {
        errors++;
        // A damaged text can leave the (unchanged) .con pointing past it: the .con is then the file named.
        expectReadOrOwnError(e, "doc1.", what);
      }
    }
  }
  assert.ok(errors > 0 && errors < i, `${errors} errors in ${i} cases`);
});
