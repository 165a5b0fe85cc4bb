// The test oracle: transformers.js' BertTokenizer (built on @huggingface/tokenizers, independent of Prognos'
// tokenizer), constructed from the same tokenizer.json and tokenizer_config.json objects a folder holds.
import { BertTokenizer as HfBertTokenizer } from "@huggingface/transformers";

export interface OracleEncoding {
  input_ids: number[];
  token_type_ids: number[];
  attention_mask: number[];
}

export interface Oracle {
  /** Ids with [CLS]/[SEP], untruncated (transformers.js cannot truncate like transformers, see truncation tests). */
  encode(text: string, textPair?: string): OracleEncoding;
  /** Ids of a text alone, without special tokens. */
  ids(text: string): number[];
  tokenize(text: string): string[];
}

export function makeOracle(tokenizerJson: object, tokenizerConfig: object): Oracle {
  const hf = new HfBertTokenizer(tokenizerJson, tokenizerConfig);
  return {
    encode: (text, textPair) =>
      hf(text, { text_pair: textPair ?? null, return_tensor: false }) as unknown as OracleEncoding,
    ids: (text) => hf.encode(text, { add_special_tokens: false }),
    tokenize: (text) => hf.tokenize(text),
  };
}
