#!/usr/bin/env node
// Entry point of `prognos`. Runs the compiled CLI in dist/ (built by `npm run build`, which `npm ci` runs
// through the `prepare` script). In a checkout whose dist/ is missing, or older than a file in src/ (a
// developer's edit not yet built), it runs the TypeScript sources through tsx instead and says so once.
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const compiled = join(root, "dist", "cli", "main.js");

/** Newest modification time (ms) of the files under `dir`. */
function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    const t = entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs;
    if (t > newest) newest = t;
  }
  return newest;
}

function compiledIsCurrent() {
  if (!existsSync(compiled)) return false;
  const src = join(root, "src");
  if (!existsSync(src)) return true; // an installed package ships dist/ alone
  // tsc rewrites every output file on each build, so main.js carries the build's time.
  return statSync(compiled).mtimeMs >= newestMtime(src);
}

let main;
if (process.env.PROGNOS_FROM_SOURCE !== "1" && compiledIsCurrent()) {
  ({ main } = await import(pathToFileURL(compiled).href));
} else {
  if (process.env.PROGNOS_FROM_SOURCE !== "1")
    process.stderr.write("prognos: note: dist/ is missing or older than src/; running from source (npm run build)\n");
  const { register } = await import("tsx/esm/api");
  register();
  ({ main } = await import(pathToFileURL(join(root, "src", "cli", "main.ts")).href));
}
process.exitCode = await main(process.argv.slice(2));
