import assert from "node:assert/strict";
import { after, test } from "node:test";
import { textAsRead } from "../../src/baselines/bow/textAsRead.ts";
import { trainBowBaseline } from "../../src/baselines/bow/trainBowBaseline.ts";
import { Engine } from "../../src/engine/Engine.ts";
import type { TaskDataset } from "../../src/tasks/dataset/index.ts";
import { BertTokenizer } from "../../src/tokenizer/BertTokenizer.ts";
import { toyDataset } from "./toyTasks.ts";

// BERT-base-uncased's vocabulary, as the shipped demo encoder carries it.
const MODEL = "data/models/prognos-core-small";
const { tokenizer } = await BertTokenizer.fromFolder(MODEL);
const engine = Engine.create({ threads: 1 });
after(() => engine.release());

test("textAsRead keeps the word pieces a truncated transformer keeps, joined back into words", () => {
  // [CLS] and [SEP] take two of max length's tokens.
  assert.equal(textAsRead(tokenizer, "Heart failure, EF 20%.", 5), "heart failure ,");
  assert.equal(textAsRead(tokenizer, "Heart failure, EF 20%.", 512), "heart failure , ef 20 % .");
  const pieces = tokenizer.tokenize("colchicine");
  assert.ok(pieces.length > 1 && pieces[1]!.startsWith("##"), `colchicine is several pieces: ${pieces}`);
  assert.equal(textAsRead(tokenizer, "Colchicine daily", 512), "colchicine daily");
  // Cut inside a word: the pieces kept, no more.
  assert.equal(textAsRead(tokenizer, "Colchicine daily", 3), pieces[0]);
  assert.equal(textAsRead(tokenizer, "anything", 2), "");
});

/** The toy task with each note's signal words moved behind its filler (6 or more words, ≥ 18 word pieces). */
function signalAtTheEnd(d: TaskDataset): TaskDataset {
  const move = (text: string) => {
    const words = text.split(" ");
    const filler = words.filter((w) => !w.startsWith("signal"));
    return [...filler, ...words.filter((w) => w.startsWith("signal"))].join(" ");
  };
  const splits = Object.fromEntries(
    Object.entries(d.splits).map(([s, rows]) => [s, rows.map((e) => ({ ...e, text: move(e.text) }))]),
  ) as TaskDataset["splits"];
  return { ...d, splits };
}

test("baseline with readAs reads only what the transformer reads: a signal past the cut is not learnt", async () => {
  const d = signalAtTheEnd(toyDataset({ kind: "multi-label" }));
  const whole = await trainBowBaseline(d, { engine, bootstrap: 0 });
  assert.ok(whole.metrics.test.headline.value! > 0.95, `whole notes: ${whole.metrics.test.headline.value}`);
  assert.equal(whole.config.readAs, null);
  const cut = await trainBowBaseline(d, { engine, bootstrap: 0, readAs: { tokenizer, model: MODEL, maxLength: 16 } });
  const a = cut.metrics.test.headline.value!;
  assert.ok(a > 0.3 && a < 0.7, `first 14 word pieces only: test macro AUROC ${a}`);
  assert.deepEqual(cut.config.readAs, { model: MODEL, maxLength: 16 });
  assert.ok(!cut.vectorizer.vocabulary.terms.some((t) => t.startsWith("signal")), "no signal word was read");
});
