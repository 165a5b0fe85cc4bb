import assert from "node:assert/strict";
import { test } from "node:test";
import type { ModelHead } from "../../src/models/heads/ModelHead.ts";
import { noteWindows } from "../../src/serving/noteWindows.ts";
import { BertTokenizer } from "../../src/tokenizer/BertTokenizer.ts";

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
