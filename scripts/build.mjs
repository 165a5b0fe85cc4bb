#!/usr/bin/env node
// Compiles src/ to dist/ (tsconfig.build.json) and bundles the in-browser page's script (scripts/bundlePage.mjs):
// `npm run build`, and `prepare` on `npm ci`. npm runs `prepare` even for `npm ci --dry-run`, which installs
// nothing (no TypeScript yet): then there is nothing to build.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

if (process.env.npm_config_dry_run === "true") {
  console.log("prognos: dry run, nothing installed: the build is skipped");
  process.exit(0);
}
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const r = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { stdio: "inherit" });
if (r.status !== 0) process.exit(r.status ?? 1);
const { bundlePage } = await import("./bundlePage.mjs");
await bundlePage();
