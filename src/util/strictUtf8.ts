import { PrognosError } from "./errors.ts";

/**
 * Strict UTF-8 decoding for every file Prognos reads as text (notes, task CSVs, vocabularies): invalid bytes
 * (a Latin-1 or Windows-1252 file, say) are refused with the file, line and byte offset of the first one, never
 * replaced by U+FFFD silently. A byte-order mark is kept, as Python's "utf-8" codec keeps it; callers decide.
 */
export function decodeUtf8(bytes: Uint8Array, path: string, what = "file"): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch (e) {
    throw notUtf8(bytes, firstInvalidUtf8Byte(bytes), path, what, 1, 0, e);
  }
}

/**
 * Decodes a file chunk by chunk (a sequence split across chunks is carried over), counting lines so that an
 * invalid byte is reported at its line and offset in the whole file.
 */
export class Utf8ChunkDecoder {
  private readonly decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  private line = 1;
  private offset = 0;
  private tail: Uint8Array = new Uint8Array(0);

  constructor(
    private readonly path: string,
    private readonly what = "file",
  ) {}

  decode(chunk: Uint8Array): string {
    try {
      const text = this.decoder.decode(chunk, { stream: true });
      this.advance(chunk);
      return text;
    } catch (e) {
      // The bad sequence may start in the bytes held over from the previous chunk (at most 3).
      const bytes = new Uint8Array(this.tail.length + chunk.length);
      bytes.set(this.tail);
      bytes.set(chunk, this.tail.length);
      const start = this.offset - this.tail.length;
      const line = this.line - countNewlines(this.tail);
      throw notUtf8(bytes, firstInvalidUtf8Byte(bytes), this.path, this.what, line, start, e);
    }
  }

  end(): string {
    try {
      return this.decoder.decode();
    } catch (e) {
      const start = this.offset - this.tail.length;
      const line = this.line - countNewlines(this.tail);
      throw notUtf8(this.tail, firstInvalidUtf8Byte(this.tail), this.path, this.what, line, start, e);
    }
  }

  private advance(chunk: Uint8Array): void {
    this.line += countNewlines(chunk);
    this.offset += chunk.length;
    this.tail = chunk.subarray(Math.max(0, chunk.length - 3));
  }
}

function countNewlines(b: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < b.length; i++) if (b[i] === 0x0a) n++;
  return n;
}

function notUtf8(
  bytes: Uint8Array,
  at: number,
  path: string,
  what: string,
  firstLine: number,
  firstOffset: number,
  cause: unknown,
): PrognosError {
  let line = firstLine;
  for (let i = 0; i < at && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  const byte =
    bytes[at] === undefined ? "end of file inside a character" : `0x${bytes[at].toString(16).padStart(2, "0")}`;
  return new PrognosError(
    `${what} is not valid UTF-8 (line ${line}, byte offset ${firstOffset + at}: ${byte}); ` +
      "save it as UTF-8 (a Latin-1 file: iconv -f latin1 -t utf-8)",
    { file: path, cause },
  );
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence (bytes.length if none). */
export function firstInvalidUtf8Byte(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    let need = 0;
    let min = 0;
    if (c < 0x80) {
      i++;
      continue;
    } else if (c >= 0xc2 && c <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    let cp = c & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const cc = b[i + k];
      if (cc === undefined || (cc & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return b.length;
}
