#!/usr/bin/env node
// Runs every test/**/*.test.ts with node:test (Node 20's --test has no glob support, so we list them here).
// Usage: node scripts/run-tests.mjs [substring-filter ...]
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (name === "fixtures" || name === "node_modules") return [];
    return statSync(p).isDirectory() ? walk(p) : p.endsWith(".test.ts") ? [p] : [];
  });
}

// The CLI tests run bin/prognos.js, which runs the compiled dist/ as users do: build it from the current sources.
const build = spawnSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
if (build.status !== 0) {
  console.error("the build (tsc -p tsconfig.build.json) failed; fix it before the tests run");
  process.exit(1);
}

const filters = process.argv.slice(2);
const files = walk("test")
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort();
if (files.length === 0) {
  console.error("no test files matched");
  process.exit(1);
}
// Tests never write into the user's model cache (docs/model-cache.md): every run gets its own, removed after.
const cache = mkdtempSync(join(tmpdir(), "prognos-test-cache-"));
const r = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-reporter=spec", ...files], {
  stdio: "inherit",
  env: { ...process.env, PROGNOS_CACHE: cache },
});
rmSync(cache, { recursive: true, force: true });
process.exit(r.status ?? 1);
