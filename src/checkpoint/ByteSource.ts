import { type FileHandle, open } from "node:fs/promises";
import { PrognosError } from "../util/errors.ts";

/**
 * Random-access bytes of one weight file: an open file (read range by range, so a multi-gigabyte checkpoint is
 * never loaded into one Buffer) or bytes already in memory (tests, fuzzing). Every read is bounds-checked and
 * fails with a PrognosError naming the file, so a truncated file can never cause an over-read or a huge allocation.
 */
export class ByteSource {
  private constructor(
    /** The file name used in error messages. */
    readonly name: string,
    readonly size: number,
    private readonly bytes: Uint8Array | undefined,
    private handle: FileHandle | undefined,
  ) {}

  static fromBytes(bytes: Uint8Array, name: string): ByteSource {
    return new ByteSource(name, bytes.byteLength, bytes, undefined);
  }

  static async open(path: string): Promise<ByteSource> {
    let handle: FileHandle;
    try {
      handle = await open(path, "r");
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why = code === "ENOENT" ? "file not found" : code === "EACCES" ? "permission denied" : String(e);
      throw new PrognosError(why, { file: path, cause: e });
    }
    const stat = await handle.stat();
    if (!stat.isFile()) {
      await handle.close();
      throw new PrognosError("not a regular file", { file: path });
    }
    return new ByteSource(path, stat.size, undefined, handle);
  }

  private check(offset: number, length: number, what: string): void {
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0) {
      throw new PrognosError(`invalid byte range for ${what}: offset ${offset}, length ${length}`, { file: this.name });
    }
    if (offset + length > this.size) {
      throw new PrognosError(
        `file is truncated or corrupt: ${what} needs bytes ${offset}..${offset + length} but the file has ${this.size} bytes`,
        { file: this.name },
      );
    }
  }

  /**
   * Reads `length` bytes at `offset`. For in-memory sources the result is a view (no copy): do not modify it.
   * `what` names the thing being read, for the error message.
   */
  async read(offset: number, length: number, what: string): Promise<Uint8Array> {
    this.check(offset, length, what);
    if (this.bytes) return this.bytes.subarray(offset, offset + length);
    const out = new Uint8Array(length);
    await this.fill(out, offset, what);
    return out;
  }

  /** Reads `target.byteLength` bytes at `offset` into `target` (e.g. straight into a Float32Array's memory). */
  async readInto(target: Uint8Array, offset: number, what: string): Promise<void> {
    this.check(offset, target.byteLength, what);
    if (this.bytes) target.set(this.bytes.subarray(offset, offset + target.byteLength));
    else await this.fill(target, offset, what);
  }

  private async fill(target: Uint8Array, offset: number, what: string): Promise<void> {
    if (!this.handle) throw new PrognosError(`read after close (${what})`, { file: this.name });
    let done = 0;
    while (done < target.byteLength) {
      // Reads of at most 1 GiB at a time: the OS may cap a single read below the 2 GiB mark.
      const chunk = Math.min(target.byteLength - done, 1 << 30);
      const { bytesRead } = await this.handle.read(target, done, chunk, offset + done);
      if (bytesRead === 0) {
        throw new PrognosError(`unexpected end of file while reading ${what} (the file shrank while being read?)`, {
          file: this.name,
        });
      }
      done += bytesRead;
    }
  }

  async close(): Promise<void> {
    const h = this.handle;
    this.handle = undefined;
    await h?.close();
  }
}
