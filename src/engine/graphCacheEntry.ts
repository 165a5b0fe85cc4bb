import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { prognosVersion } from "../tasks/prognosVersion.ts";
import { PrognosError } from "../util/errors.ts";

/** Where a built graph lives in the GraphCache. */
export interface GraphCacheEntry {
  /** What the graph is, e.g. "bert-encoder" (lower-case letters, digits, dashes). */
  kind: string;
  /** The model it was built from, for people reading the cache folder (its record names it). */
  source: string;
  /** `<kind>-<16 hex>`: the same kind and source; storing one version removes the others. */
  slot: string;
  /** `<slot>-<32 hex>`: the file name stem; the hex is a SHA-256 over everything the graph depends on. */
  name: string;
}

/** Bumped when the cache's own layout changes. */
const KEY_FORMAT = 1;

/**
 * The cache entry of a graph of `kind` built from `source` (a model folder) and `inputs`: everything else the
 * graph depends on (the checkpoint's identity, builder options; never thread counts). The key also covers
 * Prognos itself: its version and a hash of its source files, so a changed graph builder never reuses a graph
 * an older one built.
 */
export function graphCacheEntry(kind: string, source: string, inputs: unknown): GraphCacheEntry {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(kind))
    throw new PrognosError(`invalid graph cache kind ${JSON.stringify(kind)}`);
  const sha = (text: string) => createHash("sha256").update(text).digest("hex");
  const slot = `${kind}-${sha(JSON.stringify([kind, source])).slice(0, 16)}`;
  const key = sha(JSON.stringify({ format: KEY_FORMAT, build: prognosBuildId(), kind, source, inputs }));
  return { kind, source, slot, name: `${slot}-${key.slice(0, 32)}` };
}

let buildId: string | undefined;

/**
 * Prognos' version and a SHA-256 over its code: the folder above this file (src/, or a compiled build's
 * folder), every .ts/.js/.mjs file. About 5–15 ms, once per process.
 */
export function prognosBuildId(): string {
  if (buildId === undefined) {
    const src = fileURLToPath(new URL("../", import.meta.url));
    const files = readdirSync(src, { recursive: true, encoding: "utf8" })
      .filter((f) => /\.(ts|js|mjs)$/.test(f))
      .map((f) => f.split(sep).join("/"))
      .sort();
    const hash = createHash("sha256");
    for (const f of files)
      hash
        .update(`${f}\0`)
        .update(readFileSync(join(src, f)))
        .update("\0");
    buildId = `${prognosVersion()}+${hash.digest("hex").slice(0, 16)}`;
  }
  return buildId;
}
