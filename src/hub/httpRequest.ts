import { PrognosError } from "../util/errors.ts";

/** How long to wait for a response's headers, and for each chunk of a body, before giving up. */
export const HTTP_TIMEOUT_MS = 60_000;

const NETWORK_CAUSES: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ENOTFOUND: "host not found (no DNS: offline?)",
  EAI_AGAIN: "DNS lookup failed (offline?)",
  ECONNRESET: "connection reset",
  ETIMEDOUT: "connection timed out",
  ENETUNREACH: "network unreachable (offline?)",
  EHOSTUNREACH: "host unreachable",
  UND_ERR_SOCKET: "connection closed by the server",
  UND_ERR_CONNECT_TIMEOUT: "connection timed out",
  UND_ERR_HEADERS_TIMEOUT: "no response in time",
  UND_ERR_BODY_TIMEOUT: "the transfer stalled",
  CERT_HAS_EXPIRED: "the server's certificate has expired",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the server's certificate cannot be verified",
};

/** The cause of a failed fetch() in words, with its code: "connection refused (ECONNREFUSED)". */
export function networkCause(e: unknown): string {
  let c: unknown = e;
  for (let i = 0; i < 4 && c; i++) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === "string") return `${NETWORK_CAUSES[code] ?? (c as Error).message ?? code} (${code})`;
    if ((c as Error).name === "TimeoutError" || (c as Error).name === "AbortError") return "no response in time";
    c = (c as { cause?: unknown }).cause;
  }
  return e instanceof Error ? e.message : String(e);
}

/** One line for an HTTP failure: the URL, the status, and what it likely means on the hub. */
export function httpStatusError(url: string, status: number, statusText: string, what: string): PrognosError {
  const meaning =
    status === 404
      ? `not found: ${what}`
      : status === 401 || status === 403
        ? `access denied: ${what} does not exist, or is private or gated (the hub answers 401 for all three; fetch-model sends no token)`
        : status === 416
          ? "the server refused the byte range asked for"
          : status === 429
            ? "too many requests: wait and run the command again (it resumes)"
            : status >= 500
              ? "server error: try again later (the command resumes where it stopped)"
              : `unexpected answer for ${what}`;
  return new PrognosError(`${url}: HTTP ${status}${statusText ? ` ${statusText}` : ""}: ${meaning}`);
}

/**
 * fetch() with a time limit on the headers, whose network failures become one PrognosError naming the URL and
 * the cause. HTTP error statuses are returned, not thrown: callers decide what a 404 means.
 */
export async function httpRequest(url: string, init: RequestInit = {}): Promise<Response> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), HTTP_TIMEOUT_MS);
  try {
    return await fetch(url, { ...init, signal: controller.signal });
  } catch (e) {
    throw new PrognosError(`cannot reach ${url}: ${networkCause(e)}`, { cause: e });
  } finally {
    clearTimeout(timer);
  }
}
