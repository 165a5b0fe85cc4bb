/**
 * A user-facing error: bad input, a missing file, an unsupported setting. The CLI prints its message
 * (no stack trace) and exits non-zero. Messages name the file, line or argument at fault.
 */
export class PrognosError extends Error {
  override name = "PrognosError";
  /** The file the error is about, when there is one. */
  readonly file?: string;

  constructor(message: string, options?: { file?: string; cause?: unknown }) {
    super(options?.file ? `${options.file}: ${message}` : message, { cause: options?.cause });
    this.file = options?.file;
  }
}

export function isPrognosError(e: unknown): e is PrognosError {
  return e instanceof PrognosError;
}
