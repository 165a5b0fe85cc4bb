/**
 * Model-open benchmark: wall time of a whole `prognos embed` process on a BERT-base-sized checkpoint (random
 * weights, bert-base-uncased vocabulary) — the first run with an empty model cache (builds the graph and
 * stores it), the second with that cache (docs/model-cache.md), and one with the cache off.
 *
 *   node --import tsx bench/cli/modelOpen.ts                 # 3 rounds, medians
 *   node --import tsx bench/cli/modelOpen.ts --repeat 1 --threads 2
 *
 * Or from another script: `await measureModelOpen({ repeat: 1 })`. The checkpoint (440 MB) and the caches are
 * written under a temporary folder and removed afterwards. Every run's output must be byte-identical.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { BERT_BASE_UNCASED_DIR } from "../../src/tokenizer/bundledVocab.ts";
import { initBertFolder } from "../../src/training/initBertFolder.ts";

export interface ModelOpenOptions {
  /** Rounds measured (each: a fresh cache, then first and second run, then an uncached run). Default 3. */
  repeat?: number;
  /** `--threads` given to `prognos embed`. Default: its own default (all cores). */
  threads?: number;
  /** Progress lines. Default: none. */
  log?: (line: string) => void;
}

/** Median wall times in milliseconds of whole `prognos embed` processes. */
export interface ModelOpenTimes {
  /** Empty cache: load, build the graph, store it, compile, embed. */
  firstMs: number;
  /** Cache filled by the first run: load, verify and read the cached graph, compile, embed. */
  secondMs: number;
  /** PROGNOS_CACHE=off: what every run cost before the cache. */
  uncachedMs: number;
}

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const TEXT =
  "Chief complaint: shortness of breath. History of present illness: 67 year old man with a history of " +
  "congestive heart failure and atrial fibrillation presents with two days of worsening dyspnea on exertion, " +
  "orthopnea and bilateral leg swelling. He reports adherence to his diuretics.";

export async function measureModelOpen(options: ModelOpenOptions = {}): Promise<ModelOpenTimes> {
  const repeat = options.repeat ?? 3;
  const log = options.log ?? (() => {});
  const work = mkdtempSync(join(tmpdir(), "prognos-bench-open-"));
  try {
    const model = join(work, "bert-base-random");
    const t0 = performance.now();
    initBertFolder(model, { vocab_size: 30522 }, BERT_BASE_UNCASED_DIR, 7);
    log(`BERT-base-sized random checkpoint written in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    let expected: string | undefined;
    const embed = (cache: string): number => {
      const args = ["bin/prognos.js", "embed", "--model", model, ...threadArgs(options.threads), TEXT];
      const start = performance.now();
      const r = spawnSync(process.execPath, args, {
        cwd: ROOT,
        encoding: "utf8",
        maxBuffer: 64 << 20,
        env: { ...process.env, PROGNOS_CACHE: cache },
      });
      const ms = performance.now() - start;
      if (r.status !== 0) throw new Error(`prognos embed failed (${r.status}): ${r.stderr}`);
      const cacheWarning = r.stderr.split("\n").find((l) => /cache|cached graph/.test(l));
      if (cacheWarning) throw new Error(`unexpected cache warning: ${cacheWarning}`);
      expected ??= r.stdout;
      if (r.stdout !== expected) throw new Error("prognos embed printed different embeddings from one run to another");
      return ms;
    };

    const first: number[] = [];
    const second: number[] = [];
    const uncached: number[] = [];
    for (let round = 1; round <= repeat; round++) {
      const cache = join(work, `cache-${round}`);
      first.push(embed(cache));
      second.push(embed(cache));
      rmSync(cache, { recursive: true, force: true });
      uncached.push(embed("off"));
      const fmt = (xs: number[]) => `${(xs.at(-1)! / 1000).toFixed(2)} s`;
      log(
        `round ${round}/${repeat}: first ${fmt(first)}, second ${fmt(second)}, uncached ${fmt(uncached)} ` +
          `(load ${loadavg()[0]!.toFixed(1)})`,
      );
    }
    return { firstMs: median(first), secondMs: median(second), uncachedMs: median(uncached) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function threadArgs(threads: number | undefined): string[] {
  return threads === undefined ? [] : ["--threads", String(threads)];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

function flag(args: string[], name: string): number | undefined {
  const at = args.indexOf(name);
  if (at < 0) return undefined;
  const value = Number(args[at + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} needs a positive integer`);
  return value;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const threads = flag(args, "--threads");
  const start = performance.now();
  spawnSync(process.execPath, ["bin/prognos.js", "embed", "--help"], { cwd: ROOT });
  const floorMs = performance.now() - start;
  console.log(`machine: ${cpus()[0]?.model} × ${availableParallelism()} cores, embed threads: ${threads ?? "all"}`);
  const t = await measureModelOpen({ repeat: flag(args, "--repeat"), threads, log: (l) => console.log(l) });
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log("");
  console.log("prognos embed, BERT-base-sized checkpoint (medians)");
  console.log(`  first run, empty cache   ${s(t.firstMs)}`);
  console.log(`  second run, cached       ${s(t.secondMs)}`);
  console.log(`  cache off                ${s(t.uncachedMs)}`);
  console.log(`  (process start floor: \`prognos embed --help\` ${s(floorMs)})`);
}
