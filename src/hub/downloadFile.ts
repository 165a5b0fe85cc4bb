import { createHash, type Hash } from "node:crypto";
import { createReadStream, existsSync, readFileSync } from "node:fs";
import { open, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { PrognosError } from "../util/errors.ts";
import { writeError } from "../util/writeError.ts";
import { HTTP_TIMEOUT_MS, httpRequest, httpStatusError, networkCause } from "./httpRequest.ts";
import { contentHash, type HubFileIdentity, identityFromHeaders } from "./hubEtag.ts";
import { type HubModelRef, resolveUrl } from "./hubUrls.ts";

/** A file of the repository as the hub describes it before the download (HEAD of its resolve URL). */
export interface RemoteFile {
  name: string;
  url: string;
  identity: HubFileIdentity;
  /** The commit the revision resolved to (`X-Repo-Commit`), when the hub says. */
  commit?: string;
}

/** A file on disk, checked: its size, SHA-256, and how it was checked against the hub. */
export interface FetchedFile {
  name: string;
  bytes: number;
  sha256: string;
  etag?: string;
  /** sha256 / git-sha1: the etag matched the bytes; size: only the size was known; none: nothing to check. */
  verified: "sha256" | "git-sha1" | "size" | "none";
  /** Bytes that were already on disk from an interrupted earlier run. */
  resumedBytes: number;
}

const MAX_REDIRECTS = 5;

/**
 * HEAD of a file's resolve URL without following the redirect to the LFS storage, as huggingface_hub does: the
 * hub's own answer carries X-Linked-Etag / X-Linked-Size. Redirects within the hub (a renamed repository) are
 * followed. Returns undefined for a 404 when the file is optional.
 */
export async function headFile(ref: HubModelRef, name: string, optional: boolean): Promise<RemoteFile | undefined> {
  let url = resolveUrl(ref, name);
  const origin = new URL(url).origin;
  for (let i = 0; i <= MAX_REDIRECTS; i++) {
    const res = await httpRequest(url, { method: "HEAD", redirect: "manual" });
    const location = res.headers.get("location");
    if (res.status >= 300 && res.status < 400 && location) {
      const next = new URL(location, url);
      if (next.origin === origin && !res.headers.get("x-linked-etag")) {
        url = next.href;
        continue;
      }
    } else if (res.status === 404 && optional) return undefined;
    else if (res.status >= 400) throw httpStatusError(url, res.status, res.statusText, `${ref.id}/${name}`);
    return {
      name,
      url: resolveUrl(ref, name),
      identity: identityFromHeaders(res.headers),
      commit: res.headers.get("x-repo-commit") ?? undefined,
    };
  }
  throw new PrognosError(`${url}: more than ${MAX_REDIRECTS} redirects`);
}

/** Hashes the bytes of a file already on disk into every hash given. */
async function hashFile(path: string, hashes: Hash[]): Promise<void> {
  for await (const chunk of createReadStream(path)) for (const h of hashes) h.update(chunk as Buffer);
}

/**
 * Downloads one file into `dir` as `<name>.part` (with `<name>.part.json` recording the etag it belongs to),
 * resuming a partial file of the same etag with an HTTP Range request, then checks its size and checksum
 * against the hub's etag and renames it to `<name>`. A file already complete in `dir` is checked and kept.
 * A checksum mismatch deletes the partial file; an interrupted transfer keeps it for the next run.
 */
export async function downloadFile(
  remote: RemoteFile,
  dir: string,
  onBytes: (delta: number) => void,
): Promise<FetchedFile> {
  const final = join(dir, remote.name);
  const part = `${final}.part`;
  const meta = `${part}.json`;
  const { identity } = remote;

  if (existsSync(final)) {
    const kept = await check(final, remote, 0).catch(() => undefined);
    if (kept) {
      onBytes(kept.bytes);
      return { ...kept, resumedBytes: kept.bytes };
    }
    await rm(final, { force: true });
  }

  let offset = 0;
  const partSize = existsSync(part) ? (await stat(part)).size : 0;
  const partEtag = existsSync(meta) ? (JSON.parse(readFileSync(meta, "utf8")) as { etag?: string }).etag : undefined;
  if (
    partSize > 0 &&
    identity.etag !== undefined &&
    partEtag === identity.etag &&
    partSize <= (identity.size ?? Infinity)
  ) {
    offset = partSize;
  } else {
    await rm(part, { force: true });
  }
  await writeFile(meta, `${JSON.stringify({ url: remote.url, etag: identity.etag, size: identity.size })}\n`).catch(
    (e) => {
      throw writeError(e, meta);
    },
  );

  // Range without If-Range: the storage a resolve URL redirects to has etags of its own. The part file is only
  // resumed for the same hub etag (above), and the checksum at the end catches anything else.
  const headers: Record<string, string> = offset > 0 ? { Range: `bytes=${offset}-` } : {};
  let res = offset > 0 && offset === identity.size ? undefined : await httpRequest(remote.url, { headers });
  if (res && res.status === 200 && offset > 0)
    offset = 0; // the server sent the whole file: start again
  else if (res && res.status === 206) {
    const start = /^bytes (\d+)-/.exec(res.headers.get("content-range") ?? "")?.[1];
    if (Number(start) !== offset) {
      await res.body?.cancel();
      res = await httpRequest(remote.url);
      offset = 0;
    }
  } else if (res && res.status === 416) {
    await res.body?.cancel();
    res = await httpRequest(remote.url);
    offset = 0;
  }
  if (res && res.status !== 200 && res.status !== 206) {
    await res.body?.cancel();
    throw httpStatusError(remote.url, res.status, res.statusText, remote.name);
  }
  if (offset > 0) onBytes(offset);

  const fh = await open(part, offset > 0 ? "a" : "w").catch((e) => {
    throw writeError(e, part);
  });
  let received = offset;
  try {
    if (res?.body) {
      const reader = res.body.getReader();
      for (;;) {
        let timer: NodeJS.Timeout | undefined;
        const stalled = new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(Object.assign(new Error("stalled"), { name: "TimeoutError" })),
            HTTP_TIMEOUT_MS,
          );
        });
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await Promise.race([reader.read(), stalled]);
        } catch (e) {
          await reader.cancel().catch(() => {});
          const of = identity.size !== undefined ? ` of ${identity.size}` : "";
          throw new PrognosError(
            `${remote.url}: the download stopped after ${received}${of} bytes: ${networkCause(e)}; run the same command again to resume (kept ${part})`,
            { cause: e },
          );
        } finally {
          clearTimeout(timer);
        }
        if (chunk.done) break;
        await fh.write(chunk.value).catch((e) => {
          throw writeError(e, part);
        });
        received += chunk.value.byteLength;
        onBytes(chunk.value.byteLength);
      }
    }
  } finally {
    await fh.close();
  }
  const checked = await check(part, remote, offset).catch(async (e) => {
    await rm(part, { force: true });
    await rm(meta, { force: true });
    throw e;
  });
  await rename(part, final).catch((e) => {
    throw writeError(e, final);
  });
  await rm(meta, { force: true });
  return checked;
}

/** Checks a downloaded file's size and checksum against the hub's answer; a PrognosError says which failed. */
async function check(path: string, remote: RemoteFile, resumedBytes: number): Promise<FetchedFile> {
  const { identity } = remote;
  const bytes = (await stat(path)).size;
  if (identity.size !== undefined && bytes !== identity.size) {
    throw new PrognosError(
      `${remote.url}: size mismatch: the hub announced ${identity.size} bytes, ${bytes} arrived; the partial file was deleted, run the command again`,
    );
  }
  const sha256 = createHash("sha256");
  const etagHash = identity.digest === "git-sha1" ? contentHash(identity, bytes) : undefined;
  await hashFile(path, etagHash ? [sha256, etagHash] : [sha256]);
  const sha = sha256.digest("hex");
  const got = identity.digest === "sha256" ? sha : etagHash?.digest("hex");
  if (got !== undefined && got !== identity.etag) {
    const kind = identity.digest === "sha256" ? "SHA-256" : "git blob SHA-1";
    throw new PrognosError(
      `${remote.url}: checksum mismatch: the hub's ETag says ${kind} ${identity.etag}, the downloaded bytes have ${got}; the file was deleted, run the command again`,
    );
  }
  return {
    name: remote.name,
    bytes,
    sha256: sha,
    etag: identity.etag,
    verified: identity.digest !== "none" ? identity.digest : identity.size !== undefined ? "size" : "none",
    resumedBytes,
  };
}
