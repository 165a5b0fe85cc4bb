/**
 * Lengths two sequences keep under Hugging Face's default `longest_first` truncation, as tokenizers computes
 * them (`truncate_encodings`): if only the longer one must shrink, it gives up what is needed; if both must,
 * each keeps half of `maxLength`, the longer one (the second on a tie) getting the odd token. `maxLength` is
 * what is left after the special tokens. Tokens are always cut from the end.
 *
 * (transformers' slow tokenizer removes one token at a time from the longer sequence, the second on a tie: it
 * differs only when both are cut to an odd total and the second was at least as long; there the first keeps
 * the odd token. BertTokenizerFast, and Prognos, follow tokenizers.)
 */
export function truncatedLengths(n1: number, n2: number, maxLength: number): [number, number] {
  if (maxLength <= 0) return [0, 0];
  if (n1 + n2 <= maxLength) return [n1, n2];
  const swap = n1 > n2;
  let short = swap ? n2 : n1;
  let long = swap ? n1 : n2;
  long = short > maxLength ? short : Math.max(short, maxLength - short);
  if (short + long > maxLength) {
    short = Math.floor(maxLength / 2);
    long = short + (maxLength % 2);
  }
  return swap ? [long, short] : [short, long];
}
