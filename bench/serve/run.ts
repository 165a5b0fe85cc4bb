/**
 * Serving benchmark: `prognos serve` under 1, 8 and 32 concurrent clients (one note per request, traffic to
 * 127.0.0.1 only, each phase bounded in time), against `prognos predict`'s batch throughput on the same notes in
 * one process; then a soak, with the server's RSS before and after.
 *
 *   npm run bench:serve -- --models demo/runs/*_adm        # the demo's four models, 20 s a phase, 5 min soak
 *   npm run bench:serve -- --quick                          # a tiny model trained here, 3 s phases, 5 s soak
 *   npm run bench:serve -- --models … --json out.json
 *
 * Notes: the bundled MTSamples transcriptions (realistic lengths), the same for every phase.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { Engine } from "../../src/engine/Engine.ts";
import { NotePredictor } from "../../src/serving/NotePredictor.ts";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const flag = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const phaseSeconds = Number(flag("--seconds") ?? (quick ? 3 : 20));
const soakSeconds = Number(flag("--soak") ?? (quick ? 5 : 300));
const jsonOut = flag("--json");
const after = args.includes("--models") ? args.slice(args.indexOf("--models") + 1) : [];
const stop = after.findIndex((a) => a.startsWith("--"));
let models = stop < 0 ? after : after.slice(0, stop);

const median = (xs: number[], q = 0.5) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");

if (models.length === 0) {
  if (!quick)
    throw new Error("--models <run or model folders…> (e.g. demo/runs/*_adm after `npx prognos demo`), or --quick");
  const dir = mkdtempSync(join(tmpdir(), "prognos-bench-serve-"));
  const task = join(dir, "task");
  spawnSync("mkdir", ["-p", task]);
  for (const [split, n] of [
    ["train", 40],
    ["val", 10],
    ["test", 10],
  ] as const) {
    const rows = ['"id","text","hospital_expire_flag"'];
    for (let i = 0; i < n; i++) rows.push(`"${split}-${i}","patient with ${i % 2 ? "sepsis" : "cough"}","${i % 2}"`);
    writeFileSync(join(task, `${split}.csv`), `${rows.join("\n")}\n`);
  }
  const run = join(dir, "run");
  const t = spawnSync(
    process.execPath,
    [
      "bin/prognos.js",
      "train",
      "--model",
      "test/fixtures/bert/tiny-uncased-gelu",
      "--task",
      task,
      "--out",
      run,
      "--epochs",
      "1",
      "--threads",
      "2",
    ],
    { encoding: "utf8" },
  );
  if (t.status !== 0) throw new Error(t.stderr);
  models = [run];
}

const notes = gunzipSync(readFileSync("data/mtsamples/mtsamples.jsonl.gz"))
  .toString("utf8")
  .split("\n")
  .filter(Boolean)
  .map((l, i) => ({ id: String(i), text: (JSON.parse(l) as { transcription?: string }).transcription ?? "" }))
  .filter((n) => n.text.trim().length > 0)
  .slice(0, quick ? 64 : 512);

console.log(`machine: ${cpus()[0]?.model} × ${cpus().length}, node ${process.version}, ${new Date().toISOString()}`);
console.log(`models: ${models.join(", ")}; ${notes.length} MTSamples notes; load average ${load()}`);

// Batch throughput: prognos predict's path, in this process.
const engine = Engine.create({ threads: 2 });
const predictor = await NotePredictor.load(models, engine);
await predictor.score(notes.slice(0, 8)); // warm-up: graphs built and compiled
const t0 = performance.now();
await predictor.score(notes, { batchSize: 16 });
const batchNotesPerSecond = notes.length / ((performance.now() - t0) / 1000);
await engine.release();
console.log(`predict (batch 16, length-sorted): ${batchNotesPerSecond.toFixed(1)} notes/s`);

const server = spawn(
  process.execPath,
  ["bin/prognos.js", "serve", "--model", ...models, "--port", "0", "--threads", "2"],
  { stdio: ["ignore", "ignore", "pipe"] },
);
const address = await new Promise<string>((resolve, reject) => {
  let err = "";
  server.stderr.on("data", (d) => {
    err += d;
    const m = /on http:\/\/(127\.0\.0\.1:\d+)/.exec(err);
    if (m) resolve(m[1]!);
  });
  server.once("exit", () => reject(new Error(err)));
});
const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, "utf8"))![1]) / 1024;

async function phase(clients: number, seconds: number) {
  const latencies: number[] = [];
  let failed = 0;
  let next = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < end) {
        const note = notes[next++ % notes.length]!;
        const s = performance.now();
        const r = await fetch(`http://${address}/v1/predict`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ notes: [note] }),
        });
        await r.arrayBuffer();
        if (r.ok) latencies.push(performance.now() - s);
        else failed++;
      }
    }),
  );
  return {
    clients,
    requests: latencies.length,
    failed,
    perSecond: latencies.length / seconds,
    p50: median(latencies),
    p99: median(latencies, 0.99),
  };
}

await phase(1, 1); // warm-up
const rows = [];
for (const clients of [1, 8, 32]) {
  const r = await phase(clients, phaseSeconds);
  rows.push({ ...r, ratioToBatch: r.perSecond / batchNotesPerSecond });
  console.log(
    `  ${String(clients).padStart(2)} clients: ${r.perSecond.toFixed(1)} req/s, p50 ${r.p50.toFixed(0)} ms, p99 ${r.p99.toFixed(0)} ms, ${r.failed} failed; ${(r.perSecond / batchNotesPerSecond).toFixed(2)}× predict's batch throughput`,
  );
}
const before = rss();
const soak = await phase(8, soakSeconds);
const afterRss = rss();
console.log(
  `soak: 8 clients for ${soakSeconds} s, ${soak.requests} requests, ${soak.failed} failed; server RSS ${before.toFixed(0)} → ${afterRss.toFixed(0)} MiB`,
);
server.kill("SIGTERM");
await new Promise((r) => server.once("exit", r));
console.log(`load average at end: ${load()}`);
if (jsonOut)
  writeFileSync(
    jsonOut,
    `${JSON.stringify({ date: new Date().toISOString(), models, batchNotesPerSecond, rows, soak: { ...soak, rssBefore: before, rssAfter: afterRss } }, null, 2)}\n`,
  );
