import { PrognosError } from "../util/errors.ts";
import { checkBinaryInputs } from "./binaryClfCurve.ts";

/**
 * AUROC as the normalised Mann–Whitney U statistic, with tied scores given their average rank:
 * (Σ ranks of positives − P(P+1)/2) / (P·N). An independent route to the value `rocAuc` computes from the curve;
 * the tests check that both agree.
 */
export function mannWhitneyAuc(yTrue: ArrayLike<number>, scores: ArrayLike<number>): number {
  checkBinaryInputs(yTrue, scores, "mannWhitneyAuc");
  const n = yTrue.length;
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let rankSumPos = 0;
  let nPos = 0;
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && scores[order[end]!] === scores[order[start]!]) end++;
    const averageRank = (start + 1 + end) / 2; // ranks start..end-1 are 1-based start+1..end
    for (let k = start; k < end; k++) {
      if (yTrue[order[k]!] === 1) {
        rankSumPos += averageRank;
        nPos++;
      }
    }
    start = end;
  }
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) {
    throw new PrognosError(`AUROC is undefined: yTrue has ${nPos} positive(s) and ${nNeg} negative(s), it needs both`);
  }
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}
