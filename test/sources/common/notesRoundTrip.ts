/**
 * Test helper for the notes readers' quoted-line-break tests: opens a source on a DuckDB with several threads and
 * checks that tl_notes holds exactly the notes a QuotedNotesCsv wrote, text byte for byte.
 */
import assert from "node:assert/strict";
import type { SourceReader, Timeline } from "../../../src/sources/Timeline.ts";
import { openDuckDB } from "../../../src/util/openDuckDB.ts";
import type { QuotedNotesCsv } from "./quotedNotesCsv.ts";
import { rows } from "./timelineQuery.ts";

/** DuckDB threads for these tests: more than one, so that a parallel scan would run in parallel. */
export const TEST_THREADS = 4;

/** Opens `reader` on `dir` with its own DuckDB set to TEST_THREADS threads; close() closes both. */
export async function openWithThreads(reader: SourceReader, dir: string): Promise<Timeline> {
  const db = await openDuckDB();
  try {
    await db.connection.run(`SET threads = ${TEST_THREADS}`);
    const tl = await reader.open(dir, { connection: db.connection });
    return {
      ...tl,
      close: () => {
        tl.close();
        db.close();
      },
    };
  } catch (e) {
    db.close();
    throw e;
  }
}

/**
 * tl_notes holds one note per written row (row i's note_id is `noteId(i)`), each text's MD5 is the written text's,
 * and the rows whose text holds a scan boundary, and the sampled rows, come back equal to the written text.
 */
export async function assertNotesRoundTrip(
  tl: Timeline,
  csv: QuotedNotesCsv,
  noteId: (row: number) => string,
): Promise<void> {
  const threads = await rows(tl, "SELECT current_setting('threads')::INTEGER AS n");
  assert.equal(threads[0]!.n, TEST_THREADS);
  const got = await rows(tl, "SELECT note_id, md5(text) AS md5 FROM tl_notes");
  assert.equal(got.length, csv.rows, "tl_notes rows");
  const md5ById = new Map(got.map((r) => [String(r.note_id), String(r.md5)]));
  assert.equal(md5ById.size, csv.rows, "distinct note ids");
  let wrong = 0;
  let firstWrong = -1;
  for (let i = 0; i < csv.rows; i++) {
    if (md5ById.get(noteId(i)) !== csv.md5[i]) {
      wrong++;
      if (firstWrong < 0) firstWrong = i;
    }
  }
  assert.equal(wrong, 0, `notes whose text differs from the file's (the first: row ${firstWrong})`);
  assert.ok(csv.straddling.size >= 1, "the file has a note holding a scan boundary");
  const exact = new Map([...csv.straddling, ...csv.samples].map(([row, text]) => [noteId(row), text]));
  const ids = [...exact.keys()].map((id) => `'${id}'`).join(", ");
  const texts = await rows(tl, `SELECT note_id, text FROM tl_notes WHERE note_id IN (${ids})`);
  assert.equal(texts.length, exact.size);
  for (const r of texts) assert.equal(r.text, exact.get(String(r.note_id)), `note ${r.note_id}'s text`);
}
