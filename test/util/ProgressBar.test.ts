import assert from "node:assert/strict";
import { test } from "node:test";
import { ProgressBar } from "../../src/util/ProgressBar.ts";

function fakeStream(isTTY: boolean) {
  const chunks: string[] = [];
  return { stream: { isTTY, columns: 200, write: (s: string) => chunks.push(s) > 0 } as never, chunks };
}

test("not a terminal: plain lines with counts, no carriage returns, the last state at stop", () => {
  const { stream, chunks } = fakeStream(false);
  const bar = new ProgressBar({ label: "train", unit: "steps", stream, plainEverySeconds: 0 });
  bar.start(4);
  bar.update(1, "loss 0.5000");
  bar.update(3, "loss 0.2500");
  bar.stop();
  const text = chunks.join("");
  assert.ok(!text.includes("\r"), "no carriage return in a log");
  const lines = text.trimEnd().split("\n");
  assert.match(lines[0], /^prognos: train: 0\/4 steps \(0%/);
  assert.match(lines[1], /^prognos: train: 1\/4 steps \(25%.*\| loss 0\.5000$/);
  assert.match(lines[2], /^prognos: train: 3\/4 steps \(75%.*\| loss 0\.2500$/);
  assert.equal(lines.length, 3, "stop prints nothing new when the last state was already printed");
});

test("not a terminal: lines at most every plainEverySeconds, and the final state at stop", () => {
  const { stream, chunks } = fakeStream(false);
  const bar = new ProgressBar({ label: "scored", stream, plainEverySeconds: 3600 });
  bar.start(10);
  for (let i = 1; i <= 10; i++) bar.update(i);
  bar.stop();
  assert.deepEqual(
    chunks.map((c) => c.replace(/, .*\)/, ")")),
    ["prognos: scored: 10/10 (100%)\n"],
  );
});

test("terminal: one line redrawn in place with a bar, finished by a newline", () => {
  const { stream, chunks } = fakeStream(true);
  const bar = new ProgressBar({ label: "admissions", stream });
  bar.start(2);
  bar.update(2);
  bar.stop();
  const text = chunks.join("");
  assert.ok(text.startsWith("\radmissions "));
  assert.ok(text.includes("█".repeat(24)), "a full bar at 2/2");
  assert.ok(text.endsWith("\n"));
  assert.ok(!text.includes("prognos: admissions:"), "no plain lines on a terminal");
});
