import { createHash } from "node:crypto";
import type { DocumentSkip, NoteDocument } from "../../tasks/pretraining/NoteDocument.ts";
import { seededUnitHash } from "../../tasks/splits/seededHashSplit.ts";
import type { BertTokenizer } from "../../tokenizer/BertTokenizer.ts";

/** A document as word-piece ids (no special tokens). */
export interface CorpusDocument {
  id: string;
  admission: Int32Array;
  outcome: Int32Array;
}

export interface PretrainCorpus {
  train: CorpusDocument[];
  /** Held out for the validation loss (empty when --val-fraction is 0 or too few documents fall into it). */
  val: CorpusDocument[];
  skipped: DocumentSkip[];
  /** Word pieces in the training documents (both parts). */
  trainPieces: number;
  /** SHA-256 over the ids and word pieces of every document, in order: --resume refuses another corpus. */
  fingerprint: string;
}

/**
 * Tokenizes the documents (texts are dropped after this; never logged) and holds some out for validation: a
 * document goes to val when a seeded hash of its id falls below `valFraction` (so the choice depends on nothing but
 * the seed and the id). A document whose admission or outcome part has no word piece is skipped and counted. A
 * validation set of fewer than `minVal` documents (the outcome objective needs two) goes back to training.
 */
export function buildPretrainCorpus(
  tokenizer: BertTokenizer,
  documents: readonly NoteDocument[],
  options: { valFraction: number; seed: number; minVal: number },
  onProgress?: (done: number) => void,
): PretrainCorpus {
  const hash = createHash("sha256");
  const train: CorpusDocument[] = [];
  let val: CorpusDocument[] = [];
  const skipped: DocumentSkip[] = [];
  const skip = (reason: string) => {
    const s = skipped.find((x) => x.reason === reason);
    if (s) s.count++;
    else skipped.push({ reason, count: 1 });
  };
  documents.forEach((doc, i) => {
    const admission = Int32Array.from(tokenizer.textToIds(doc.admission));
    const outcome = Int32Array.from(tokenizer.textToIds(doc.outcome));
    if (i % 500 === 499) onProgress?.(i + 1);
    if (admission.length === 0) return skip("the admission part has no word piece");
    if (outcome.length === 0) return skip("the outcome part has no word piece");
    hash.update(`${doc.id}\u0000${admission.length}\u0000${outcome.length}\u0000`);
    hash.update(Buffer.from(admission.buffer, admission.byteOffset, admission.byteLength));
    hash.update(Buffer.from(outcome.buffer, outcome.byteOffset, outcome.byteLength));
    const held =
      options.valFraction > 0 && seededUnitHash("prognos-pretrain-val", options.seed, doc.id) < options.valFraction;
    (held ? val : train).push({ id: doc.id, admission, outcome });
  });
  onProgress?.(documents.length);
  if (val.length > 0 && val.length < options.minVal) {
    train.push(...val);
    val = [];
  }
  const trainPieces = train.reduce((n, d) => n + d.admission.length + d.outcome.length, 0);
  return { train, val, skipped, trainPieces, fingerprint: hash.digest("hex") };
}
