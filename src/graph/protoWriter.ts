/**
 * A minimal protobuf wire-format writer: just enough to emit ONNX ModelProto messages.
 *
 * Messages are kept as lists of byte chunks with a known total length, so large tensors (hundreds of MB of
 * weights) are copied exactly once, when the final model buffer is assembled.
 */
export class ProtoMessage {
  readonly chunks: Uint8Array[] = [];
  length = 0;

  private push(bytes: Uint8Array): void {
    this.chunks.push(bytes);
    this.length += bytes.length;
  }

  private key(field: number, wireType: number): void {
    this.push(encodeVarint(BigInt((field << 3) | wireType)));
  }

  /** int32/int64/enum/bool field (varint; negative values as 10-byte two's complement, as protobuf does). */
  int(field: number, value: number | bigint): this {
    this.key(field, 0);
    let v = BigInt(value);
    if (v < 0n) v = (1n << 64n) + v;
    this.push(encodeVarint(v));
    return this;
  }

  float(field: number, value: number): this {
    this.key(field, 5);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.push(b);
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.key(field, 2);
    this.push(encodeVarint(BigInt(value.length)));
    this.push(value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  message(field: number, value: ProtoMessage): this {
    this.key(field, 2);
    this.push(encodeVarint(BigInt(value.length)));
    for (const c of value.chunks) this.push(c);
    return this;
  }

  /** Assembles the message into one contiguous buffer. */
  finish(): Uint8Array {
    const out = new Uint8Array(this.length);
    let offset = 0;
    for (const c of this.chunks) {
      out.set(c, offset);
      offset += c.length;
    }
    return out;
  }
}

function encodeVarint(v: bigint): Uint8Array {
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) byte |= 0x80;
    out.push(byte);
  } while (v !== 0n);
  return Uint8Array.from(out);
}
