import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { BUNDLED_HEADING_LISTS } from "../../tasks/pretraining/headingLists.ts";
import { NOTE_SOURCE_HELP, parseNoteSource } from "../../tasks/pretraining/readNoteSources.ts";
import { RANGES } from "../../util/ranges.ts";
import { integerOption, rangeHelp } from "../options/index.ts";

/** What `vocab train` writes into --out (the overwrite check looks for these). */
const VOCAB_FILES = ["vocab.txt", "tokenizer_config.json", "vocab.json"] as const;

interface VocabTrainOptions {
  notes: string[];
  out: string;
  vocabSize: string;
  minFrequency: string;
  cased?: boolean;
  headings: string;
  allPatients?: boolean;
  splitSeed: string;
  memoryLimit?: string;
  overwrite?: boolean;
  json?: boolean;
}

/**
 * `prognos vocab train --notes SOURCE… --out DIR [--vocab-size 30000] [--min-frequency 2]`: a WordPiece vocabulary
 * trained on a corpus of notes (docs/wordpiece-training.md), written as a tokenizer folder that `init-model --vocab`
 * builds a model on and `tokenize`, `train` and `pretrain` read.
 */
export function registerVocab(program: Command): void {
  const vocab = program.command("vocab").description("WordPiece vocabularies");
  vocab
    .command("train")
    .description(
      "train a WordPiece vocabulary on notes (Hugging Face's WordPieceTrainer: byte-pair merges, ## continuations) → vocab.txt, tokenizer_config.json, vocab.json",
    )
    .requiredOption("--notes <sources...>", `note sources: ${NOTE_SOURCE_HELP}`)
    .requiredOption("--out <dir>", "tokenizer folder to write")
    .option("--vocab-size <n>", rangeHelp("entries at most, special tokens included", RANGES.vocabSize), "30000")
    .option("--min-frequency <n>", rangeHelp("a pair seen fewer times is never merged", RANGES.minFrequency), "2")
    .option("--cased", "keep case and accents (default: lower-case and strip accents, as bert-base-uncased)")
    .option(
      "--headings <lists>",
      `heading lists for text:DIR notes: ${BUNDLED_HEADING_LISTS.join(", ")}, mimic, or ADMISSION_FILE,OUTCOME_FILE`,
      "mtsamples",
    )
    .option("--all-patients", "MIMIC sources: every patient, not only the tasks' training split")
    .option("--split-seed <n>", rangeHelp("MIMIC-IV: the --seed the tasks were built with", RANGES.seed), "123")
    .option("--memory-limit <size>", "DuckDB's memory limit while reading MIMIC notes (default 1GB)")
    .option("--overwrite", "replace a vocabulary already in --out")
    .option("--json", "print vocab.json to standard output")
    .action(runVocabTrain);
}

async function runVocabTrain(o: VocabTrainOptions): Promise<void> {
  const vocabSize = integerOption(o.vocabSize, "--vocab-size", RANGES.vocabSize);
  const minFrequency = integerOption(o.minFrequency, "--min-frequency", RANGES.minFrequency);
  const splitSeed = integerOption(o.splitSeed, "--split-seed", RANGES.seed);
  const specs = o.notes.map(parseNoteSource);
  const { checkOutput } = await import("../../util/checkOutput.ts");
  const { path } = checkOutput({
    path: o.out,
    kind: "folder",
    holds: VOCAB_FILES,
    what: "a vocabulary",
    overwrite: o.overwrite,
  });
  const { readNoteSources } = await import("../../tasks/pretraining/readNoteSources.ts");
  const { countWords } = await import("../../tokenizer/countWords.ts");
  const { DEFAULT_SPECIAL_TOKENS, trainWordPiece } = await import("../../tokenizer/trainWordPiece.ts");
  const { phasedProgress } = await import("../phasedProgress.ts");
  const say = (line: string) => process.stderr.write(`prognos: ${line}\n`);
  const started = Date.now();

  const reading = phasedProgress("notes", say);
  const sources = await readNoteSources(specs, {
    headings: o.headings,
    splitSeed,
    allPatients: o.allPatients === true,
    memoryLimit: o.memoryLimit,
    onPhase: reading.onPhase,
    onProgress: reading.onProgress,
  });
  reading.stop();
  const cased = o.cased === true;
  const counts = new Map<string, number>();
  const report = sources.map((s) => {
    // A document is the text pre-training reads: its admission part and its outcome part.
    countWords(
      s.documents.flatMap((d) => [d.admission, d.outcome]),
      { cased },
      counts,
    );
    say(`${s.source}: ${s.documents.length} documents from ${s.read} read (${s.description})`);
    for (const k of s.skipped) say(`  skipped: ${k.count} ${k.reason}`);
    return {
      source: s.source,
      description: s.description,
      read: s.read,
      documents: s.documents.length,
      skipped: s.skipped,
    };
  });
  let words = 0;
  for (const c of counts.values()) words += c;
  const { PrognosError } = await import("../../util/errors.ts");
  if (words === 0) throw new PrognosError("--notes: no document with a word to train on (see the skip counts above)");
  say(`counted ${words} words, ${counts.size} distinct; training to ${vocabSize} entries`);
  let trained: ReturnType<typeof trainWordPiece>;
  try {
    trained = trainWordPiece(counts, { vocabSize, minFrequency });
  } catch (e) {
    throw e instanceof PrognosError ? new PrognosError(`--vocab-size ${vocabSize}: ${e.message}`) : e;
  }
  const result = {
    format: "prognos-vocab/1",
    command: "prognos vocab train",
    trainer: "WordPiece (Hugging Face WordPieceTrainer's merges; docs/wordpiece-training.md)",
    settings: { vocabSize, minFrequency, cased, specialTokens: DEFAULT_SPECIAL_TOKENS },
    sources: report,
    words,
    distinctWords: counts.size,
    size: trained.vocab.length,
    characters: trained.characters,
    merges: trained.merges,
    stoppedBy: trained.stoppedBy,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
  mkdirSync(path, { recursive: true });
  writeFileSync(join(path, "vocab.txt"), `${trained.vocab.join("\n")}\n`);
  // strip_accents absent: it follows do_lower_case, as in Hugging Face's BertTokenizer.
  const config = { do_lower_case: !cased, model_max_length: 512, tokenizer_class: "BertTokenizer" };
  writeFileSync(join(path, "tokenizer_config.json"), `${JSON.stringify(config, null, 2)}\n`);
  writeFileSync(join(path, "vocab.json"), `${JSON.stringify(result, null, 2)}\n`);
  if (o.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else
    process.stdout.write(
      `wrote ${path}: ${trained.vocab.length} word pieces (${trained.characters} characters, ${trained.merges} merges; stopped: ${trained.stoppedBy}) from ${words} words of ${report.reduce((n, s) => n + s.documents, 0)} documents\n`,
    );
}
