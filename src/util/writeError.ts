import { PrognosError } from "./errors.ts";

/** The error Node gives for a failed system call (open, write, mkdir, rename…): an errno code, often a path. */
export interface SystemError extends Error {
  code: string;
  syscall: string;
  path?: string;
  dest?: string;
}

export function isSystemError(e: unknown): e is SystemError {
  return (
    e instanceof Error &&
    typeof (e as Partial<SystemError>).code === "string" &&
    typeof (e as Partial<SystemError>).syscall === "string"
  );
}

/**
 * Errors that come from the machine, not from Prognos: disk full, quota, read-only file system, permissions, I/O.
 * The CLI reports them as user errors (one line naming the file, exit 1) wherever they happen.
 */
export const ENVIRONMENT_ERROR_CODES: ReadonlySet<string> = new Set([
  "ENOSPC",
  "EDQUOT",
  "EROFS",
  "EACCES",
  "EPERM",
  "EIO",
  "EFBIG",
  "EMFILE",
  "ENFILE",
]);

const READ_CALLS: ReadonlySet<string> = new Set(["read", "stat", "lstat", "fstat", "scandir", "readlink", "access"]);

/** "no space left on device (ENOSPC)" for a system error; the message for anything else. */
export function systemErrorText(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const code = (e as Partial<SystemError>).code;
  const m = /^([A-Z0-9]+): ([^,]+)/.exec(e.message);
  if (typeof code === "string" && m && m[1] === code) return `${m[2]} (${code})`;
  return e.message.split("\n")[0]!;
}

/**
 * A failed write as a PrognosError naming the file: a system error (disk full, no permission, a folder removed
 * while running) or DuckDB's I/O error (COPY … TO). A PrognosError, or any other error (a bug), is returned
 * unchanged. Use as `catch (e) { throw writeError(e, path) }` around the code that writes `path`.
 */
export function writeError(e: unknown, path: string): unknown {
  if (e instanceof PrognosError) return e;
  if (isSystemError(e)) {
    const verb = READ_CALLS.has(e.syscall) ? "read" : "write";
    return new PrognosError(`cannot ${verb}: ${systemErrorText(e)}`, { file: e.path ?? path, cause: e });
  }
  if (e instanceof Error && /^IO Error: /.test(e.message)) {
    // DuckDB's words for a full disk, said as for Node's ENOSPC: one message for one cause.
    if (/No space left on device/i.test(e.message))
      return new PrognosError("cannot write: no space left on device (ENOSPC)", { file: path, cause: e });
    return new PrognosError(`cannot write: ${e.message.split("\n")[0]!.replace(/^IO Error: /, "")}`, {
      file: path,
      cause: e,
    });
  }
  return e;
}

/** Runs `write` (synchronous code writing `path`); what it throws goes through writeError. */
export function writing<T>(path: string, write: () => T): T {
  try {
    return write();
  } catch (e) {
    throw writeError(e, path);
  }
}
