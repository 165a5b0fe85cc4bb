/**
 * CLI benchmark: how fast `prognos` starts, and how fast a BERT-base folder opens the first and the second time
 * (the second from the graph cache).
 *
 *   npm run bench:cli                    # 11 runs per start-up case, then the BERT-base open times
 *   npm run bench:cli -- --runs 5 --skip-model
 *   npm run bench:cli -- --json out.json
 *
 * Needs the compiled CLI (`npm ci` builds it; `npm run build` after an edit).
 */
import { writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { measureModelOpen } from "./modelOpen.ts";
import { measureStartup } from "./startup.ts";

const args = process.argv.slice(2);
const flag = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const runs = Number(flag("--runs") ?? 11);
const jsonOut = flag("--json");

const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");
console.log(`machine: ${cpus()[0]?.model} × ${cpus().length}, node ${process.version}, ${new Date().toISOString()}`);
console.log(`load average at start: ${load()}`);

const startup = measureStartup(runs);
console.log(`\nStart-up, median of ${runs} runs (ratio to bare node in the same run; target ≤ 3×):`);
for (const r of startup) {
  const note = r.context ? "  (npx's own resolution, not Prognos')" : "";
  console.log(`  ${r.name.padEnd(30)} ${r.medianMs.toFixed(0).padStart(6)} ms  ${r.ratioToNode.toFixed(2)}×${note}`);
}
const result: Record<string, unknown> = { date: new Date().toISOString(), runs, startup };
if (!args.includes("--skip-model")) {
  console.log(
    "\nOpening a BERT-base folder: whole `prognos embed` processes, medians of 3 rounds (target: second ≤ 3 s):",
  );
  const open = await measureModelOpen({ repeat: 3, log: (line) => console.log(`  ${line}`) });
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log(
    `  first (empty model cache) ${s(open.firstMs)}, second (cached) ${s(open.secondMs)}, cache off ${s(open.uncachedMs)}`,
  );
  result.modelOpen = open;
}
console.log(`load average at end: ${load()}`);
if (jsonOut) writeFileSync(jsonOut, `${JSON.stringify(result, null, 2)}\n`);
