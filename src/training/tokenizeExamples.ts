import type { TaskExample } from "../tasks/dataset/TaskDataset.ts";
import type { BertTokenizer } from "../tokenizer/BertTokenizer.ts";
import type { Example } from "./Batch.ts";

/**
 * Task rows → token ids truncated to maxLength with [CLS]/[SEP] kept (HF's truncation of a single text). Counts
 * the rows that were truncated, and skips (and counts) rows whose text is empty — never a silent default.
 */
export function tokenizeExamples(
  tokenizer: BertTokenizer,
  rows: readonly TaskExample[],
  maxLength: number,
  onProgress?: (done: number) => void,
): { examples: (Example & { id: string })[]; truncated: number; emptySkipped: string[] } {
  let truncated = 0;
  const emptySkipped: string[] = [];
  const examples: (Example & { id: string })[] = [];
  rows.forEach((row, i) => {
    if (row.text.trim() === "") {
      emptySkipped.push(row.id);
      return;
    }
    let ids = tokenizer.encode(row.text).inputIds;
    if (ids.length > maxLength) {
      truncated += 1;
      ids = [...ids.slice(0, maxLength - 1), tokenizer.ids.sep];
    }
    examples.push({ id: row.id, inputIds: ids, labels: row.labels });
    if ((i + 1) % 500 === 0) onProgress?.(i + 1);
  });
  onProgress?.(rows.length);
  return { examples, truncated, emptySkipped };
}
