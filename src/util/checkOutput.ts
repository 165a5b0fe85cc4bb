import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  rmdirSync,
  type Stats,
  statSync,
  unlinkSync,
} from "node:fs";
import { dirname, join, resolve } from "node:path";
import { PrognosError } from "./errors.ts";
import { systemErrorText } from "./writeError.ts";

/** An output of a command: what it is, and what to do when an earlier one is there. */
export interface OutputSpec {
  /** The path as the user gave it. */
  path: string;
  /** "file": one file, written beside itself and renamed into place; "folder": a folder written into. */
  kind: "file" | "folder";
  /** How the path was given, for the messages. Default "--out". */
  flag?: string;
  /**
   * Folder: the entries (relative paths) the command writes; any of them present means an earlier output is
   * there. Default: any entry at all (the folder is not empty).
   */
  holds?: readonly string[];
  /** What an earlier output is, for the message: "a run", "MIMIC-III tables". Default "an earlier output". */
  what?: string;
  /** --overwrite: replace an earlier output. */
  overwrite?: boolean;
  /** Only for commands that can continue an earlier output: whether --resume was given. */
  resume?: boolean;
}

export interface CheckedOutput {
  /** The absolute path. */
  path: string;
  /** The entries of an earlier output found there (folder), or [path] (file); empty when there is none. */
  existing: string[];
}

/**
 * The one check of an output before a command does any work, and the one overwrite policy:
 *   - the path must be usable: a file's folder exists and can be written in; a folder is a folder (not a file),
 *     and can be created (its missing parents too) and written in — checked by creating it and a probe file,
 *     which are removed again, so the check leaves nothing behind;
 *   - an earlier output there is refused, naming the path, unless --overwrite (or --resume, where allowed) is given:
 *     "<flag> <path>: already holds <what> (<entries>); pass --overwrite to replace it".
 * Every failure is a PrognosError naming the flag and the path.
 */
export function checkOutput(spec: OutputSpec): CheckedOutput {
  const flag = spec.flag ?? "--out";
  const label = `${flag} ${spec.path}`;
  if (spec.path.trim() === "") throw new PrognosError(`${flag}: empty path`);
  const path = resolve(spec.path);
  const fail = (what: string): never => {
    throw new PrognosError(`${label}: ${what}`);
  };
  const found = nearestExisting(path, fail);
  if (!found.stats.isDirectory() && found.path !== path) fail(`${found.path} is a file, not a folder`);

  if (spec.kind === "file") {
    if (found.path === path) {
      if (found.stats.isDirectory()) fail("is a folder; give the path of a file");
      if (!found.stats.isFile()) fail("is not a regular file (a device, a pipe or a socket)");
    } else if (found.path !== dirname(path)) fail(`the folder ${dirname(path)} does not exist`);
    probe(dirname(path), fail);
    const existing = found.path === path ? [path] : [];
    if (existing.length > 0 && !spec.overwrite && !spec.resume) fail(`already exists; ${hint(spec)}`);
    return { path, existing };
  }

  if (found.path === path) {
    if (!found.stats.isDirectory()) fail("is a file, not a folder");
    probe(path, fail);
  } else {
    const missing: string[] = [];
    for (let dir = path; dir !== found.path; dir = dirname(dir)) missing.unshift(dir);
    const created: string[] = [];
    try {
      for (const dir of missing) {
        try {
          mkdirSync(dir);
        } catch (e) {
          fail(`cannot create ${dir === path ? "this folder" : `the folder ${dir}`}: ${systemErrorText(e)}`);
        }
        created.push(dir);
      }
      probe(path, fail);
    } finally {
      for (const dir of created.reverse()) {
        try {
          rmdirSync(dir);
        } catch {
          // someone else wrote there meanwhile: leave it
        }
      }
    }
    return { path, existing: [] };
  }
  const existing = spec.holds
    ? spec.holds.filter((e) => existsSync(join(path, e)))
    : readdirSync(path).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (existing.length > 0 && !spec.overwrite && !spec.resume) {
    const shown = existing.length > 4 ? `${existing.slice(0, 4).join(", ")}, …` : existing.join(", ");
    fail(`already holds ${spec.what ?? "an earlier output"} (${shown}); ${hint(spec)}`);
  }
  return { path, existing };
}

/** The same words everywhere: how to get past an existing output. */
function hint(spec: OutputSpec): string {
  return spec.resume === undefined
    ? "pass --overwrite to replace it"
    : "pass --resume to continue it or --overwrite to replace it";
}

/** The path itself when it exists, else its nearest existing parent. */
function nearestExisting(path: string, fail: (what: string) => never): { path: string; stats: Stats } {
  for (let p = path; ; p = dirname(p)) {
    try {
      return { path: p, stats: statSync(p) };
    } catch (e) {
      const code = (e as { code?: string }).code;
      // ENOENT: missing; ENOTDIR: a parent is a file, found on the way up.
      if ((code !== "ENOENT" && code !== "ENOTDIR") || dirname(p) === p) {
        fail(`cannot use ${p === path ? "this path" : p}: ${systemErrorText(e)}`);
      }
    }
  }
}

/** Creates and removes a file in `dir`, to know that the command will be able to write there. */
function probe(dir: string, fail: (what: string) => never): void {
  const file = join(dir, `.prognos-write-check-${process.pid}`);
  try {
    closeSync(openSync(file, "w"));
  } catch (e) {
    fail(`cannot write in ${dir}: ${systemErrorText(e)}`);
  }
  try {
    unlinkSync(file);
  } catch {
    // written but not removable: the command's own writes will say what is wrong
  }
}
