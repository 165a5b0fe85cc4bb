import type { ModelCatalogue } from "./catalogueSchema.ts";
import { identifyVocabulary, type VocabularyIdentification } from "./identifyVocabulary.ts";

/** What `prognos inspect` knows of a folder, as the catalogue's checks need it. */
export interface FolderFacts {
  dir: string;
  /** The config file's name: config.json, or bert_config.json (Huang et al.'s layout). */
  configName: string;
  configVocabSize: number;
  maxPositions: number;
  /** The vocabulary's tokens in id order; undefined when the folder has no vocab.txt or tokenizer.json. */
  tokens?: readonly string[];
  /** Rows of `classifier.weight`, when the weights have a classifier. */
  classifierOutputs?: number;
}

/** The catalogue's part of an inspection: the identification and the pitfalls it knows of. */
export interface CatalogueFindings {
  vocabulary?: VocabularyIdentification;
  warnings: string[];
}

const CJK = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u;

/**
 * Identifies a folder's vocabulary against the catalogue and warns of the pitfalls known for these models
 * (docs/catalogue.md#pitfalls): fewer than 512 positions, further pre-training on 128-token sequences, a vocabulary
 * larger than the embedding table, a Japanese vocabulary that needs MeCab, Huang et al.'s fine-tuned folders
 * without vocab.txt. The cased-without-do_lower_case warning comes from checkTokenizerFiles.
 */
export function catalogueFindings(facts: FolderFacts, catalogue: ModelCatalogue): CatalogueFindings {
  const warnings: string[] = [];
  if (facts.maxPositions < 512) {
    warnings.push(
      `${facts.configName}: max_position_embeddings is ${facts.maxPositions}: a note is cut after ${facts.maxPositions - 2} word pieces ` +
        "(CORe and ClinicalBERT read up to 512); read long notes in windows or use a model with 512 positions",
    );
  }
  if (!facts.tokens) {
    if (facts.configName === "bert_config.json") {
      warnings.push(
        `${facts.dir}: a bert_config.json folder without vocab.txt, like the fine-tuned folders of Huang et al.'s ClinicalBERT ` +
          "(discharge_readmission, early_readmission): copy pretraining/vocab.txt (BERT-base-uncased's) into it",
      );
    }
    return { warnings };
  }
  const tokens = facts.tokens;
  const vocabulary = identifyVocabulary(tokens, catalogue);
  if (tokens.length > facts.configVocabSize) {
    warnings.push(
      `the vocabulary has ${tokens.length} tokens but the embedding table (${facts.configName} vocab_size) has ${facts.configVocabSize} rows: ` +
        `ids from ${facts.configVocabSize} on would fail; the vocabulary probably belongs to another model`,
    );
  }
  const cjk = tokens.filter((t) => CJK.test(t)).length;
  if (cjk >= 0.2 * tokens.length) {
    warnings.push(
      `${cjk} of ${tokens.length} tokens are Japanese or Chinese: a Japanese clinical BERT such as UTH-BERT needs MeCab word ` +
        "segmentation (with its dictionaries) before WordPiece, which Prognos does not have; its tokenizer would split the " +
        "text into single characters the model never saw, so outputs would be meaningless",
    );
  }
  narrowByHead(vocabulary, facts.classifierOutputs, catalogue);
  const models = vocabulary.models.map((m) => catalogue.models.find((c) => c.key === m.key)!);
  const short = models.filter((m) => m.pretrainedSeqLength !== undefined && m.pretrainedSeqLength < 512);
  if (short.length > 0) {
    const lengths = [...new Set(short.map((m) => m.pretrainedSeqLength))].join(" or ");
    warnings.push(
      `if this is ${short.map((m) => m.name).join(" or ")}: it was pre-trained further on sequences of ${lengths} word pieces only, ` +
        `so positions beyond ${lengths} keep the embeddings of the model it started from; expect weaker results on long notes`,
    );
  }
  return { vocabulary, warnings };
}

/**
 * Models that share a vocabulary may still differ in their published head: a classifier of 9,237 outputs is CORe's
 * diagnosis model, none at all an encoder. Narrows the candidates when the weights say, and says how; never to none.
 */
function narrowByHead(v: VocabularyIdentification, outputs: number | undefined, catalogue: ModelCatalogue): void {
  if (v.models.length < 2) return;
  const want = outputs ?? null;
  const kept = v.models.filter((m) => catalogue.models.find((c) => c.key === m.key)!.headOutputs === want);
  const head = outputs === undefined ? "no classifier" : `a classifier of ${outputs} outputs`;
  if (kept.length === 0) {
    v.verdict += `; the weights have ${head}, like none of their published checkpoints (fine-tuned by someone else?)`;
    return;
  }
  if (kept.length === v.models.length) return;
  v.models = kept;
  const names = kept.map((m) => m.name);
  v.verdict +=
    kept.length === 1
      ? `; the weights have ${head}, as only ${names[0]} has`
      : `; the weights have ${head}, which leaves ${names.slice(0, -1).join(", ")} and ${names.at(-1)} (still not told apart)`;
}
