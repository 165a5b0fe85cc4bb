import { MASK_ID } from "../../tokenizer/CodeVocabulary.ts";
import type { SeededRandom } from "../../util/SeededRandom.ts";

/** How codes are chosen for prediction: one per patient (the reference) or each with probability `rate` (BERT). */
export type MaskMode = "one" | "rate";
export const MASK_MODES: readonly MaskMode[] = ["one", "rate"];

/** A patient's codes with some of them hidden, and what the model must predict there. */
export interface MaskedCodes {
  input: number[];
  /** Positions (0-based) chosen for prediction, ascending. */
  positions: number[];
  /** The original code at each chosen position. */
  targets: number[];
}

/**
 * Chooses codes for the masked-code objective (docs/medbert.md#pretraining) and replaces them as BERT does: 80%
 * [MASK], 10% a random code, 10% kept. Only real codes are chosen (never [PAD], [UNK], [MASK]). Mode "one" picks
 * one code uniformly (the Med-BERT reference); mode "rate" each code with probability `rate`, and one at random
 * when none was drawn, so every patient with a code contributes. A patient with no real code gets no target.
 */
export function maskCodes(
  codes: readonly number[],
  rng: SeededRandom,
  o: { mode: MaskMode; rate: number; vocabSize: number; firstCodeId: number },
): MaskedCodes {
  const candidates: number[] = [];
  codes.forEach((c, t) => {
    if (c >= o.firstCodeId) candidates.push(t);
  });
  let chosen: number[] = [];
  if (candidates.length > 0) {
    if (o.mode === "rate") chosen = candidates.filter(() => rng.next() < o.rate);
    if (chosen.length === 0) chosen = [candidates[rng.int(0, candidates.length)]!];
  }
  const input = [...codes];
  for (const t of chosen) {
    const r = rng.next();
    if (r < 0.8) input[t] = MASK_ID;
    else if (r < 0.9) input[t] = rng.int(o.firstCodeId, o.vocabSize);
  }
  return { input, positions: chosen, targets: chosen.map((t) => codes[t]!) };
}
