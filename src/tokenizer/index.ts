export { readUtf8File } from "../util/readUtf8File.ts";
export type { AddedToken } from "./AddedToken.ts";
export { BertNormalizer, type BertNormalizerOptions } from "./BertNormalizer.ts";
export { bertPreTokenize } from "./BertPreTokenizer.ts";
export { BertTokenizer, type EncodeOptions, type Encoding, type SpecialTokenIds } from "./BertTokenizer.ts";
export { loadTokenizerFolder } from "./loadTokenizerFolder.ts";
export type { SpecialTokenNames, TokenizerSpec } from "./TokenizerSpec.ts";
export { truncatedLengths } from "./truncatedLengths.ts";
export { WordPiece, type WordPieceOptions } from "./WordPiece.ts";
