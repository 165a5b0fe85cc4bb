import { stat } from "node:fs/promises";
import { join } from "node:path";
import { PrognosError } from "../util/errors.ts";
import { loadTokenizerJsonFolder } from "./loadTokenizerJsonFolder.ts";
import { loadVocabTxtFolder } from "./loadVocabTxtFolder.ts";
import type { TokenizerSpec } from "./TokenizerSpec.ts";

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

/**
 * Reads the tokenizer of a Hugging Face model folder: tokenizer.json when the folder has one (as
 * AutoTokenizer does), else vocab.txt with tokenizer_config.json. Errors name the folder or file at fault.
 */
export async function loadTokenizerFolder(dir: string): Promise<TokenizerSpec> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(dir);
  } catch {
    throw new PrognosError("model folder not found", { file: dir });
  }
  if (!info.isDirectory())
    throw new PrognosError("expected a model folder (with tokenizer.json or vocab.txt), got a file", { file: dir });
  if (await isFile(join(dir, "tokenizer.json"))) return loadTokenizerJsonFolder(dir);
  if (await isFile(join(dir, "vocab.txt"))) return loadVocabTxtFolder(dir);
  throw new PrognosError(
    "no tokenizer in this folder: expected tokenizer.json or vocab.txt (a Hugging Face BERT model folder has one of them)",
    { file: dir },
  );
}
