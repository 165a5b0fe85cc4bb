import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { openScoreQueue } from "../../src/queue/scoreProgress.ts";
import { startTestRedis, type TestRedis } from "../helpers/redisServer.ts";
import { assertEachOnce, MODEL, prognos, readJsonl, startWorker, writeNotes } from "./support.ts";

// Processes killed with SIGKILL and Redis restarted mid-run: every note's row still comes out exactly once.
const root = mkdtempSync(join(tmpdir(), "prognos-score-faults-"));
let redis: TestRedis;
before(async () => {
  redis = await startTestRedis({ persistence: true });
});
after(async () => {
  await redis.dispose();
  rmSync(root, { recursive: true, force: true });
});

const input = join(root, "notes.jsonl");
const notes = writeNotes(input, 60);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const submitArgs = (out: string, chunk: number) => [
  ...["score", "submit", "--input", input, "--model", MODEL, "--queue", redis.url, "--out", out],
  ...["--chunk", String(chunk)],
];
const partsIn = (out: string) => readdirSync(join(out, "parts"));

async function collectOnce(out: string, name: string): Promise<void> {
  const merged = join(root, name);
  const c = await prognos(["score", "collect", out, "--out", merged, "--overwrite"]);
  assert.equal(c.status, 0, c.stderr);
  assertEachOnce(readJsonl(merged), notes);
  assert.ok(
    partsIn(out).every((f) => /^\d{12}\.jsonl$/.test(f)),
    `no temporary files left: ${partsIn(out).join(" ")}`,
  );
}

test("a worker SIGKILLed mid-job: the job is retried on another worker, no row lost or doubled", {
  timeout: 180_000,
}, async () => {
  const out = join(root, "kill-worker");
  assert.equal((await prognos(submitArgs(out, 6))).status, 0);
  // The first worker pauses inside each job (after scoring, before writing its part): it is killed there.
  const a = startWorker(redis.url, ["--lock-duration", "2000"], { PROGNOS_FAULT_JOB_DELAY_MS: "30000" });
  await a.waitFor(/job (\S+) \(rows [^)]*\) started/);
  const held = /job (\S+) \(rows [^)]*\) started/.exec(a.log())![1]!;
  await a.kill();
  const heldPart = join(out, "parts", `${held.split("-")[1]!.padStart(12, "0")}.jsonl`);
  assert.ok(!existsSync(heldPart), "killed before it wrote its part");
  const b = startWorker(redis.url, ["--lock-duration", "2000"]);
  const wait = await prognos(["score", "wait", out, "--timeout", "120"]);
  await b.stop();
  assert.equal(wait.status, 0, wait.stderr + b.log());
  // The killed worker's job was run again by the other one (after its lock expired).
  assert.match(b.log(), new RegExp(`job ${held} \\(rows [^)]*\\) done`));
  assert.equal(partsIn(out).length, 10);
  await collectOnce(out, "kill-worker.jsonl");
});

test("a worker SIGKILLed after writing its part, before the job is marked done: run again, the part not doubled", {
  timeout: 180_000,
}, async () => {
  const out = join(root, "kill-after-write");
  assert.equal((await prognos(submitArgs(out, 6))).status, 0);
  const a = startWorker(redis.url, ["--lock-duration", "2000"], { PROGNOS_FAULT_AFTER_WRITE_DELAY_MS: "30000" });
  await a.waitFor(/job (\S+) \(rows [^)]*\) started/);
  const held = /job (\S+) \(rows [^)]*\) started/.exec(a.log())![1]!;
  const heldPart = join(out, "parts", `${held.split("-")[1]!.padStart(12, "0")}.jsonl`);
  while (!existsSync(heldPart)) await sleep(20);
  await a.kill();
  const b = startWorker(redis.url, ["--lock-duration", "2000"]);
  const wait = await prognos(["score", "wait", out, "--timeout", "120"]);
  assert.equal(wait.status, 0, wait.stderr + b.log());
  // Every part is there, so the run is done; the killed worker's job, once its lock has expired, is taken again by
  // the other worker, which finds its part whole: nothing to do, nothing written twice.
  await b.waitFor(new RegExp(`job ${held} \\(rows [^)]*\\): nothing to do \\(already written\\)`));
  await b.stop();
  assert.equal(partsIn(out).length, 10);
  await collectOnce(out, "kill-after-write.jsonl");
});

test("the submitter SIGKILLed halfway, then run again (and again): the rest is queued, nothing doubled", {
  timeout: 180_000,
}, async () => {
  const out = join(root, "kill-submitter");
  const worker = startWorker(redis.url);
  // Five jobs a request, a pause after each: the submitter is killed once 10 of the 30 jobs are queued.
  const first = prognos(submitArgs(out, 2), { PROGNOS_FAULT_SUBMIT_BATCH: "5", PROGNOS_FAULT_SUBMIT_DELAY_MS: "500" });
  const queue = openScoreQueue(redis.url);
  try {
    for (;;) {
      const jobs = existsSync(join(out, "run.json"))
        ? (await queue.getJobs(["waiting", "active", "completed"])).filter((j) => j?.data.out === out).length
        : 0;
      if (jobs >= 10) break;
      await sleep(20);
    }
  } finally {
    await queue.close();
  }
  first.child.kill("SIGKILL");
  assert.equal((await first).signal, "SIGKILL");
  // Let the worker finish what was queued: the status names the jobs never added.
  await sleep(1500);
  const status = await prognos(["score", "status", out, "--json"]);
  assert.equal(status.status, 0, status.stderr);
  const s = JSON.parse(status.stdout);
  assert.ok(s.unqueuedJobs > 0 && s.unqueuedJobs < 30, status.stdout);
  assert.ok(s.remainingNotes > 0, status.stdout);

  const again = await prognos(submitArgs(out, 2));
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stderr, /continuing run \w+: \d+ of 30 jobs already done/);
  const wait = await prognos(["score", "wait", out, "--timeout", "120"]);
  assert.equal(wait.status, 0, wait.stderr);
  await collectOnce(out, "kill-submitter.jsonl");
  // A third time, everything done: nothing is queued, nothing changes.
  const third = await prognos(submitArgs(out, 2));
  assert.match(third.stderr, /continuing run \w+: 30 of 30 jobs already done, 0 queued/);
  await worker.stop();
  assert.equal((worker.log().match(/ started, attempt/g) ?? []).length, 30, "each job ran once");
  await collectOnce(out, "kill-submitter.jsonl");
});

test("Redis stopped and restarted mid-run (same folder, append-only file): scoring resumes, nothing lost or doubled", {
  timeout: 180_000,
}, async () => {
  const out = join(root, "restart");
  assert.equal((await prognos(submitArgs(out, 4))).status, 0);
  const worker = startWorker(redis.url, ["--lock-duration", "5000"], { PROGNOS_FAULT_JOB_DELAY_MS: "300" });
  const wait = prognos(["score", "wait", out, "--timeout", "150"]);
  while (partsIn(out).length < 3) await sleep(20);
  await redis.stop();
  const doneWhenStopped = partsIn(out).length;
  assert.ok(doneWhenStopped < 15, "stopped mid-run");
  await sleep(1500);
  await redis.restart();
  const w = await wait;
  await worker.stop();
  assert.equal(w.status, 0, w.stderr + worker.log());
  assert.equal(partsIn(out).length, 15);
  await collectOnce(out, "restart.jsonl");
});
