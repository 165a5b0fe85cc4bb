import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdir, rename, rm, rmdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { CONFIG_NAMES, TOKENIZER_FILES } from "../checkpoint/CheckpointFiles.ts";
import { checkOutput } from "../util/checkOutput.ts";
import { PrognosError } from "../util/errors.ts";
import { ProgressBar } from "../util/ProgressBar.ts";
import { strictJsonParse } from "../util/strictJsonParse.ts";
import { writeError } from "../util/writeError.ts";
import { chooseModelFiles, PROVENANCE_FILES, shardNames, WEIGHT_FILES } from "./chooseModelFiles.ts";
import { downloadFile, type FetchedFile, headFile, type RemoteFile } from "./downloadFile.ts";
import { httpRequest, httpStatusError } from "./httpRequest.ts";
import { apiUrl, type HubModelRef, hubModelRef } from "./hubUrls.ts";

export interface FetchModelOptions {
  id: string;
  out: string;
  revision?: string;
  endpoint?: string;
  overwrite?: boolean;
  /** Where progress and notes go; default process.stderr. */
  stderr?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
}

/** What `prognos fetch-model` did; `--json` prints it, and it is saved as prognos-fetch.json in the folder. */
export interface FetchModelResult {
  id: string;
  revision: string;
  /** The commit the revision resolved to, when the hub said. */
  commit?: string;
  endpoint: string;
  out: string;
  /** "api": the hub's file list; "probe": the API was not usable and the usual file names were tried one by one. */
  fileList: "api" | "probe";
  files: FetchedFile[];
  downloadedBytes: number;
  resumedBytes: number;
  fetchedAt: string;
}

/** The provenance file written into the folder (docs/fetch-model.md). */
export const FETCH_RECORD = "prognos-fetch.json";
const STATE = "prognos-fetch-state.json";

/**
 * Downloads the files of a BERT folder from the hub's public file URLs into `<out>.part/`, resumable, each file
 * checked against the hub's size and checksum, and renames the folder to `<out>` only when every file is there
 * and checked: a half download never looks like a model folder. Docs: docs/fetch-model.md.
 */
export async function fetchModel(options: FetchModelOptions): Promise<FetchModelResult> {
  const ref = hubModelRef(options.id, options.revision ?? "main", options.endpoint);
  const out = checkOutput({ path: options.out, kind: "folder", overwrite: options.overwrite, what: "files" });
  const temp = `${out.path}.part`;
  const stderr = options.stderr ?? process.stderr;
  const resume = earlierDownload(temp, ref);

  const { names, commit: apiCommit, from } = await listFiles(ref, stderr);
  const remotes: RemoteFile[] = [];
  if (names) {
    const choice = chooseModelFiles(names, `${ref.id}@${ref.revision}`);
    for (const n of [choice.config, choice.weights]) remotes.push((await headFile(ref, n, false))!);
    for (const n of choice.optional) {
      const r = await headFile(ref, n, true);
      if (r) remotes.push(r);
    }
  } else remotes.push(...(await probeFiles(ref)));
  await prepareTemp(temp, ref, resume, stderr);

  const bar = new ProgressBar({ label: "fetch-model", unit: "MB", stream: stderr });
  const mb = (b: number) => Math.round(b / 1e5) / 10;
  let total = remotes.reduce((s, r) => s + (r.identity.size ?? 0), 0);
  let done = 0;
  const onBytes = (n: number) => {
    done += n;
    bar.update(mb(done));
  };
  bar.start(mb(total), ref.id);
  const files: FetchedFile[] = [];
  try {
    for (let i = 0; i < remotes.length; i++) {
      const r = remotes[i]!;
      bar.describe(r.name);
      files.push(await downloadFile(r, temp, onBytes));
      if (r.name.endsWith(".index.json") && WEIGHT_FILES.includes(r.name)) {
        const file = join(temp, r.name);
        const shards = shardNames(strictJsonParse(readFileSync(file, "utf8"), file), file);
        for (const s of shards) {
          const shard = (await headFile(ref, s, false))!;
          total += shard.identity.size ?? 0;
          bar.setTotal(mb(total));
          remotes.splice(i + 1, 0, shard);
        }
      }
    }
  } finally {
    bar.stop();
  }

  const result: FetchModelResult = {
    id: ref.id,
    revision: ref.revision,
    commit: apiCommit ?? remotes.find((r) => r.commit)?.commit,
    endpoint: ref.endpoint,
    out: options.out,
    fileList: from,
    files,
    downloadedBytes: files.reduce((s, f) => s + f.bytes - f.resumedBytes, 0),
    resumedBytes: files.reduce((s, f) => s + f.resumedBytes, 0),
    fetchedAt: new Date().toISOString(),
  };
  await writeFile(join(temp, FETCH_RECORD), `${JSON.stringify(result, null, 2)}\n`).catch((e) => {
    throw writeError(e, join(temp, FETCH_RECORD));
  });
  await rm(join(temp, STATE), { force: true });
  await moveIntoPlace(temp, out.path);
  return result;
}

/**
 * Whether `<out>.part/` holds an interrupted download of the same model and revision (resume it), nothing, or a
 * download of something else (replaced). A folder there that fetch-model did not make is refused before any request.
 */
function earlierDownload(temp: string, ref: HubModelRef): boolean {
  if (!existsSync(temp)) return false;
  const statePath = join(temp, STATE);
  if (!existsSync(statePath)) {
    if (readdirSync(temp).length === 0) return false;
    throw new PrognosError(`${temp}: this folder is in the way of the download (fetch-model did not make it); move it`);
  }
  try {
    const s = JSON.parse(readFileSync(statePath, "utf8")) as { id?: string; revision?: string; endpoint?: string };
    return s.id === ref.id && s.revision === ref.revision && s.endpoint === ref.endpoint;
  } catch {
    return false;
  }
}

/** Creates `<out>.part/` with its state file, or keeps the one of an interrupted run to resume it. */
async function prepareTemp(temp: string, ref: HubModelRef, resume: boolean, stderr: NodeJS.WritableStream) {
  if (resume) {
    const left = readdirSync(temp).filter((n) => n !== STATE);
    stderr.write(`prognos: resuming the download in ${temp} (${left.length} files there)\n`);
    return;
  }
  await rm(temp, { recursive: true, force: true });
  await mkdir(temp, { recursive: true }).catch((e) => {
    throw writeError(e, temp);
  });
  const statePath = join(temp, STATE);
  const state = { id: ref.id, revision: ref.revision, endpoint: ref.endpoint };
  await writeFile(statePath, `${JSON.stringify(state)}\n`).catch((e) => {
    throw writeError(e, statePath);
  });
}

/** The repository's file names from the hub API; undefined (probe instead) when the API answers but is not usable. */
async function listFiles(
  ref: HubModelRef,
  stderr: NodeJS.WritableStream,
): Promise<{ names?: string[]; commit?: string; from: "api" | "probe" }> {
  const url = apiUrl(ref);
  const res = await httpRequest(url, { headers: { Accept: "application/json" } });
  if (res.status === 404 || res.status === 401 || res.status === 403) {
    await res.body?.cancel();
    const what = `model ${ref.id}${ref.revision === "main" ? "" : ` at revision ${ref.revision}`} on ${ref.endpoint}`;
    throw httpStatusError(url, res.status, res.statusText, what);
  }
  if (res.status === 200) {
    try {
      const info = (await res.json()) as { sha?: unknown; siblings?: Array<{ rfilename?: unknown }> };
      const names = info.siblings?.map((s) => s.rfilename).filter((n): n is string => typeof n === "string");
      if (names && names.length > 0)
        return { names, commit: typeof info.sha === "string" ? info.sha : undefined, from: "api" };
    } catch {
      // fall through to probing
    }
  } else await res.body?.cancel();
  stderr.write(`prognos: warning: ${url} gave no file list (HTTP ${res.status}); trying the usual file names\n`);
  return { from: "probe" };
}

/** Without a file list: the first config and weight file that exist, and whichever tokenizer/card files exist. */
async function probeFiles(ref: HubModelRef): Promise<RemoteFile[]> {
  const first = async (names: string[], what: string): Promise<RemoteFile> => {
    for (const n of names) {
      const r = await headFile(ref, n, true);
      if (r) return r;
    }
    throw new PrognosError(`${ref.id}@${ref.revision} has none of ${names.join(", ")} (${what})`);
  };
  const choice: RemoteFile[] = [
    await first(CONFIG_NAMES, "not a BERT model folder"),
    await first(WEIGHT_FILES, "no weights Prognos reads"),
  ];
  for (const n of [...TOKENIZER_FILES, ...PROVENANCE_FILES]) {
    const r = await headFile(ref, n, true);
    if (r) choice.push(r);
  }
  return choice;
}

/** Renames the finished `<out>.part` to `<out>` (an empty `<out>` is replaced; a full one only with --overwrite). */
async function moveIntoPlace(temp: string, out: string): Promise<void> {
  const old = `${out}.replaced-${process.pid}`;
  let moved = false;
  try {
    if (existsSync(out)) {
      if (readdirSync(out).length === 0) await rmdir(out);
      else {
        await rename(out, old);
        moved = true;
      }
    }
    await rename(temp, out);
  } catch (e) {
    if (moved && !existsSync(out)) await rename(old, out).catch(() => {});
    throw writeError(e, out);
  }
  if (moved) await rm(old, { recursive: true, force: true });
}
