/**
 * Serving benchmark: `prognos serve` under 1, 8 and 32 concurrent clients (one note per request, traffic to
 * 127.0.0.1 only, each phase bounded in time), against `prognos predict`'s batch throughput on the same notes in
 * one process; then a soak, with the server's RSS before and after.
 *
 *   npm run bench:serve -- --models demo/runs/*_adm        # the demo's four models, 20 s a phase, 5 min soak
 *   npm run bench:serve -- --quick                          # a tiny model trained here, 3 s phases, 5 s soak
 *   npm run bench:serve -- --models … --json out.json
 *   npm run bench:serve -- --models … --clients 32 --seconds 10 --soak 0      # one phase, no soak
 *
 * Notes: the bundled MTSamples transcriptions (realistic lengths), the same for every phase. Besides requests/s and
 * latency, each phase reports the CPU time a request took in the server and in the clients (this process), beside
 * predict's CPU time a note: on a shared machine those are steadier than the throughputs.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { Agent, request } from "node:http";
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
const clientCounts = (flag("--clients") ?? "1,8,32").split(",").map(Number);
const after = args.includes("--models") ? args.slice(args.indexOf("--models") + 1) : [];
const stop = after.findIndex((a) => a.startsWith("--"));
let models = stop < 0 ? after : after.slice(0, stop);

const median = (xs: number[], q = 0.5) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
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

// Batch throughput: prognos predict's path, in this process, with ONNX Runtime's threads spinning between
// operations (its default) and sleeping (what predict and serve use); measured before and after the server's phases
// (the load of a shared machine drifts), and the ratios taken to the better of the two settings.
async function measurePredict(spinning: boolean) {
  const engine = Engine.create({ threads: 2, spinning });
  const predictor = await NotePredictor.load(models, engine);
  await predictor.score(notes.slice(0, 8)); // warm-up: graphs built and compiled
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await predictor.score(notes, { batchSize: 16 });
  const notesPerSecond = notes.length / ((performance.now() - t0) / 1000);
  const cpuMsPerNote = cpuMs(process.cpuUsage(cpu0)) / notes.length;
  await engine.release();
  console.log(
    `predict (batch 16, length-sorted, threads ${spinning ? "spinning" : "sleeping"}): ${notesPerSecond.toFixed(1)} notes/s, ${cpuMsPerNote.toFixed(1)} CPU ms a note; load average ${load()}`,
  );
  return { spinning, notesPerSecond, cpuMsPerNote };
}
const predictRuns = [await measurePredict(true), await measurePredict(false)];

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
/** The server's CPU time so far (user + system), ms, from /proc. */
const serverCpu = () => {
  const f = readFileSync(`/proc/${server.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ = 100)
};
const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, "utf8"))![1]) / 1024;

// The clients: keep-alive connections through node:http with each request's body serialised once beforehand —
// they share the machine's cores with the server, so they should cost it as little as they can.
const [host, port] = address.split(":") as [string, string];
const agent = new Agent({ keepAlive: true, maxSockets: 64 });
const bodies = notes.map((n) => Buffer.from(JSON.stringify({ notes: [n] })));
const post = (body: Buffer) =>
  new Promise<number>((resolve, reject) => {
    const req = request(
      {
        host,
        port: Number(port),
        path: "/v1/predict",
        method: "POST",
        agent,
        headers: {
          "content-type": "application/json",
          "content-length": body.length,
        },
      },
      (res) => {
        res.on("data", () => {});
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });

async function phase(clients: number, seconds: number) {
  const latencies: number[] = [];
  let failed = 0;
  let next = 0;
  const server0 = serverCpu();
  const client0 = process.cpuUsage();
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < end) {
        const body = bodies[next++ % bodies.length]!;
        const s = performance.now();
        const status = await post(body);
        if (status === 200) latencies.push(performance.now() - s);
        else failed++;
      }
    }),
  );
  const n = Math.max(1, latencies.length);
  return {
    clients,
    // CPU ms per request: the server's, and the clients' (this process), beside predict's per note.
    serverCpuMs: (serverCpu() - server0) / n,
    clientCpuMs: cpuMs(process.cpuUsage(client0)) / n,
    requests: latencies.length,
    failed,
    perSecond: latencies.length / seconds,
    p50: median(latencies),
    p99: median(latencies, 0.99),
  };
}

await phase(1, 1); // warm-up
const phases = [];
for (const clients of clientCounts) {
  const r = await phase(clients, phaseSeconds);
  phases.push(r);
  console.log(
    `  ${String(clients).padStart(2)} clients: ${r.perSecond.toFixed(1)} req/s, p50 ${r.p50.toFixed(0)} ms, p99 ${r.p99.toFixed(0)} ms, ${r.failed} failed; CPU ms a request: server ${r.serverCpuMs.toFixed(1)}, clients ${r.clientCpuMs.toFixed(1)}; load average ${load()}`,
  );
}
predictRuns.push(await measurePredict(true), await measurePredict(false)); // the server idles meanwhile
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const setting = (spinning: boolean) => predictRuns.filter((r) => r.spinning === spinning);
const batchNotesPerSecond = Math.max(
  ...[true, false].map((spinning) => mean(setting(spinning).map((r) => r.notesPerSecond))),
);
const predictCpuMs = Math.min(...[true, false].map((spinning) => mean(setting(spinning).map((r) => r.cpuMsPerNote))));
console.log(
  `predict's batch throughput, the better setting's mean: ${batchNotesPerSecond.toFixed(1)} notes/s (${predictCpuMs.toFixed(1)} CPU ms a note)`,
);
const rows = phases.map((r) => ({
  ...r,
  ratioToBatch: r.perSecond / batchNotesPerSecond,
  // On a saturated machine, throughput follows CPU time: predict's CPU a note over the server's and clients' a request.
  cpuRatio: predictCpuMs / (r.serverCpuMs + r.clientCpuMs),
}));
for (const r of rows)
  console.log(
    `  ${String(r.clients).padStart(2)} clients: ${r.ratioToBatch.toFixed(2)}× predict's batch throughput (CPU time: ${r.cpuRatio.toFixed(2)}×)`,
  );
const before = rss();
const rssSeries: number[] = [];
const sampler = setInterval(() => rssSeries.push(Math.round(rss())), Math.max(1000, (soakSeconds * 1000) / 10));
const soak = soakSeconds > 0 ? await phase(8, soakSeconds) : null;
clearInterval(sampler);
const afterRss = rss();
if (soak)
  console.log(
    `soak: 8 clients for ${soakSeconds} s, ${soak.requests} requests, ${soak.failed} failed; server RSS ${before.toFixed(0)} → ${afterRss.toFixed(0)} MiB (every ${Math.round(soakSeconds / 10)} s: ${rssSeries.join(", ")})`,
  );
agent.destroy();
server.kill("SIGTERM");
await new Promise((r) => server.once("exit", r));
console.log(`load average at end: ${load()}`);
if (jsonOut)
  writeFileSync(
    jsonOut,
    `${JSON.stringify({ date: new Date().toISOString(), models, predictRuns, batchNotesPerSecond, predictCpuMs, rows, soak: { ...soak, rssBefore: before, rssAfter: afterRss, rssSeries } }, null, 2)}\n`,
  );
