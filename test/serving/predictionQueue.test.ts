import assert from "node:assert/strict";
import { test } from "node:test";
import type { ScoredNote } from "../../src/serving/NotePredictor.ts";
import { PredictionQueue, QueueFullError } from "../../src/serving/PredictionQueue.ts";

/** A queue over a fake model: notes are "read" into their text's length; each batch waits until released. */
function fakeQueue(options: { windowMs?: number; maxBatchNotes?: number; maxQueuedNotes?: number }) {
  const batches: number[][] = [];
  const reads: string[] = [];
  const release: Array<() => void> = [];
  const queue = new PredictionQueue<number>({
    read: (n) => {
      reads.push(n.id);
      return n.text.length;
    },
    score: async (notes) => {
      batches.push([...notes]);
      await new Promise<void>((r) => release.push(r));
      return notes.map((len) => [{ probabilities: Float32Array.of(len), wordPieces: len, windows: 1, cut: false }]);
    },
    ...options,
  });
  const ask = (...texts: string[]) => queue.score(texts.map((text, i) => ({ id: `${text}-${i}`, text })));
  const next = async () => {
    while (release.length === 0) await new Promise((r) => setImmediate(r));
    release.shift()!();
  };
  return { queue, batches, reads, ask, next };
}
const lengths = (r: ScoredNote[][]) => r.map((n) => n[0]!.wordPieces);

test("requests within the window are scored together, each gets its own notes back, notes are read on arrival", async () => {
  const q = fakeQueue({ windowMs: 20 });
  const a = q.ask("a", "bb");
  const b = q.ask("ccc");
  assert.deepEqual(q.reads, ["a-0", "bb-1", "ccc-0"], "read as the requests arrive, before any batch");
  await q.next();
  assert.deepEqual(lengths(await a), [1, 2]);
  assert.deepEqual(lengths(await b), [3]);
  assert.deepEqual(q.batches, [[1, 2, 3]]);
  await q.queue.drained();
});

test("while a batch runs, requests queue; the next batch takes everything waiting, up to the maximum", async () => {
  const q = fakeQueue({ windowMs: 5, maxBatchNotes: 4 });
  const first = q.ask("a");
  while (q.batches.length === 0) await new Promise((r) => setTimeout(r, 1));
  const waiting = [q.ask("bb", "bb"), q.ask("ccc"), q.ask("dddd", "dddd")];
  await q.next();
  await first;
  await q.next();
  await q.next();
  await Promise.all(waiting);
  // The first waits alone; then 2 + 1 notes fit the maximum of 4, the last request's 2 go next.
  assert.deepEqual(q.batches, [[1], [2, 2, 3], [4, 4]]);
});

test("under load the next batch starts once as many notes wait as the last batch held, without waiting the window", async () => {
  const q = fakeQueue({ windowMs: 30 });
  const first = Promise.all([q.ask("a"), q.ask("b"), q.ask("c")]);
  await q.next(); // the window expired: a batch of 3
  await first;
  // The clients come back one by one: the third completes a batch of 3 at once (a window-only queue would put the
  // fourth, asked right after, into the same batch).
  const again = [q.ask("d"), q.ask("e"), q.ask("f"), q.ask("g")];
  assert.deepEqual(q.batches, [
    [1, 1, 1],
    [1, 1, 1],
  ]);
  await q.next();
  await q.next();
  await Promise.all(again);
  assert.deepEqual(q.batches, [[1, 1, 1], [1, 1, 1], [1]]);
});

test("the queue is bounded: a request beyond maxQueuedNotes is refused, and accepted again once there is room", async () => {
  const q = fakeQueue({ windowMs: 1, maxQueuedNotes: 3 });
  const a = q.ask("a", "b");
  await assert.rejects(q.ask("c", "d"), QueueFullError);
  const b = q.ask("c");
  assert.equal(q.queue.size, 3);
  await q.next();
  await Promise.all([a, b]);
  assert.equal(q.queue.size, 0);
  const c = q.ask("e", "f", "g");
  await q.next();
  assert.deepEqual(lengths(await c), [1, 1, 1]);
});
