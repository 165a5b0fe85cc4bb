import { PrognosError } from "../util/errors.ts";

/** The Hugging Face hub; `--endpoint` or the HF_ENDPOINT environment variable (as huggingface_hub reads it) replace it. */
export const DEFAULT_ENDPOINT = "https://huggingface.co";

/** A model repository on the hub and the revision to fetch, with the URLs of its public files (docs/fetch-model.md). */
export interface HubModelRef {
  /** `owner/name` (or a legacy single name such as `bert-base-uncased`). */
  id: string;
  /** A branch, tag or commit; default "main". */
  revision: string;
  /** Endpoint without a trailing slash. */
  endpoint: string;
}

// The hub's repository names: letters, digits, "-", "_", "." (no leading "-"/"." and no "--" or ".."), ≤ 96 each.
const PART = /^(?![-.])(?!.*(--|\.\.))[A-Za-z0-9_.-]{1,96}(?<![-.])$/;

/** Checks the id, revision and endpoint as the user gave them; each error names the argument and the value. */
export function hubModelRef(id: string, revision = "main", endpoint?: string): HubModelRef {
  const parts = id.split("/");
  if (parts.length > 2 || !parts.every((p) => PART.test(p))) {
    throw new PrognosError(
      `model id '${id}' is not a Hugging Face model id: expected owner/name (letters, digits, '-', '_', '.'), e.g. emilyalsentzer/Bio_ClinicalBERT`,
    );
  }
  if (revision === "" || /[\s?#]|\.\./.test(revision) || revision.startsWith("/")) {
    throw new PrognosError(`--revision '${revision}' is not a branch, tag or commit name`);
  }
  const raw = endpoint ?? process.env.HF_ENDPOINT ?? DEFAULT_ENDPOINT;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new PrognosError(`--endpoint '${raw}' is not a URL (expected e.g. ${DEFAULT_ENDPOINT})`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new PrognosError(`--endpoint '${raw}': only http and https are supported`);
  }
  return { id, revision, endpoint: raw.replace(/\/+$/, "") };
}

/** `{endpoint}/{id}/resolve/{revision}/{file}`: the public URL of one file of the repository. */
export function resolveUrl(ref: HubModelRef, file: string): string {
  const path = file.split("/").map(encodeURIComponent).join("/");
  return `${ref.endpoint}/${ref.id}/resolve/${encodeURIComponent(ref.revision)}/${path}`;
}

/** `{endpoint}/api/models/{id}` (main) or `…/revision/{revision}`: the repository's description and file list. */
export function apiUrl(ref: HubModelRef): string {
  const base = `${ref.endpoint}/api/models/${ref.id}`;
  return ref.revision === "main" ? base : `${base}/revision/${encodeURIComponent(ref.revision)}`;
}
