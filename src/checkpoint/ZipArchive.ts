import { crc32, inflateRawSync } from "node:zlib";
import { PrognosError } from "../util/errors.ts";
import type { ByteSource } from "./ByteSource.ts";

export interface ZipEntry {
  name: string;
  /** 0 = stored, 8 = deflated. */
  method: number;
  compressedSize: number;
  size: number;
  crc32: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** Deflate cannot expand data more than ~1032:1; a larger declared ratio is a lie (or a zip bomb). */
const MAX_DEFLATE_RATIO = 1100;

/**
 * A minimal read-only zip reader for torch.save archives: the central directory (ZIP64 too, for files over
 * 4 GB), stored and deflated entries, CRC-32 checked. Every offset and size is checked against the file before
 * anything is read or allocated.
 */
export class ZipArchive {
  private constructor(
    private readonly source: ByteSource,
    /** Entries by name, in central-directory order. */
    readonly entries: ReadonlyMap<string, ZipEntry>,
    private readonly centralStart: number,
  ) {}

  private static fail(source: ByteSource, msg: string): never {
    throw new PrognosError(`invalid zip archive: ${msg}`, { file: source.name });
  }

  static async open(source: ByteSource): Promise<ZipArchive> {
    const fail = (msg: string): never => ZipArchive.fail(source, msg);
    if (source.size < 22) fail(`only ${source.size} bytes, too short for a zip archive`);
    const tailLen = Math.min(source.size, 22 + 0xffff);
    const tailStart = source.size - tailLen;
    const tail = await source.read(tailStart, tailLen, "the end of the zip archive");
    const tv = view(tail);
    let at = -1;
    for (let i = tailLen - 22; i >= 0; i--) {
      if (tv.getUint32(i, true) === EOCD && i + 22 + tv.getUint16(i + 20, true) <= tailLen) {
        at = i;
        break;
      }
    }
    if (at < 0) fail("no end-of-central-directory record (truncated file?)");
    let count = tv.getUint16(at + 10, true);
    let cdSize = tv.getUint32(at + 12, true);
    let cdOffset = tv.getUint32(at + 16, true);
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      // ZIP64: a locator just before the EOCD points at the ZIP64 end-of-central-directory record.
      const locAt = tailStart + at - 20;
      if (locAt < 0) fail("ZIP64 locator missing");
      const loc = view(await source.read(locAt, 20, "the ZIP64 locator"));
      if (loc.getUint32(0, true) !== ZIP64_LOCATOR) fail("ZIP64 locator missing");
      const recAt = big(loc.getBigUint64(8, true), "ZIP64 record offset", fail);
      const rec = view(await source.read(recAt, 56, "the ZIP64 end-of-central-directory record"));
      if (rec.getUint32(0, true) !== ZIP64_EOCD) fail("bad ZIP64 end-of-central-directory signature");
      count = big(rec.getBigUint64(32, true), "entry count", fail);
      cdSize = big(rec.getBigUint64(40, true), "central directory size", fail);
      cdOffset = big(rec.getBigUint64(48, true), "central directory offset", fail);
    }
    if (cdOffset + cdSize > source.size)
      fail(`central directory (${cdOffset}+${cdSize}) runs past the end of the file`);
    if (count * 46 > cdSize) fail(`${count} entries cannot fit in a ${cdSize}-byte central directory`);
    const cd = await source.read(cdOffset, cdSize, "the central directory");
    const cv = view(cd);
    const entries = new Map<string, ZipEntry>();
    let p = 0;
    for (let k = 0; k < count; k++) {
      if (p + 46 > cdSize || cv.getUint32(p, true) !== CENTRAL) fail(`bad central directory entry #${k}`);
      const flags = cv.getUint16(p + 8, true);
      const method = cv.getUint16(p + 10, true);
      const crc = cv.getUint32(p + 16, true);
      let compressedSize = cv.getUint32(p + 20, true);
      let size = cv.getUint32(p + 24, true);
      const nameLen = cv.getUint16(p + 28, true);
      const extraLen = cv.getUint16(p + 30, true);
      const commentLen = cv.getUint16(p + 32, true);
      let localHeaderOffset = cv.getUint32(p + 42, true);
      const end = p + 46 + nameLen + extraLen + commentLen;
      if (end > cdSize) fail(`central directory entry #${k} runs past the directory`);
      const name = Buffer.from(cd.subarray(p + 46, p + 46 + nameLen)).toString(flags & 0x800 ? "utf8" : "latin1");
      // ZIP64 extended information: only the fields saturated at 0xffffffff are present, in this order.
      let e = p + 46 + nameLen;
      const extraEnd = e + extraLen;
      while (e + 4 <= extraEnd) {
        const id = cv.getUint16(e, true);
        const len = cv.getUint16(e + 2, true);
        if (e + 4 + len > extraEnd) fail(`bad extra field in entry "${name}"`);
        if (id === 0x0001) {
          let q = e + 4;
          const next = (what: string): number => {
            if (q + 8 > e + 4 + len) fail(`ZIP64 field too short in entry "${name}"`);
            const v = big(cv.getBigUint64(q, true), what, fail);
            q += 8;
            return v;
          };
          if (size === 0xffffffff) size = next("size");
          if (compressedSize === 0xffffffff) compressedSize = next("compressed size");
          if (localHeaderOffset === 0xffffffff) localHeaderOffset = next("local header offset");
        }
        e += 4 + len;
      }
      if (flags & 1) fail(`entry "${name}" is encrypted`);
      if (method !== 0 && method !== 8) fail(`entry "${name}" uses compression method ${method} (only stored/deflate)`);
      if (method === 0 && compressedSize !== size) fail(`stored entry "${name}" has mismatched sizes`);
      if (method === 8 && size > compressedSize * MAX_DEFLATE_RATIO + 1024) {
        fail(`entry "${name}" claims ${size} bytes from ${compressedSize} compressed bytes`);
      }
      if (localHeaderOffset + 30 + compressedSize > cdOffset) fail(`entry "${name}" lies outside the archive data`);
      if (entries.has(name)) fail(`duplicate entry "${name}"`);
      entries.set(name, { name, method, compressedSize, size, crc32: crc, localHeaderOffset });
      p = end;
    }
    return new ZipArchive(source, entries, cdOffset);
  }

  /** Reads an entry's bytes (inflating if deflated) and checks its CRC-32. */
  async read(entry: ZipEntry): Promise<Uint8Array> {
    const fail = (msg: string): never => ZipArchive.fail(this.source, `entry "${entry.name}": ${msg}`);
    const local = view(await this.source.read(entry.localHeaderOffset, 30, `the local header of "${entry.name}"`));
    if (local.getUint32(0, true) !== LOCAL) fail("bad local header signature");
    const dataStart = entry.localHeaderOffset + 30 + local.getUint16(26, true) + local.getUint16(28, true);
    if (dataStart + entry.compressedSize > this.centralStart) fail("data runs into the central directory");
    let data: Uint8Array;
    if (entry.method === 0) {
      data = new Uint8Array(entry.size);
      await this.source.readInto(data, dataStart, `entry "${entry.name}"`);
    } else {
      const packed = await this.source.read(dataStart, entry.compressedSize, `entry "${entry.name}"`);
      try {
        data = inflateRawSync(packed, { maxOutputLength: Math.max(1, entry.size) });
      } catch (e) {
        return fail(`cannot inflate (${(e as Error).message})`);
      }
      if (data.byteLength !== entry.size) fail(`inflated to ${data.byteLength} bytes, expected ${entry.size}`);
    }
    if (crc32(data) >>> 0 !== entry.crc32) fail("CRC-32 mismatch (the file is corrupt)");
    return data;
  }
}

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

function big(v: bigint, what: string, fail: (msg: string) => never): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) fail(`${what} ${v} is too large`);
  return Number(v);
}
