import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { PrognosError } from "../../util/errors.ts";

/** The bundled MTSamples notes (CC0 as declared; see data/mtsamples/SOURCE.txt). */
export const MTSAMPLES_FILE = fileURLToPath(new URL("../../../data/mtsamples/mtsamples.jsonl.gz", import.meta.url));

export interface MtSample {
  /** The row's `note_id` (as text), or its line number when it has none. */
  id: string;
  transcription: string;
}

/**
 * The MTSamples rows that have a transcription, in file order: one JSON object a line (`note_id`,
 * `transcription`, …), gzip-compressed when the name ends in .gz. Rows without text are left out and counted.
 */
export function readMtSamples(file = MTSAMPLES_FILE): { samples: MtSample[]; withoutText: number } {
  let text: string;
  try {
    const bytes = readFileSync(file);
    text = (file.endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("utf8");
  } catch (e) {
    throw new PrognosError(`${file}: cannot read the MTSamples notes: ${(e as Error).message}`);
  }
  const samples: MtSample[] = [];
  let withoutText = 0;
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    let row: { note_id?: unknown; transcription?: unknown };
    try {
      row = JSON.parse(line);
    } catch {
      throw new PrognosError(`${file}: line ${i + 1} is not JSON`);
    }
    if (typeof row.transcription !== "string" || row.transcription.trim() === "") {
      withoutText++;
      return;
    }
    const id =
      typeof row.note_id === "number" || typeof row.note_id === "string" ? String(row.note_id) : `line${i + 1}`;
    samples.push({ id, transcription: row.transcription });
  });
  return { samples, withoutText };
}

/** The transcriptions of the notes that have text, in file order (the demo's masked-LM corpus). */
export function readMtSamplesTranscriptions(file = MTSAMPLES_FILE): string[] {
  return readMtSamples(file).samples.map((s) => s.transcription);
}
