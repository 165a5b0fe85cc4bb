import { existsSync } from "node:fs";
import { join } from "node:path";
import { PrognosError } from "../../util/errors.ts";
import { documentTags } from "./bioTags.ts";
import { readI2b2Folder } from "./i2b2Folder.ts";

/** Every line of every document of a folder as a sentence: its whitespace words and IOB2 tags. */
export interface TaggedSentences {
  words: string[][];
  tags: string[][];
}

/** The sentences of split `split` (DIR/split) of an i2b2 corpus, or of DIR itself when it has no such sub-folder. */
export function readTaggedSplit(dir: string, split?: string): TaggedSentences {
  let folder = dir;
  if (split) {
    folder = join(dir, split);
    if (!existsSync(folder))
      throw new PrognosError(`no ${split}/ folder (expected an i2b2 corpus as \`synth i2b2\` writes it)`, {
        file: dir,
      });
  }
  const docs = readI2b2Folder(folder);
  const words: string[][] = [];
  const tags: string[][] = [];
  for (const d of docs) {
    const t = documentTags(d);
    d.lines.forEach((l, i) => {
      if (l.length === 0) return;
      words.push(l);
      tags.push(t[i]!);
    });
  }
  return { words, tags };
}
