import { PrognosError } from "../util/errors.ts";
import { strictJsonParse } from "../util/strictJsonParse.ts";
import type { ByteSource } from "./ByteSource.ts";
import { DTYPE_SIZES, type DType, isDType } from "./DType.ts";

/** The reference implementation refuses headers over 100 MB; so do we, before allocating anything. */
export const MAX_SAFETENSORS_HEADER_BYTES = 100_000_000;

export interface SafetensorsEntry {
  name: string;
  dtype: DType;
  shape: number[];
  /** Byte range relative to the start of the data section. */
  begin: number;
  end: number;
}

export interface SafetensorsHeader {
  /** Absolute offset of the data section: 8 + header length. */
  dataStart: number;
  /** Tensors in header order. */
  entries: SafetensorsEntry[];
  metadata: Record<string, string>;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Reads and validates a safetensors header as strictly as the reference implementation: the 8-byte little-endian
 * length is within the file and ≤ 100 MB; the header is UTF-8 JSON starting with '{', an object without duplicate
 * keys; every tensor has a known dtype, a shape of non-negative integers and `data_offsets` whose length is
 * product(shape)·dtype size; the tensors tile the data section exactly (no overlap, no gap, nothing after);
 * `__metadata__` maps strings to strings.
 */
export async function readSafetensorsHeader(source: ByteSource): Promise<SafetensorsHeader> {
  const file = source.name;
  const fail = (msg: string): never => {
    throw new PrognosError(`invalid safetensors file: ${msg}`, { file });
  };
  if (source.size < 8) fail(`only ${source.size} bytes, too short for the 8-byte header length`);
  const lenBytes = await source.read(0, 8, "the header length");
  const n64 = new DataView(lenBytes.buffer, lenBytes.byteOffset, 8).getBigUint64(0, true);
  if (n64 > BigInt(MAX_SAFETENSORS_HEADER_BYTES)) {
    fail(`header length ${n64} is larger than the maximum ${MAX_SAFETENSORS_HEADER_BYTES} bytes`);
  }
  const n = Number(n64);
  if (8 + n > source.size) fail(`header length ${n} runs past the end of the ${source.size}-byte file`);
  if (n < 2) fail(`header length ${n} is too small for a JSON object`);
  const headerBytes = await source.read(8, n, "the header");
  let text = "";
  try {
    text = utf8.decode(headerBytes);
  } catch {
    fail("the header is not valid UTF-8");
  }
  if (text[0] !== "{") fail("the header does not start with '{'");
  const json = strictJsonParse(text, `${file} (safetensors header)`);
  if (typeof json !== "object" || json === null || Array.isArray(json)) fail("the header is not a JSON object");

  const dataStart = 8 + n;
  const dataSize = source.size - dataStart;
  const entries: SafetensorsEntry[] = [];
  let metadata: Record<string, string> = {};
  for (const [name, info] of Object.entries(json as Record<string, unknown>)) {
    if (name === "__metadata__") {
      metadata = parseMetadata(info, fail);
      continue;
    }
    entries.push(parseEntry(name, info, dataSize, fail));
  }

  // The tensors must tile [0, dataSize) exactly, like the reference's validation.
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let pos = 0;
  for (const e of sorted) {
    if (e.begin < pos) fail(`tensor "${e.name}" (bytes ${e.begin}..${e.end}) overlaps another tensor`);
    if (e.begin > pos) fail(`gap in the data section before tensor "${e.name}" (bytes ${pos}..${e.begin} unused)`);
    pos = e.end;
  }
  if (pos !== dataSize) {
    fail(`the tensors cover ${pos} bytes of data but the data section has ${dataSize} bytes`);
  }
  return { dataStart, entries, metadata };
}

function parseMetadata(info: unknown, fail: (msg: string) => never): Record<string, string> {
  if (typeof info !== "object" || info === null || Array.isArray(info)) {
    return fail("__metadata__ must be an object mapping strings to strings");
  }
  for (const [k, v] of Object.entries(info)) {
    if (typeof v !== "string") fail(`__metadata__["${k}"] must be a string, got ${JSON.stringify(v)}`);
  }
  return info as Record<string, string>;
}

function parseEntry(name: string, info: unknown, dataSize: number, fail: (msg: string) => never): SafetensorsEntry {
  const at = `tensor "${name}"`;
  if (typeof info !== "object" || info === null || Array.isArray(info)) return fail(`${at} is not an object`);
  const { dtype, shape, data_offsets, ...rest } = info as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) fail(`${at} has unknown field(s) ${unknown.join(", ")}`);
  if (!isDType(dtype)) {
    return fail(`${at} has unknown dtype ${JSON.stringify(dtype)} (known: ${Object.keys(DTYPE_SIZES).join(", ")})`);
  }
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    return fail(`${at} has shape ${JSON.stringify(shape)}; expected an array of non-negative integers`);
  }
  let count = 1;
  for (const d of shape as number[]) {
    count *= d;
    if (!Number.isSafeInteger(count)) fail(`${at} has an impossibly large shape ${JSON.stringify(shape)}`);
  }
  if (
    !Array.isArray(data_offsets) ||
    data_offsets.length !== 2 ||
    !data_offsets.every((o) => Number.isSafeInteger(o) && o >= 0)
  ) {
    return fail(`${at} has data_offsets ${JSON.stringify(data_offsets)}; expected [begin, end] non-negative integers`);
  }
  const [begin, end] = data_offsets as [number, number];
  if (begin > end) fail(`${at} has data_offsets [${begin}, ${end}] with begin after end`);
  if (end > dataSize)
    fail(`${at} has data_offsets [${begin}, ${end}] past the end of the ${dataSize}-byte data section`);
  const expected = count * DTYPE_SIZES[dtype];
  if (end - begin !== expected) {
    fail(
      `${at} (${dtype}, shape ${JSON.stringify(shape)}) should take ${expected} bytes but data_offsets [${begin}, ${end}] span ${end - begin}`,
    );
  }
  return { name, dtype, shape: shape as number[], begin, end };
}
