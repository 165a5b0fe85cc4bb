import assert from "node:assert/strict";
import { test } from "node:test";
import { maskTokens } from "../../../src/training/pretraining/maskTokens.ts";
import type { CorpusDocument } from "../../../src/training/pretraining/PretrainCorpus.ts";
import { MlmExamples, OutcomeExamples } from "../../../src/training/pretraining/PretrainExamples.ts";
import { StepPlan } from "../../../src/training/pretraining/StepPlan.ts";
import { SeededRandom } from "../../../src/util/SeededRandom.ts";

const IDS = { cls: 101, sep: 102 };
const doc = (id: string, adm: number, out: number): CorpusDocument => ({
  id,
  admission: Int32Array.from({ length: adm }, (_, i) => 200 + (i % 50)),
  outcome: Int32Array.from({ length: out }, (_, i) => 300 + (i % 20)),
});
const DOCS = [doc("a", 700, 260), doc("b", 40, 35), doc("c", 120, 400), doc("d", 33, 31)];
const OPTIONS = { minChunk: 30, admissionChunk: 384, outcomeChunk: 128, pairing: "one-to-one" as const };

test("BERT's masking: ~15% of ordinary tokens, 80% [MASK] / 10% random / 10% kept, specials never", () => {
  const ids = Array.from({ length: 20000 }, (_, i) => (i % 100 === 0 ? 101 : 1000 + (i % 500)));
  const vocab = { maskId: 103, vocabSize: 30522, specialIds: new Set([101, 102, 0]) };
  const m = maskTokens(ids, vocab, 0.15, SeededRandom.from(1, "t"));
  const ordinary = ids.filter((x) => x !== 101).length;
  assert.ok(Math.abs(m.positions.length / ordinary - 0.15) < 0.01, `${m.positions.length / ordinary}`);
  assert.ok(m.positions.every((t) => ids[t] !== 101));
  assert.deepEqual(
    m.targets,
    m.positions.map((t) => ids[t]),
  );
  const masked = m.positions.filter((t) => m.inputIds[t] === 103).length / m.positions.length;
  const kept = m.positions.filter((t) => m.inputIds[t] === ids[t]).length / m.positions.length;
  assert.ok(Math.abs(masked - 0.8) < 0.03 && Math.abs(kept - 0.1) < 0.03, `${masked} ${kept}`);
  const untouched = ids.every((x, t) => m.positions.includes(t) || m.inputIds[t] === x);
  assert.ok(untouched, "only chosen positions change");
});

test("the step plan: epochs of rebuilt samples, batches within an epoch, limits by steps, epochs or tokens", () => {
  const examples = new OutcomeExamples(DOCS, OPTIONS, 5, IDS, 64);
  const byEpochs = StepPlan.build(examples, 4, { epochs: 3 });
  assert.deepEqual(
    byEpochs.epochSteps,
    [0, 1, 2].map((e) => Math.ceil(examples.count(e) / 4)),
  );
  assert.equal(
    byEpochs.totalSteps,
    byEpochs.epochSteps.reduce((a, b) => a + b),
  );
  // The last batch of an epoch may be smaller; the next step starts the next epoch.
  const last = byEpochs.epochSteps[0]! - 1;
  assert.equal(byEpochs.batchAt(last, examples).indices.length, examples.count(0) - 4 * last);
  assert.deepEqual(byEpochs.batchAt(last + 1, examples), { epoch: 1, indices: [0, 1, 2, 3] });
  // Tokens: every example's length counted once, special tokens included, none beyond --max-seq-length.
  let tokens = 0;
  for (let e = 0; e < 3; e++) {
    for (let i = 0; i < examples.count(e); i++) {
      const x = examples.example(e, i);
      assert.ok(x.inputIds.length <= 64);
      assert.equal(examples.tokens(e, i), x.inputIds.length);
      tokens += x.inputIds.length;
    }
  }
  assert.equal(byEpochs.totalTokens, tokens);
  assert.equal(StepPlan.build(examples, 4, { epochs: 3, maxSteps: 5 }).totalSteps, 5);
  const capped = StepPlan.build(examples, 4, { maxTokens: 1000 });
  assert.ok(capped.totalTokens >= 1000 && capped.tokensAfter(capped.totalSteps - 1) < 1000);
  // The same seed plans the same steps (what --resume relies on).
  const again = StepPlan.build(new OutcomeExamples(DOCS, OPTIONS, 5, IDS, 64), 4, { epochs: 3 });
  assert.deepEqual(again.epochSteps, byEpochs.epochSteps);
  assert.deepEqual(examples.example(2, 7), new OutcomeExamples(DOCS, OPTIONS, 5, IDS, 64).example(2, 7));
});

test("masked-LM windows: admission and outcome as one text, at most --max-seq-length, a new order each epoch", () => {
  const examples = new MlmExamples(DOCS, 5, IDS, 64);
  const pieces = DOCS.reduce((n, d) => n + d.admission.length + d.outcome.length, 0);
  let total = 0;
  const first: number[][] = [];
  for (let i = 0; i < examples.count(); i++) {
    const x = examples.example(0, i);
    assert.equal(x.inputIds[0], 101);
    assert.equal(x.inputIds.at(-1), 102);
    assert.ok(x.inputIds.length <= 64 && x.tokenTypeIds.every((t) => t === 0));
    total += x.inputIds.length - 2;
    first.push(x.inputIds);
  }
  // A tail shorter than 16 pieces (at most one per document) is left out.
  assert.ok(total <= pieces && total > pieces - 4 * 16);
  assert.notDeepEqual(
    Array.from({ length: examples.count() }, (_, i) => examples.example(1, i).inputIds),
    first,
  );
});
