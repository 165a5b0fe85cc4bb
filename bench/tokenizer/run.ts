/**
 * Tokenizer benchmark: Prognos' BertTokenizer against transformers.js' (the parity tests' oracle) on the bundled
 * MTSamples transcriptions (all 4,063 that have text; at most 4,096), bert-base-uncased's vocabulary, no truncation. Both must give identical
 * input_ids on every note (the run fails otherwise); then each encodes all notes several times, interleaved, and
 * the median words/s of each and their ratio are printed with the load average.
 *
 *   npm run bench:tokenizer                 # every note (4,063), 5 rounds
 *   npm run bench:tokenizer -- --quick      # 256 notes, 3 rounds
 *   npm run bench:tokenizer -- --json out.json
 */
import { writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { readMtSamplesTranscriptions } from "../../src/sources/mtsamples/readMtSamples.ts";
import { BertTokenizer } from "../../src/tokenizer/BertTokenizer.ts";
import { bertTokenizerJson, readVocab } from "../../test/tokenizer/helpers/hfFolders.ts";
import { makeOracle } from "../../test/tokenizer/helpers/oracle.ts";
import { UNCASED_DIR } from "../../test/tokenizer/helpers/vocabularies.ts";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const jsonOut = args.includes("--json") ? args[args.indexOf("--json") + 1] : undefined;
const noteCount = quick ? 256 : 4096;
const rounds = quick ? 3 : 5;
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(", ");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const notes = readMtSamplesTranscriptions().slice(0, noteCount);
const words = notes.reduce((n, t) => n + t.split(/\s+/).filter((w) => w.length > 0).length, 0);
const { tokenizer } = await BertTokenizer.fromFolder(UNCASED_DIR);
const oracle = makeOracle(bertTokenizerJson(readVocab(UNCASED_DIR), { lowercase: true }), { do_lower_case: true });

let mismatches = 0;
let pieces = 0;
for (const text of notes) {
  const ours = tokenizer.encode(text).inputIds;
  const theirs = oracle.encode(text).input_ids;
  pieces += ours.length;
  if (ours.length !== theirs.length || ours.some((id, i) => id !== theirs[i])) mismatches++;
}
if (mismatches > 0) {
  console.error(`bench:tokenizer: ${mismatches} of ${notes.length} notes get different input_ids; no timing`);
  process.exit(1);
}

console.log(`${notes.length} MTSamples notes, ${words.toLocaleString("en")} words, ${pieces.toLocaleString("en")} ids`);
console.log("input_ids identical to transformers.js on every note");
console.log(`machine: ${cpus()[0]?.model}; load average before: ${load()}`);
const ours: number[] = [];
const theirs: number[] = [];
let sink = 0;
for (let r = 0; r < rounds; r++) {
  let t = performance.now();
  for (const text of notes) sink += tokenizer.encode(text).inputIds.length;
  ours.push(performance.now() - t);
  t = performance.now();
  for (const text of notes) sink += oracle.encode(text).input_ids.length;
  theirs.push(performance.now() - t);
}
if (sink !== 2 * rounds * pieces) throw new Error("the timed runs gave other ids than the checked ones");
const oursWps = words / (median(ours) / 1000);
const theirsWps = words / (median(theirs) / 1000);
console.log("");
console.log("tokenizer        | median ms | words/s");
console.log("-----------------|----------:|--------:");
console.log(`Prognos          | ${median(ours).toFixed(0).padStart(9)} | ${oursWps.toFixed(0).padStart(7)}`);
console.log(`transformers.js  | ${median(theirs).toFixed(0).padStart(9)} | ${theirsWps.toFixed(0).padStart(7)}`);
console.log(`ratio (Prognos / transformers.js): ${(oursWps / theirsWps).toFixed(2)}×`);
console.log(`load average after: ${load()}`);
if (jsonOut) {
  const result = { date: new Date().toISOString(), notes: notes.length, words, pieces, rounds, loadavg: loadavg() };
  writeFileSync(
    jsonOut,
    JSON.stringify({ ...result, ours_ms: ours, theirs_ms: theirs, ratio: oursWps / theirsWps }, null, 2),
  );
}
