import assert from "node:assert/strict";
import { test } from "node:test";
import { entityScores, extractEntities } from "../../src/evaluation/entityScores.ts";

// Expected values follow seqeval's default (conlleval-compatible) mode: its README examples and the rules of
// seqeval/metrics/sequence_labeling.py (get_entities, end_of_chunk, start_of_chunk), worked by hand.
const e = (type: string, start: number, end: number) => ({ type, start, end });

test("entities: seqeval's README example", () => {
  assert.deepEqual(extractEntities(["B-PER", "I-PER", "O", "B-LOC"]), [e("PER", 0, 1), e("LOC", 3, 3)]);
});

test("entities: I- without B- opens an entity (default mode, not strict)", () => {
  assert.deepEqual(extractEntities(["O", "I-PER", "I-PER", "O"]), [e("PER", 1, 2)]);
  assert.deepEqual(extractEntities(["I-PER"]), [e("PER", 0, 0)]);
});

test("entities: a type change mid-span closes one entity and opens another", () => {
  assert.deepEqual(extractEntities(["B-PER", "I-LOC", "I-LOC"]), [e("PER", 0, 0), e("LOC", 1, 2)]);
  assert.deepEqual(extractEntities(["B-PER", "B-LOC"]), [e("PER", 0, 0), e("LOC", 1, 1)]);
});

test("entities: adjacent entities of the same type are two when the second starts with B-", () => {
  assert.deepEqual(extractEntities(["B-test", "B-test", "I-test"]), [e("test", 0, 0), e("test", 1, 2)]);
  assert.deepEqual(extractEntities(["B-test", "I-test", "I-test"]), [e("test", 0, 2)]);
  assert.deepEqual(extractEntities(["O", "O"]), []);
});

test("scores: seqeval's README classification_report (MISC 0/0/0, PER 1/1/1, micro 0.5)", () => {
  const gold = [
    ["O", "O", "O", "B-MISC", "I-MISC", "I-MISC", "O"],
    ["B-PER", "I-PER", "O"],
  ];
  const pred = [
    ["O", "O", "B-MISC", "I-MISC", "I-MISC", "I-MISC", "O"],
    ["B-PER", "I-PER", "O"],
  ];
  const r = entityScores(gold, pred);
  assert.deepEqual(r.types.MISC, { precision: 0, recall: 0, f1: 0, support: 1, predicted: 1, correct: 0 });
  assert.deepEqual(r.types.PER, { precision: 1, recall: 1, f1: 1, support: 1, predicted: 1, correct: 1 });
  assert.deepEqual(r.micro, { precision: 0.5, recall: 0.5, f1: 0.5, support: 2, predicted: 2, correct: 1 });
});

test("scores: exact match only, per sentence; a partial overlap is a false positive and a false negative", () => {
  const gold = [["B-problem", "I-problem", "O", "B-treatment"], ["B-problem"]];
  const pred = [["B-problem", "O", "O", "B-treatment"], ["O"]];
  const r = entityScores(gold, pred);
  // problem: gold 2 (0-1, and sentence 2's 0-0), predicted 1 (0-0 in sentence 1: wrong end) → 0 correct.
  assert.deepEqual(r.types.problem, { precision: 0, recall: 0, f1: 0, support: 2, predicted: 1, correct: 0 });
  assert.equal(r.types.treatment!.f1, 1);
  assert.equal(r.micro.precision, 1 / 2);
  assert.equal(r.micro.recall, 1 / 3);
  assert.ok(Math.abs(r.micro.f1 - 0.4) < 1e-12);
  // A type predicted but never gold: precision 0, recall 0 (zero division → 0, seqeval's default).
  assert.deepEqual(entityScores([["O"]], [["B-test"]]).types.test, {
    precision: 0,
    recall: 0,
    f1: 0,
    support: 0,
    predicted: 1,
    correct: 0,
  });
  assert.throws(() => entityScores([["O"]], [["O", "O"]]), /sentence 0 has 1 gold tags but 2 predicted/);
});
