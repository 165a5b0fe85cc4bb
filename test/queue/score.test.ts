import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { Redis } from "ioredis";
import { openDuckDB } from "../../src/util/openDuckDB.ts";
import { startTestRedis, type TestRedis } from "../helpers/redisServer.ts";
import { assertEachOnce, MODEL, prognos, readJsonl, startWorker, writeNotes } from "./support.ts";

const root = mkdtempSync(join(tmpdir(), "prognos-score-"));
let redis: TestRedis;
before(async () => {
  redis = await startTestRedis();
});
after(async () => {
  await redis.dispose();
  rmSync(root, { recursive: true, force: true });
});

const input = join(root, "notes.jsonl");
const notes = writeNotes(input, 60);
const texts = notes.map((n) => n.text);
const logs: string[] = [];

test("submit → 2 workers → wait → collect: each note once, in input order, the same probabilities as predict", {
  timeout: 180_000,
}, async () => {
  const out = join(root, "results");
  const submit = await prognos([
    "score",
    "submit",
    "--input",
    input,
    "--model",
    MODEL,
    "--queue",
    redis.url,
    "--out",
    out,
    "--chunk",
    "7",
  ]);
  assert.equal(submit.status, 0, submit.stderr);
  assert.match(submit.stderr, /60 notes in 9 jobs of up to 7/);
  const workers = [startWorker(redis.url), startWorker(redis.url)];
  const wait = await prognos(["score", "wait", out, "--timeout", "120"]);
  await Promise.all(workers.map((w) => w.stop()));
  assert.equal(wait.status, 0, wait.stderr);
  assert.match(wait.stderr, /done 60, failed 0, remaining 0 of 60 notes \(9\/9 jobs\)/);
  const jobsDone = workers.map((w) => (w.log().match(/ done: /g) ?? []).length);
  assert.equal(jobsDone[0]! + jobsDone[1]!, 9, workers.map((w) => w.log()).join("\n"));

  const status = await prognos(["score", "status", out, "--json"]);
  assert.equal(status.status, 0, status.stderr);
  const s = JSON.parse(status.stdout);
  assert.deepEqual([s.doneNotes, s.failedNotes, s.remainingNotes, s.unqueuedJobs], [60, 0, 0, 0]);

  const merged = join(root, "all.jsonl");
  const collect = await prognos(["score", "collect", out, "--out", merged]);
  assert.equal(collect.status, 0, collect.stderr);
  const rows = readJsonl(merged);
  assertEachOnce(rows, notes);

  const predict = await prognos(["predict", "--model", MODEL, "--input", input, "--threads", "1", "--no-progress"]);
  assert.equal(predict.status, 0, predict.stderr);
  const expected = predict.stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  rows.forEach((row, i) => {
    const [got, want] = [row.predictions[0]!, expected[i].predictions[0]];
    assert.equal(got.model, want.model);
    assert.deepEqual(
      got.labels.map((l) => l.label),
      want.labels.map((l: { label: string }) => l.label),
    );
    got.labels.forEach((l, k) => assert.ok(Math.abs(l.probability - want.labels[k].probability) < 1e-6, row.id));
  });

  // Parquet: row, id, predictions (JSON text), in input order.
  const pq = join(root, "all.parquet");
  const c2 = await prognos(["score", "collect", out, "--out", pq]);
  assert.equal(c2.status, 0, c2.stderr);
  const db = await openDuckDB(null);
  try {
    const r = await db.connection.runAndReadAll(`SELECT "row", id, predictions FROM read_parquet('${pq}')`);
    const back = r.getRowObjectsJS() as { row: bigint; id: string; predictions: string }[];
    assert.deepEqual(
      back.map((x) => [Number(x.row), x.id]),
      notes.map((n, i) => [i + 1, n.id]),
    );
    assert.deepEqual(JSON.parse(back[5]!.predictions), rows[5]!.predictions);
  } finally {
    db.close();
  }
  assert.equal((await prognos(["score", "collect", out, "--out", merged])).status, 1, "no overwrite");
  logs.push(submit.stderr, wait.stderr, status.stdout, collect.stderr, ...workers.map((w) => w.log()));
});

test("a poison note: its job fails every attempt and is reported; the other jobs complete", {
  timeout: 180_000,
}, async () => {
  const out = join(root, "poison");
  const submit = await prognos([
    ...["score", "submit", "--input", input, "--model", MODEL, "--queue", redis.url, "--out", out],
    ...["--chunk", "5", "--attempts", "2"],
  ]);
  assert.equal(submit.status, 0, submit.stderr);
  const worker = startWorker(redis.url, [], { PROGNOS_FAULT_FAIL_IDS: "note-13" });
  const wait = await prognos(["score", "wait", out, "--timeout", "120"]);
  await worker.stop();
  assert.equal(wait.status, 1);
  assert.match(
    wait.stderr,
    /1 job\(s\) \(5 notes\) failed after every attempt: see .*failed-jobs\.json; the other 55 notes are done/,
  );
  const report = JSON.parse(readFileSync(join(out, "failed-jobs.json"), "utf8")).failed_jobs;
  assert.equal(report.length, 1);
  assert.deepEqual([report[0].first_row, report[0].last_row, report[0].attempts], [11, 15, 2]);
  assert.match(report[0].reason, /note note-13: failed/);
  assert.equal((worker.log().match(/ failed: note note-13/g) ?? []).length, 2, "two attempts");

  const merged = join(root, "poison.jsonl");
  const refused = await prognos(["score", "collect", out, "--out", merged]);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /1 job\(s\) \(5 notes\) failed: see .*; --skip-failed writes the other 55/);
  assert.ok(!existsSync(merged));
  const collect = await prognos(["score", "collect", out, "--out", merged, "--skip-failed"]);
  assert.equal(collect.status, 0, collect.stderr);
  assertEachOnce(
    readJsonl(merged),
    notes.filter((_, i) => i < 10 || i >= 15),
  );
  logs.push(submit.stderr, wait.stderr, refused.stderr, collect.stderr, worker.log());
});

test("the same notes into a second results folder are scored there too; a deleted part is queued again", {
  timeout: 180_000,
}, async () => {
  // Same input and settings as the first test, another folder: a run of its own (its id covers the folder).
  const out = join(root, "results-again");
  const submit = await prognos([
    "score",
    "submit",
    "--input",
    input,
    "--model",
    MODEL,
    "--queue",
    redis.url,
    "--out",
    out,
    "--chunk",
    "7",
  ]);
  assert.equal(submit.status, 0, submit.stderr);
  const worker = startWorker(redis.url);
  assert.equal((await prognos(["score", "wait", out, "--timeout", "120"])).status, 0);
  rmSync(join(out, "parts", "000000000014.jsonl"));
  const status = await prognos(["score", "status", out]);
  assert.match(status.stdout, /done 53, failed 0, remaining 7 of 60 notes/);
  assert.match(status.stdout, /1 job\(s\) are not in the queue: run the same `score submit` again/);
  const again = await prognos([
    "score",
    "submit",
    "--input",
    input,
    "--model",
    MODEL,
    "--queue",
    redis.url,
    "--out",
    out,
    "--chunk",
    "7",
  ]);
  assert.match(again.stderr, /continuing run \w+: 8 of 9 jobs already done, 1 queued/);
  const wait = await prognos(["score", "wait", out, "--timeout", "120"]);
  await worker.stop();
  assert.equal(wait.status, 0, wait.stderr);
  const merged = join(root, "again.jsonl");
  assert.equal((await prognos(["score", "collect", out, "--out", merged])).status, 0);
  assertEachOnce(readJsonl(merged), notes);
  logs.push(submit.stderr, status.stdout, again.stderr, wait.stderr, worker.log());
});

test("bad input and a missing Redis: one line naming the flag or folder, exit 1, no stack", {
  timeout: 120_000,
}, async () => {
  const submit = (queue: string, out: string, chunk = "7") => [
    "score",
    "submit",
    "--input",
    input,
    "--model",
    MODEL,
    "--queue",
    queue,
    "--out",
    out,
    "--chunk",
    chunk,
  ];
  const pending = join(root, "pending");
  assert.equal((await prognos(submit(redis.url, pending))).status, 0, "a run no worker takes");
  const cases: [string[], RegExp][] = [
    [submit("http://127.0.0.1:1", join(root, "x")), /--queue: expected a redis:\/\/ or rediss:\/\/ URL, got 'http:'/],
    [submit("redis://127.0.0.1:1", join(root, "x")), /--queue redis:\/\/127\.0\.0\.1:1: cannot reach Redis/],
    [["worker", "--queue", "redis://127.0.0.1:1"], /--queue redis:\/\/127\.0\.0\.1:1: cannot reach Redis/],
    [
      submit(redis.url, join(root, "results"), "5"),
      /--out \S+results: already holds another scoring run \(run\.json, parts\); pass --overwrite to replace it$/,
    ],
    [["score", "status", join(root, "nowhere")], /nowhere: not a scoring run's results folder \(no run\.json\)/],
    [
      ["score", "collect", join(root, "results"), "--out", join(root, "x.csv")],
      /--out \S+x\.csv: expected a \.jsonl or \.parquet file/,
    ],
    [
      ["score", "collect", pending, "--out", join(root, "p.jsonl")],
      /pending: not finished \(done 0, failed 0, remaining 60 of 60/,
    ],
    [
      ["score", "wait", pending, "--timeout", "1", "--no-progress"],
      /--timeout 1: not finished: done 0, failed 0, remaining 60/,
    ],
    [
      [
        "score",
        "submit",
        "--input",
        join(root, "none.jsonl"),
        "--model",
        MODEL,
        "--queue",
        redis.url,
        "--out",
        join(root, "y"),
      ],
      /none\.jsonl: cannot read the notes/,
    ],
  ];
  for (const [args, pattern] of cases) {
    const r = await prognos(args);
    assert.equal(r.status, 1, `${args.join(" ")}: ${r.stderr}`);
    const lines = r.stderr.trim().split("\n");
    assert.match(lines[lines.length - 1]!, pattern);
    assert.ok(lines.every((l) => l.startsWith("prognos: ")) && !r.stderr.includes("    at "), r.stderr);
    logs.push(r.stderr);
  }
  assert.ok(!existsSync(join(root, "p.jsonl")));
});

test("no note text in Redis (keys, values, the RDB dump) nor in anything the commands printed", async () => {
  const client = new Redis(redis.url);
  try {
    const keys = await client.keys("*");
    assert.ok(
      keys.some((k) => k.startsWith("bull:prognos-score:")),
      keys.join(" "),
    );
    let values = keys.join("\n");
    for (const k of keys) {
      const type = await client.type(k);
      if (type === "string") values += await client.get(k);
      else if (type === "hash") values += JSON.stringify(await client.hgetall(k));
      else if (type === "list") values += (await client.lrange(k, 0, -1)).join("\n");
      else if (type === "set") values += (await client.smembers(k)).join("\n");
      else if (type === "zset") values += (await client.zrange(k, 0, -1)).join("\n");
      else if (type === "stream") values += JSON.stringify(await client.xrange(k, "-", "+"));
    }
    // The jobs do hold references: the scan would see text if it were there.
    assert.ok(values.includes(input), "the input path is in the job data");
    for (const t of texts) assert.ok(!values.includes(t), "a note's text is in Redis");
    await client.save();
  } finally {
    client.disconnect();
  }
  const dump = readFileSync(join(redis.dir, "dump.rdb")).toString("latin1");
  assert.ok(dump.includes(input), "the RDB holds the job data, uncompressed");
  for (const t of texts) assert.ok(!dump.includes(t), "a note's text is in the RDB dump");
  // Logs, progress lines and errors: not a note's text, nor its distinctive token.
  assert.ok(logs.length >= 10);
  const printed = logs.join("\n");
  for (const [i, t] of texts.entries()) assert.ok(!printed.includes(t) && !printed.includes(`zq${i}x`), `note ${i}`);
  assert.deepEqual(readdirSync(redis.dir).sort(), ["dump.rdb"]);
});
