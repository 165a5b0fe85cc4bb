/**
 * Start-up of the `prognos` command as a user meets it: wall time of whole processes, median of N runs, each as a
 * ratio to a bare `node -e 0` measured in the same run (so machine load cancels out as far as it can).
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

export interface StartupRow {
  name: string;
  command: string;
  medianMs: number;
  ratioToNode: number;
  /** Not Prognos' own time to cut (npx resolving the package before Prognos starts). */
  context?: boolean;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function timeRuns(argv: string[], runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(argv[0]!, argv.slice(1), { encoding: "utf8" });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0)
      throw new Error(`${argv.slice(0, 4).join(" ")} failed (${r.status}): ${r.error ?? r.stderr.slice(0, 500)}`);
    times.push(ms);
  }
  return median(times);
}

/** One admission-like note from the bundled MTSamples file (its text is never printed). */
function sampleNote(): string {
  const lines = gunzipSync(readFileSync("data/mtsamples/mtsamples.jsonl.gz")).toString("utf8").split("\n");
  const note = lines
    .map((l) => (l ? ((JSON.parse(l) as { transcription?: string }).transcription ?? "") : ""))
    .find((t) => t.length > 2000);
  if (!note) throw new Error("no MTSamples note of 2,000+ characters");
  return note;
}

export function measureStartup(runs: number): StartupRow[] {
  // The file package.json's "bin" names: what `npx prognos` and an installed `prognos` run (npm links no bin of
  // the root package itself into node_modules/.bin).
  const bin = "bin/prognos.js";
  const note = sampleNote();
  const cases: Array<Omit<StartupRow, "medianMs" | "ratioToNode"> & { argv: string[] }> = [
    { name: "bare node", command: "node -e 0", argv: [process.execPath, "-e", "0"] },
    { name: "prognos --help", command: `${bin} --help`, argv: [bin, "--help"] },
    {
      name: "prognos tokenize (one note)",
      command: `${bin} tokenize --model data/vocab/bert-base-uncased <note of ${note.length} chars>`,
      argv: [bin, "tokenize", "--model", "data/vocab/bert-base-uncased", note],
    },
    { name: "npx prognos --help", command: "npx prognos --help", argv: ["npx", "prognos", "--help"], context: true },
  ];
  // Warm the file cache once, then interleave nothing: each case runs `runs` times in a row.
  for (const c of cases) timeRuns(c.argv, 1);
  const rows = cases.map((c) => ({ ...c, medianMs: timeRuns(c.argv, runs), ratioToNode: 0 }));
  const node = rows[0]!.medianMs;
  return rows.map(({ argv: _argv, ...r }) => ({ ...r, ratioToNode: r.medianMs / node }));
}
