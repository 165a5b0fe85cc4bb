/**
 * bench/ehr child: builds one source's patient timeline the way `prognos ehr build` does (openDuckDB with its memory
 * limit, then the reader) and nothing else, so that bench/ehr/run.ts can measure the timeline alone (wall time and
 * peak RSS of this process). Prints one JSON line: seconds, rows in tl_patients / tl_stays / tl_events, and the
 * rows the reader reported (skipped or kept with a caveat).
 *
 *   node --import tsx bench/ehr/timeline.ts --source omop --dir DIR [--memory-limit 1GB]
 */
import { parseArgs } from "node:util";
import { getSourceReader } from "../../src/sources/registry.ts";
import { DEFAULT_MEMORY_LIMIT, openDuckDB } from "../../src/util/openDuckDB.ts";

const { values } = parseArgs({
  options: {
    source: { type: "string" },
    dir: { type: "string" },
    "memory-limit": { type: "string", default: DEFAULT_MEMORY_LIMIT },
  },
});
if (!values.source || !values.dir) throw new Error("usage: timeline.ts --source ID --dir DIR [--memory-limit 1GB]");

const t0 = performance.now();
const db = await openDuckDB(values["memory-limit"]);
try {
  const tl = await getSourceReader(values.source).open(values.dir, { connection: db.connection });
  const seconds = (performance.now() - t0) / 1000;
  const counts = (
    await db.connection.runAndReadAll(
      `SELECT (SELECT count(*) FROM tl_patients) AS patients, (SELECT count(*) FROM tl_stays) AS stays,
              (SELECT count(*) FROM tl_events) AS events`,
    )
  ).getRowObjectsJS()[0]!;
  console.log(
    JSON.stringify({
      seconds: Number(seconds.toFixed(2)),
      patients: Number(counts.patients),
      stays: Number(counts.stays),
      events: Number(counts.events),
      reportedRows: tl.skips.reduce((n, s) => n + s.count, 0),
    }),
  );
} finally {
  db.close();
}
