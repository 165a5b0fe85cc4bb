import type { SparseRow } from "../../baselines/bow/TfidfVectorizer.ts";
import { CODE_SPECIALS } from "../../tokenizer/CodeVocabulary.ts";

/**
 * A patient's bag of codes: 1 for each code of the vocabulary present in the history (order, visits and repeats
 * ignored), as a sparse row over the vocabulary's codes (the specials [PAD] [UNK] [MASK] are left out: column k is
 * code id k + 3).
 */
export function bagOfCodes(codes: readonly number[]): SparseRow {
  const present = [...new Set(codes.filter((c) => c >= CODE_SPECIALS.length))].sort((a, b) => a - b);
  return {
    indices: Int32Array.from(present, (c) => c - CODE_SPECIALS.length),
    values: new Float32Array(present.length).fill(1),
  };
}

/** Dense rows of bagOfCodes (for the random forest): [patients][features]. */
export function denseBagOfCodes(codes: readonly (readonly number[])[], features: number): number[][] {
  return codes.map((c) => {
    const row = new Array<number>(features).fill(0);
    const bag = bagOfCodes(c);
    for (const i of bag.indices) row[i] = 1;
    return row;
  });
}
