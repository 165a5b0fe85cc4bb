// The bundled MTSamples notes (data/mtsamples), for parity tests.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

export interface MtSample {
  note_id: number;
  description: string | null;
  transcription: string | null;
}

export const MTSAMPLES = join(dirname(fileURLToPath(import.meta.url)), "../../../data/mtsamples/mtsamples.jsonl.gz");

export function readMtSamples(): MtSample[] {
  const text = gunzipSync(readFileSync(MTSAMPLES)).toString("utf8");
  return text
    .split("\n")
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as MtSample);
}

/** A field counts as text when it has something besides whitespace. */
export function hasText(s: string | null | undefined): s is string {
  return typeof s === "string" && s.trim().length > 0;
}
