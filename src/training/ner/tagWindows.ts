import type { NerWindow } from "./nerWindows.ts";

/**
 * Writes each word's predicted tag into `tags[sentence][word]`: the arg-max label of the logits [windows, seq,
 * labels] at the word's first piece (its later pieces are not read, as they are not trained). A word with no piece
 * stays "O".
 */
export function assignWindowTags(
  tags: string[][],
  windows: readonly NerWindow[],
  logits: Float32Array,
  labels: readonly string[],
): void {
  const L = labels.length;
  const seq = logits.length / (windows.length * L);
  windows.forEach((w, b) => {
    w.firstPiece.forEach((pos, k) => {
      if (pos < 0) return;
      const base = (b * seq + pos) * L;
      let best = 0;
      for (let l = 1; l < L; l++) if (logits[base + l]! > logits[base + best]!) best = l;
      tags[w.sentence]![w.firstWord + k] = labels[best]!;
    });
  });
}

/** Runs `predict` (logits of a chunk of windows) over sentences' windows `chunk` at a time; returns tags per sentence. */
export async function tagSentenceWindows(
  sentences: readonly (readonly string[])[],
  windows: readonly NerWindow[],
  labels: readonly string[],
  chunk: number,
  predict: (windows: readonly NerWindow[]) => Promise<Float32Array>,
  onProgress?: (done: number) => void,
): Promise<string[][]> {
  const tags = sentences.map((s) => s.map(() => "O"));
  for (let i = 0; i < windows.length; i += chunk) {
    const part = windows.slice(i, i + chunk);
    assignWindowTags(tags, part, await predict(part), labels);
    onProgress?.(Math.min(windows.length, i + chunk));
  }
  return tags;
}
