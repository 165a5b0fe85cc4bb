import { PrognosError } from "../util/errors.ts";

/** A class or function named by GLOBAL/STACK_GLOBAL that the hooks allowed. It is a name, never code. */
export class PickleGlobal {
  constructor(
    readonly module: string,
    readonly name: string,
  ) {}
  toString(): string {
    return `${this.module}.${this.name}`;
  }
}

/** A dict (or OrderedDict) from the pickle. `attrs` holds instance attributes set by BUILD (torch's `_metadata`). */
export class PickleDict extends Map<unknown, unknown> {
  readonly attrs = new Map<string, unknown>();
}

/** Tuples are frozen arrays; lists are ordinary arrays. */
export type PickleTuple = readonly unknown[];

/** What the unpickler asks of its caller: which globals exist and what REDUCE / persistent ids produce. */
export interface PickleHooks {
  /** Returns the allowed global, or throws a PrognosError refusing it. */
  findGlobal(module: string, name: string): PickleGlobal;
  /** REDUCE: applies an allowed global to its argument tuple (building data, never running code). */
  reduce(callable: PickleGlobal, args: PickleTuple): unknown;
  /** BINPERSID: resolves a persistent id (torch: a storage record). */
  persistentLoad(pid: unknown): unknown;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * A restricted unpickler: only the opcodes torch.save emits for state dicts, only the globals the hooks allow.
 * It builds plain data (numbers, strings, arrays, PickleDict) and never executes anything. Every length is
 * checked against the input, so a corrupt or hostile pickle ends in a PrognosError naming `file` and the byte
 * offset — never a hang or an allocation larger than the input.
 */
export function unpickle(bytes: Uint8Array, file: string, hooks: PickleHooks): unknown {
  return unpickleFrom(bytes, 0, file, hooks).value;
}

/**
 * Unpickles the pickle that starts at byte `start` of `bytes` and returns its value and the offset just past its
 * STOP opcode: torch's legacy format writes several pickles one after the other (src/checkpoint/legacyTorchSave.ts).
 */
export function unpickleFrom(
  bytes: Uint8Array,
  start: number,
  file: string,
  hooks: PickleHooks,
): { value: unknown; end: number } {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stack: unknown[] = [];
  const marks: number[] = [];
  const memo = new Map<number, unknown>();
  let pos = start;
  let opAt = start;

  const fail = (msg: string): never => {
    throw new PrognosError(`refusing pickle data at byte ${opAt}: ${msg}`, { file });
  };
  const need = (n: number) => {
    if (pos + n > bytes.length) fail("unexpected end of the pickle (truncated?)");
  };
  const u8 = () => {
    need(1);
    return bytes[pos++]!;
  };
  const u16 = () => {
    need(2);
    pos += 2;
    return dv.getUint16(pos - 2, true);
  };
  const u32 = () => {
    need(4);
    pos += 4;
    return dv.getUint32(pos - 4, true);
  };
  const str = (n: number, decode = true): string => {
    need(n);
    const b = bytes.subarray(pos, pos + n);
    pos += n;
    try {
      return decode ? utf8.decode(b) : Buffer.from(b).toString("latin1");
    } catch {
      return fail("string is not valid UTF-8");
    }
  };
  const line = (): string => {
    const nl = bytes.indexOf(0x0a, pos);
    if (nl < 0) fail("unterminated GLOBAL name");
    return str(nl - pos + 1, false).slice(0, -1);
  };
  // Like Python's unpickler, MARK starts a fresh region: nothing below the latest mark can be popped.
  const floor = () => (marks.length > 0 ? marks[marks.length - 1]! : 0);
  const pop = (): unknown => {
    if (stack.length <= floor()) fail("stack underflow");
    return stack.pop();
  };
  const top = (): unknown => {
    if (stack.length <= floor()) fail("stack underflow");
    return stack[stack.length - 1];
  };
  const popMark = (): unknown[] => {
    const m = marks.pop();
    if (m === undefined) return fail("no MARK on the stack");
    return stack.splice(m);
  };
  const key = (k: unknown): unknown => {
    if (typeof k === "string" || typeof k === "number" || typeof k === "bigint" || typeof k === "boolean") return k;
    if (k === null) return k;
    return fail(`unsupported dict key of type ${describe(k)}`);
  };
  const dict = (d: unknown): PickleDict => (d instanceof PickleDict ? d : fail(`SETITEM on ${describe(d)}`));
  const list = (l: unknown): unknown[] =>
    Array.isArray(l) && !Object.isFrozen(l) ? l : fail(`APPEND on ${describe(l)}`);
  const memoGet = (i: number) => (memo.has(i) ? memo.get(i) : fail(`memo entry ${i} is not set`));
  const memoPut = (i: number) => memo.set(i, top());

  for (;;) {
    opAt = pos;
    const op = u8();
    switch (op) {
      case 0x80: // PROTO
        if (u8() > 5) fail(`unsupported pickle protocol ${bytes[pos - 1]}`);
        break;
      case 0x95: // FRAME: an 8-byte length hint; the frame's opcodes simply follow
        need(8);
        pos += 8;
        break;
      case 0x2e: // STOP
        if (marks.length > 0 || stack.length !== 1) fail("malformed pickle: stack not empty at STOP");
        return { value: stack[0], end: pos };
      case 0x28: // MARK
        marks.push(stack.length);
        break;
      case 0x7d: // EMPTY_DICT
        stack.push(new PickleDict());
        break;
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x29: // EMPTY_TUPLE
        stack.push(Object.freeze([]));
        break;
      case 0x74: // TUPLE
        stack.push(Object.freeze(popMark()));
        break;
      case 0x85: // TUPLE1
      case 0x86: // TUPLE2
      case 0x87: {
        // TUPLE3
        const n = op - 0x84;
        const items: unknown[] = [];
        for (let i = 0; i < n; i++) items.unshift(pop());
        stack.push(Object.freeze(items));
        break;
      }
      case 0x61: {
        // APPEND
        const v = pop();
        list(top()).push(v);
        break;
      }
      case 0x65: {
        // APPENDS
        const items = popMark();
        const l = list(top());
        for (const v of items) l.push(v);
        break;
      }
      case 0x73: {
        // SETITEM
        const v = pop();
        const k = pop();
        dict(top()).set(key(k), v);
        break;
      }
      case 0x75: {
        // SETITEMS
        const items = popMark();
        if (items.length % 2 !== 0) fail("SETITEMS with an odd number of items");
        const d = dict(top());
        for (let i = 0; i < items.length; i += 2) d.set(key(items[i]), items[i + 1]);
        break;
      }
      case 0x58: // BINUNICODE
        stack.push(str(u32()));
        break;
      case 0x8c: // SHORT_BINUNICODE
        stack.push(str(u8()));
        break;
      case 0x4a: // BININT
        need(4);
        pos += 4;
        stack.push(dv.getInt32(pos - 4, true));
        break;
      case 0x4b: // BININT1
        stack.push(u8());
        break;
      case 0x4d: // BININT2
        stack.push(u16());
        break;
      case 0x8a: {
        // LONG1: little-endian two's complement, up to 255 bytes
        const n = u8();
        need(n);
        let v = 0n;
        for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[pos + i]!);
        if (n > 0 && bytes[pos + n - 1]! & 0x80) v -= 1n << BigInt(8 * n);
        pos += n;
        stack.push(v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v);
        break;
      }
      case 0x47: // BINFLOAT (big-endian double)
        need(8);
        pos += 8;
        stack.push(dv.getFloat64(pos - 8, false));
        break;
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88: // NEWTRUE
        stack.push(true);
        break;
      case 0x89: // NEWFALSE
        stack.push(false);
        break;
      case 0x71: // BINPUT
        memoPut(u8());
        break;
      case 0x72: // LONG_BINPUT
        memoPut(u32());
        break;
      case 0x94: // MEMOIZE
        memoPut(memo.size);
        break;
      case 0x68: // BINGET
        stack.push(memoGet(u8()));
        break;
      case 0x6a: // LONG_BINGET
        stack.push(memoGet(u32()));
        break;
      case 0x63: {
        // GLOBAL "module\nname\n"
        const module = line();
        stack.push(hooks.findGlobal(module, line()));
        break;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== "string" || typeof name !== "string") fail("STACK_GLOBAL needs two strings");
        stack.push(hooks.findGlobal(module as string, name as string));
        break;
      }
      case 0x52: {
        // REDUCE
        const args = pop();
        const callable = pop();
        if (!(callable instanceof PickleGlobal)) return fail(`REDUCE on ${describe(callable)}, not an allowed global`);
        if (!Array.isArray(args) || !Object.isFrozen(args)) return fail(`REDUCE ${callable} with non-tuple arguments`);
        stack.push(hooks.reduce(callable, args));
        break;
      }
      case 0x62: {
        // BUILD: only setting attributes of a dict (torch stores a state dict's `_metadata` this way)
        const state = pop();
        const target = top();
        if (!(target instanceof PickleDict)) return fail(`BUILD on ${describe(target)}`);
        if (!(state instanceof PickleDict)) return fail(`BUILD with ${describe(state)} state`);
        for (const [k, v] of state) {
          if (typeof k !== "string") fail("BUILD state with a non-string attribute name");
          target.attrs.set(k as string, v);
        }
        break;
      }
      case 0x51: // BINPERSID
        stack.push(hooks.persistentLoad(pop()));
        break;
      default:
        fail(
          `opcode 0x${op.toString(16).padStart(2, "0")} is not allowed (only what torch.save writes for state dicts)`,
        );
    }
  }
}

/** A short type description for error messages (never the value: it may be large). */
export function describe(v: unknown): string {
  if (v === null) return "None";
  if (v instanceof PickleGlobal) return `global ${v}`;
  if (v instanceof PickleDict) return "a dict";
  if (Array.isArray(v)) return Object.isFrozen(v) ? "a tuple" : "a list";
  if (typeof v === "object") return (v as object).constructor?.name ?? "an object";
  return typeof v;
}
