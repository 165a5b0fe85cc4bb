import type { SeededRandom } from "../../util/SeededRandom.ts";

/** Token ids BERT's masking must know: specials are never chosen; [MASK] replaces 80% of the chosen ones. */
export interface MlmVocab {
  maskId: number;
  vocabSize: number;
  /** Never chosen for prediction ([CLS], [SEP], [PAD]). */
  specialIds: ReadonlySet<number>;
}

/**
 * BERT's masking, as Hugging Face's DataCollatorForLanguageModeling does it: each token that is not special is
 * chosen with probability `rate` (15%); a chosen token becomes [MASK] (80%), a random id of the whole vocabulary
 * (10%) or stays (10%), and is predicted. Draws, per token in order: one for "chosen", then one for what it
 * becomes, then (random) one for the id. Returns the masked ids and the chosen positions with their original ids.
 */
export function maskTokens(
  ids: readonly number[],
  vocab: MlmVocab,
  rate: number,
  rng: SeededRandom,
): { inputIds: number[]; positions: number[]; targets: number[] } {
  const inputIds = ids.slice();
  const positions: number[] = [];
  const targets: number[] = [];
  ids.forEach((id, t) => {
    if (vocab.specialIds.has(id) || !(rng.next() < rate)) return;
    positions.push(t);
    targets.push(id);
    const r = rng.next();
    if (r < 0.8) inputIds[t] = vocab.maskId;
    else if (r < 0.9) inputIds[t] = rng.int(0, vocab.vocabSize);
  });
  return { inputIds, positions, targets };
}
