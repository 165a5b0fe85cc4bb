import assert from "node:assert/strict";
import { test } from "node:test";
import type { ModelHead } from "../../src/models/heads/ModelHead.ts";
import { BertTokenizer } from "../../src/tokenizer/BertTokenizer.ts";
import { evenlySpaced, noteWindows, pieceWindows } from "../../src/tokenizer/noteWindows.ts";

const head = (longNotes: ModelHead["longNotes"], maxLength = 8): ModelHead => ({
  task: "t",
  problemType: "single_label_classification",
  labels: [{ name: "0" }, { name: "1" }],
  pooler: true,
  pooling: "cls",
  maxLength,
  longNotes,
  thresholds: [0.5],
});

test("windows cover every word piece, each within the window, the last ending at the note's end", async () => {
  const { tokenizer } = await BertTokenizer.fromFolder("test/fixtures/bert/tiny-uncased-gelu");
  const text = "a b c d e f g h i j k l m"; // 13 single-letter word pieces
  const pieces = tokenizer.textToIds(text);
  assert.equal(pieces.length, 13);
  const w = noteWindows(tokenizer, text, head({ policy: "windows", window: 7, stride: 3, pool: "max" }));
  // 5 pieces per window (7 − [CLS] − [SEP]), starting every 3: 0–4, 3–7, 6–10, then 8–12 (the end).
  assert.deepEqual(
    w.windows.map((x) => x.slice(1, -1)),
    [pieces.slice(0, 5), pieces.slice(3, 8), pieces.slice(6, 11), pieces.slice(8, 13)],
  );
  for (const x of w.windows) {
    assert.equal(x[0], tokenizer.ids.cls);
    assert.equal(x.at(-1), tokenizer.ids.sep);
  }
  assert.equal(w.cut, false);
  const t = noteWindows(tokenizer, text, head({ policy: "truncate" }));
  assert.deepEqual(t.windows, [[tokenizer.ids.cls, ...pieces.slice(0, 6), tokenizer.ids.sep]]);
  assert.equal(t.cut, true);
  assert.equal(
    noteWindows(tokenizer, "a b", head({ policy: "windows", window: 7, stride: 3, pool: "mean" })).windows.length,
    1,
  );
});

test("max_windows: a longer note is read by that many windows, evenly spaced, first and last kept", () => {
  const ids = { cls: 101, sep: 102 };
  const pieces = Array.from({ length: 30 }, (_, i) => i);
  const policy = { policy: "windows" as const, window: 6, stride: 2, pool: "max" as const };
  // 4 pieces per window every 2: starts 0, 2, …, 26 → 14 windows, the last ending at 30.
  const all = pieceWindows(pieces, { maxLength: 6, longNotes: policy }, ids);
  assert.equal(all.windows.length, 14);
  assert.deepEqual(all.windows.at(-1), [101, 26, 27, 28, 29, 102]);
  assert.equal(all.capped, false);
  assert.deepEqual(evenlySpaced(14, 4), [0, 4, 9, 13]);
  const capped = pieceWindows(pieces, { maxLength: 6, longNotes: { ...policy, maxWindows: 4 } }, ids);
  assert.deepEqual(
    capped.windows,
    [0, 4, 9, 13].map((i) => all.windows[i]!),
  );
  assert.equal(capped.capped, true);
  assert.equal(capped.cut, true, "pieces 4–7 lie between the first two windows kept");
  // A cap that drops windows but leaves no gap: the kept windows still overlap, nothing is cut.
  const dense = pieceWindows(
    pieces.slice(0, 10),
    { maxLength: 6, longNotes: { ...policy, stride: 1, maxWindows: 4 } },
    ids,
  );
  assert.equal(dense.capped, true);
  assert.equal(dense.cut, false);
  assert.deepEqual(evenlySpaced(7, 1), [0]);
  // Under the cap nothing changes.
  assert.deepEqual(pieceWindows(pieces, { maxLength: 6, longNotes: { ...policy, maxWindows: 14 } }, ids), all);
});
