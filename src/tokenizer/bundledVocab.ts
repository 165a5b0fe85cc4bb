import { fileURLToPath } from "node:url";

/** BERT-base-uncased's vocabulary and tokenizer config (Apache-2.0; see data/vocab/bert-base-uncased/SOURCE.txt). */
export const BERT_BASE_UNCASED_DIR = fileURLToPath(new URL("../../data/vocab/bert-base-uncased/", import.meta.url));
