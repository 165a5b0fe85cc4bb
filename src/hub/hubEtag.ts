import { createHash, type Hash } from "node:crypto";

/**
 * What the hub says a file is, from the headers of its resolve URL: LFS files (weights) carry `X-Linked-Etag`,
 * their SHA-256, and `X-Linked-Size`; files kept in git carry an `ETag` that is the git blob SHA-1 (docs/fetch-model.md).
 */
export interface HubFileIdentity {
  /** The etag, normalised (no `W/`, no quotes), or undefined when the server sent none. */
  etag?: string;
  /** How the etag checks the content: sha256 of the bytes, git's blob SHA-1, or not at all (any other etag). */
  digest: "sha256" | "git-sha1" | "none";
  /** Size in bytes, when known. */
  size?: number;
}

export function normalizeEtag(raw: string | null): string | undefined {
  if (!raw) return undefined;
  return raw.replace(/^W\//, "").replace(/^"(.*)"$/, "$1");
}

export function identityFromHeaders(headers: Headers): HubFileIdentity {
  const etag = normalizeEtag(headers.get("x-linked-etag") ?? headers.get("etag"));
  const sizeText = headers.get("x-linked-size") ?? headers.get("content-length");
  const size = sizeText !== null && /^\d+$/.test(sizeText) ? Number(sizeText) : undefined;
  const digest =
    etag && /^[0-9a-f]{64}$/.test(etag) ? "sha256" : etag && /^[0-9a-f]{40}$/.test(etag) ? "git-sha1" : "none";
  return { etag, digest, size };
}

/** A running hash of a file's bytes in the form its etag uses (git hashes "blob <size>\0" first). */
export function contentHash(identity: HubFileIdentity, size: number): Hash | undefined {
  if (identity.digest === "sha256") return createHash("sha256");
  if (identity.digest === "git-sha1") return createHash("sha1").update(`blob ${size}\0`);
  return undefined;
}
