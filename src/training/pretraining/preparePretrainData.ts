import type { SourceDocuments } from "../../tasks/pretraining/NoteDocument.ts";
import { parseNoteSource, readNoteSources } from "../../tasks/pretraining/readNoteSources.ts";
import type { BertTokenizer } from "../../tokenizer/BertTokenizer.ts";
import { PrognosError } from "../../util/errors.ts";
import type { PretrainConfig } from "./PretrainConfig.ts";
import { buildPretrainCorpus, type PretrainCorpus } from "./PretrainCorpus.ts";
import { MlmExamples, OutcomeExamples, type PretrainExamples } from "./PretrainExamples.ts";
import type { PretrainData } from "./Pretrainer.ts";

/** What the corpus was made of, written to the run folder as corpus.json (counts only, never text). */
export interface CorpusReport {
  sources: Array<Omit<SourceDocuments, "documents"> & { documents: number }>;
  /** Documents after tokenization: training and validation, and what tokenization left out. */
  train: number;
  val: number;
  skipped: PretrainCorpus["skipped"];
  /** Word pieces of the training documents (admission and outcome parts). */
  trainPieces: number;
  fingerprint: string;
}

export interface PrepareOptions {
  memoryLimit?: string;
  onPhase?: (message: string) => void;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Reads the config's note sources, tokenizes the documents, holds out the validation documents and builds the
 * examples of the objective: CORe's outcome pairs (OutcomeExamples) or masked-LM windows (MlmExamples).
 */
export async function preparePretrainData(
  cfg: PretrainConfig,
  tokenizer: BertTokenizer,
  options: PrepareOptions = {},
): Promise<{ data: PretrainData; report: CorpusReport }> {
  const specs = cfg.notes.map(parseNoteSource);
  const sources = await readNoteSources(specs, {
    headings: cfg.headings,
    splitSeed: cfg.splitSeed,
    allPatients: cfg.allPatients,
    memoryLimit: options.memoryLimit,
    onPhase: options.onPhase,
    onProgress: options.onProgress,
  });
  const documents = sources.flatMap((s) => s.documents);
  options.onPhase?.(`tokenizing ${documents.length} documents`);
  const corpus = buildPretrainCorpus(
    tokenizer,
    documents,
    { valFraction: cfg.valFraction, seed: cfg.seed, minVal: cfg.objective === "core" ? 2 : 1 },
    (done) => options.onProgress?.(done, documents.length),
  );
  const core = cfg.objective === "core";
  if (corpus.train.length < (core ? 2 : 1)) {
    throw new PrognosError(
      `--notes: ${corpus.train.length} training document(s) with an admission and an outcome part; ` +
        `${core ? "the outcome objective needs at least 2" : "masked-LM needs at least 1"} (see the skip counts above)`,
    );
  }
  const ids = { cls: tokenizer.ids.cls, sep: tokenizer.ids.sep };
  const examples = (docs: PretrainCorpus["train"]): PretrainExamples =>
    core
      ? new OutcomeExamples(
          docs,
          {
            minChunk: cfg.minChunk,
            admissionChunk: cfg.admissionChunk,
            outcomeChunk: cfg.outcomeChunk,
            pairing: cfg.pairing,
          },
          cfg.seed,
          ids,
          cfg.maxSeqLength,
        )
      : new MlmExamples(docs, cfg.seed, ids, cfg.maxSeqLength);
  const { mask, pad } = tokenizer.ids;
  if ((cfg.objective === "mlm" || cfg.mlm) && mask === undefined) {
    throw new PrognosError(`--from ${cfg.from}: the vocabulary has no [MASK] token, which masked-LM needs`);
  }
  const data: PretrainData = {
    train: examples(corpus.train),
    val: corpus.val.length > 0 ? examples(corpus.val) : undefined,
    fingerprint: corpus.fingerprint,
    vocab: {
      maskId: mask ?? -1,
      vocabSize: tokenizer.vocabSize,
      specialIds: new Set([ids.cls, ids.sep, ...(pad === undefined ? [] : [pad])]),
    },
    padTokenId: pad ?? 0,
  };
  const report: CorpusReport = {
    sources: sources.map((s) => ({ ...s, documents: s.documents.length })),
    train: corpus.train.length,
    val: corpus.val.length,
    skipped: corpus.skipped,
    trainPieces: corpus.trainPieces,
    fingerprint: corpus.fingerprint,
  };
  return { data, report };
}
