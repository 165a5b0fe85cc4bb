import type { LongNotePolicy } from "../models/heads/ModelHead.ts";
import type { TaskExample } from "../tasks/dataset/TaskDataset.ts";
import type { BertTokenizer } from "../tokenizer/BertTokenizer.ts";
import { pieceWindows } from "../tokenizer/noteWindows.ts";
import type { Example } from "./Batch.ts";

export interface TokenizedExamples {
  examples: (Example & { id: string })[];
  /** Truncate policy: rows longer than maxLength, cut to it. */
  truncated: number;
  /** Windows policy: rows read as more than one window. */
  windowed: number;
  /** Windows policy: rows that needed more than max_windows windows and were read by that many (docs/long-notes.md). */
  capped: number;
  /** Windows read in all (one per row with the truncate policy). */
  windows: number;
  emptySkipped: string[];
}

/**
 * Task rows → token ids as the long-note policy reads them (default truncate): truncated to maxLength with
 * [CLS]/[SEP] kept (HF's truncation of a single text), or split into windows (pieceWindows, the split that
 * evaluation, prediction and serving use). Counts the rows that were truncated, split or capped, and skips (and
 * counts) rows whose text is empty — never a silent default.
 */
export function tokenizeExamples(
  tokenizer: BertTokenizer,
  rows: readonly TaskExample[],
  maxLength: number,
  longNotes: LongNotePolicy = { policy: "truncate" },
  onProgress?: (done: number) => void,
): TokenizedExamples {
  const out: TokenizedExamples = { examples: [], truncated: 0, windowed: 0, capped: 0, windows: 0, emptySkipped: [] };
  rows.forEach((row, i) => {
    if (row.text.trim() === "") {
      out.emptySkipped.push(row.id);
      return;
    }
    if (longNotes.policy === "windows") {
      const w = pieceWindows(tokenizer.textToIds(row.text), { maxLength, longNotes }, tokenizer.ids);
      out.examples.push({ id: row.id, windows: w.windows, labels: row.labels });
      if (w.windows.length > 1) out.windowed += 1;
      if (w.capped) out.capped += 1;
      out.windows += w.windows.length;
    } else {
      let ids = tokenizer.encode(row.text).inputIds;
      if (ids.length > maxLength) {
        out.truncated += 1;
        ids = [...ids.slice(0, maxLength - 1), tokenizer.ids.sep];
      }
      out.examples.push({ id: row.id, inputIds: ids, labels: row.labels });
      out.windows += 1;
    }
    if ((i + 1) % 500 === 0) onProgress?.(i + 1);
  });
  onProgress?.(rows.length);
  return out;
}

/** How the policy read the rows, for progress lines: "N read as windows (W windows of ≤ L tokens), …" or "N truncated to L tokens". */
export function describeTokenized(t: TokenizedExamples, maxLength: number, longNotes: LongNotePolicy): string {
  return longNotes.policy === "windows"
    ? `${t.windowed} read as windows (${t.windows} windows of ≤ ${longNotes.window} tokens), ${t.capped} capped to ${longNotes.maxWindows} windows`
    : `${t.truncated} truncated to ${maxLength} tokens`;
}
