/**
 * Output folders that a killed process never leaves half-written (docs/faults.md). A command writes its whole
 * output under a temporary sibling, `<out>.partial-<pid>`, and moves it into place when everything is written:
 *   - `<out>` missing or empty: one rename, so a later command sees no folder or the complete one (an empty `<out>`
 *     that cannot be removed, the current folder or a mount point, is filled as below);
 *   - `<out>` holding other files (the user's, or an earlier output being replaced with --overwrite): the earlier
 *     output's entries are removed (its `last` entries, the manifests later commands look for, first) and the new
 *     entries are renamed in one by one, `last` entries last: each entry (a file, or a whole task folder) is
 *     complete or absent, and the manifest appears only once every other entry is there.
 * Where `<out>`'s parent cannot be written in but `<out>` exists, the temporary folder is `<out>/.partial-<pid>`.
 * A temporary folder left by a killed run is found by the next run for the same `<out>` and removed, with a notice;
 * one whose process is still running means two commands write the same output, which is refused.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { PrognosError } from "./errors.ts";
import { writeError, writing } from "./writeError.ts";

const PARTIAL = ".partial-";

export interface OutputFolderOptions {
  /** Entries of an earlier output in `<out>` to remove when the new one is moved in (checkOutput's `existing`). */
  replace?: readonly string[];
  /** Entries moved in after all others (and removed first): the manifest a later command checks for. */
  last?: readonly string[];
  /** Where notices go (an unfinished earlier output removed); default: standard error. */
  notice?: (message: string) => void;
}

/** The temporary sibling this process writes `out` into. */
export function partialFolder(out: string): string {
  return `${resolve(out)}${PARTIAL}${process.pid}`;
}

/** Whether process `pid` is running (signal 0 checks without signalling; EPERM: running, someone else's). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === "EPERM";
  }
}

/**
 * Removes the temporary folders that killed runs left beside `out` and returns them. A temporary folder of a
 * process still running (not this one) is refused: two commands are writing the same output.
 */
export function removeUnfinished(out: string, notice: (message: string) => void = defaultNotice): string[] {
  const path = resolve(out);
  const parent = dirname(path);
  if (!existsSync(parent)) return [];
  const candidates: Array<[folder: string, prefix: string]> = [[parent, `${basename(path)}${PARTIAL}`]];
  if (existsSync(path) && statSync(path).isDirectory()) candidates.push([path, PARTIAL]);
  const removed: string[] = [];
  for (const [folder, prefix] of candidates)
    for (const name of readdirSync(folder)) {
      if (!name.startsWith(prefix)) continue;
      const pid = Number(name.slice(prefix.length));
      if (!Number.isInteger(pid) || pid <= 0) continue;
      const leftover = join(folder, name);
      if (pid !== process.pid && running(pid)) {
        throw new PrognosError(
          `another process (pid ${pid}) is writing this output now, into ${leftover}; wait for it to finish or stop it`,
          { file: path },
        );
      }
      writing(leftover, () => rmSync(leftover, { recursive: true, force: true }));
      notice(`removed ${leftover}: an unfinished output left by an earlier run that was stopped before it finished`);
      removed.push(leftover);
    }
  return removed;
}

function defaultNotice(message: string): void {
  process.stderr.write(`note: ${message}\n`);
}

/**
 * Runs `write(tmp)` with a fresh temporary sibling of `out`, then moves what it wrote into `out` (see the file
 * comment). When `write` throws, the temporary folder is removed and `out` is left as it was.
 */
export async function writeOutputFolder<T>(
  out: string,
  write: (tmp: string) => Promise<T> | T,
  options: OutputFolderOptions = {},
): Promise<T> {
  const path = resolve(out);
  removeUnfinished(path, options.notice);
  const tmp = makeTemporary(path);
  let result: T;
  try {
    result = await write(tmp);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    // Errors name the file as the user will know it: under --out, not under the temporary folder.
    if (e instanceof PrognosError && e.message.includes(tmp))
      throw new PrognosError(e.message.replaceAll(tmp, path), { cause: e });
    throw e;
  }
  writing(path, () => moveIntoPlace(tmp, path, options));
  return result;
}

/**
 * The temporary sibling `<out>.partial-<pid>`; where the parent folder cannot be written in (an existing `--out`
 * that is a mount point, say, in a folder of someone else's), `<out>/.partial-<pid>` inside it instead.
 */
function makeTemporary(out: string): string {
  const sibling = partialFolder(out);
  try {
    mkdirSync(dirname(out), { recursive: true });
    mkdirSync(sibling);
    return sibling;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (!(code === "EACCES" || code === "EPERM" || code === "EROFS") || !existsSync(out)) throw writeError(e, sibling);
  }
  const inside = join(out, `${PARTIAL}${process.pid}`);
  writing(inside, () => mkdirSync(inside));
  return inside;
}

function moveIntoPlace(tmp: string, out: string, options: OutputFolderOptions): void {
  const last = new Set(options.last ?? []);
  // An empty --out is replaced whole, unless it cannot be: the current folder, or a mount point (EBUSY).
  if (dirname(tmp) !== out && existsSync(out) && readdirSync(out).length === 0 && out !== process.cwd()) {
    try {
      rmdirSync(out);
    } catch {
      // moved in entry by entry below
    }
  }
  if (!existsSync(out)) {
    renameSync(tmp, out);
    return;
  }
  const earlier = [...(options.replace ?? [])].sort((a, b) => Number(last.has(b)) - Number(last.has(a)));
  for (const entry of earlier) rmSync(join(out, entry), { recursive: true, force: true });
  const entries = readdirSync(tmp).sort((a, b) => Number(last.has(a)) - Number(last.has(b)));
  for (const entry of entries) {
    rmSync(join(out, entry), { recursive: true, force: true });
    renameSync(join(tmp, entry), join(out, entry));
  }
  rmdirSync(tmp);
}

/**
 * Replaces folder `dir` by what `write` puts in a fresh temporary folder, so a crash never leaves half a folder
 * (training's best/, last/ and resume folders, which a run owns entirely). A process killed between the two
 * renames leaves the previous copy as `<dir>.old` (training/resumeState.ts reads it then).
 */
export function replaceFolder(dir: string, write: (tmp: string) => void): void {
  const tmp = `${dir}.tmp`;
  const old = `${dir}.old`;
  writing(dir, () => {
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    write(tmp);
    if (existsSync(dir)) {
      // A process killed after its last rename but before removing `old` left both: `dir` is the complete copy.
      rmSync(old, { recursive: true, force: true });
      renameSync(dir, old);
    }
    renameSync(tmp, dir);
    rmSync(old, { recursive: true, force: true });
  });
}
