import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { test } from "node:test";
import { TorchTensorRef, torchPickleHooks } from "../../src/checkpoint/torchPickleHooks.ts";
import { PickleDict, unpickle } from "../../src/checkpoint/Unpickler.ts";
import { PickleBuilder, rejectsWith, stateDictPickle } from "./support.ts";

const load = async (bytes: Uint8Array) => unpickle(bytes, "x.pkl", torchPickleHooks("x.bin"));
const b = (...bytes: number[]) => Uint8Array.from(bytes);
const text = (s: string) => Uint8Array.from(Buffer.from(s, "latin1"));

test("the classic exploits are refused by name, before anything could run", async () => {
  const cases: Array<[string, Uint8Array, RegExp]> = [
    [
      "os.system via GLOBAL (protocol 0 text)",
      text("cos\nsystem\n(S'touch /tmp/prognos-pwned'\ntR."),
      /refusing to load global os\.system/,
    ],
    [
      "posix.system via GLOBAL",
      new PickleBuilder().proto().global("posix", "system").str("id").raw(0x85).reduce().raw(0x2e).bytes(),
      /refusing to load global posix\.system/,
    ],
    [
      "builtins.eval via STACK_GLOBAL",
      new PickleBuilder().proto(4).str("builtins").str("eval").raw(0x93).bytes(),
      /refusing to load global builtins\.eval/,
    ],
    [
      "builtins.getattr",
      new PickleBuilder().proto().global("builtins", "getattr").bytes(),
      /refusing to load global builtins\.getattr/,
    ],
    [
      "subprocess.Popen",
      new PickleBuilder().proto().global("subprocess", "Popen").bytes(),
      /refusing to load global subprocess\.Popen/,
    ],
    [
      "torch.load itself",
      new PickleBuilder().proto().global("torch", "load").bytes(),
      /refusing to load global torch\.load/,
    ],
    [
      "a lookalike module",
      new PickleBuilder().proto().global("torch._utils.evil", "_rebuild_tensor_v2").bytes(),
      /refusing/,
    ],
    [
      "calling a storage class",
      new PickleBuilder().proto().global("torch", "FloatStorage").emptyTuple().reduce().raw(0x2e).bytes(),
      /torch\.FloatStorage cannot be called/,
    ],
    [
      "OrderedDict with arguments",
      new PickleBuilder().proto().global("collections", "OrderedDict").mark().int(1).tuple().reduce().raw(0x2e).bytes(),
      /called with arguments/,
    ],
  ];
  for (const [what, bytes, pattern] of cases) {
    await rejectsWith(() => load(bytes), /^x\.bin: /, pattern, /Nothing was executed|cannot be called|arguments/).catch(
      (e) => assert.fail(`${what}: ${e.message}`),
    );
  }
  assert.equal(existsSync("/tmp/prognos-pwned"), false);
});

test("opcodes outside what torch.save writes are refused, naming the opcode and offset", async () => {
  const cases: Array<[string, Uint8Array, RegExp]> = [
    ["INST", text("(ios\nsystem\nS'id'\n."), /byte 1: opcode 0x69 is not allowed/],
    ["OBJ", b(0x80, 2, 0x28, 0x6f, 0x2e), /opcode 0x6f is not allowed/],
    ["NEWOBJ", b(0x80, 2, 0x81), /opcode 0x81 is not allowed/],
    ["EXT1", b(0x80, 2, 0x82, 1), /opcode 0x82 is not allowed/],
    ["PERSID (text)", text("P0\n."), /byte 0: opcode 0x50 is not allowed/],
    ["protocol 6", b(0x80, 6), /unsupported pickle protocol 6/],
    [
      "REDUCE on a string",
      new PickleBuilder().proto().str("os.system").emptyTuple().reduce().bytes(),
      /REDUCE on string, not an allowed global/,
    ],
    [
      "REDUCE with a list",
      new PickleBuilder().proto().global("collections", "OrderedDict").raw(0x5d).reduce().bytes(),
      /non-tuple arguments/,
    ],
    ["BUILD on a list", b(0x80, 2, 0x5d, 0x7d, 0x62), /BUILD on a list/],
    [
      "SETITEM on a list",
      new PickleBuilder().proto().raw(0x5d).str("k").str("v").raw(0x73).bytes(),
      /SETITEM on a list/,
    ],
    ["APPEND on a tuple", b(0x80, 2, 0x29, 0x4e, 0x61), /APPEND on a tuple/],
    ["dict key that is a list", b(0x80, 2, 0x7d, 0x5d, 0x4e, 0x73), /unsupported dict key of type a list/],
    ["BINGET of an unset memo", b(0x80, 2, 0x68, 7), /memo entry 7 is not set/],
    ["stack underflow", b(0x80, 2, 0x73), /stack underflow/],
    ["pop through a MARK", b(0x80, 2, 0x4e, 0x28, 0x85), /stack underflow/],
    ["TUPLE without MARK", b(0x80, 2, 0x74), /no MARK on the stack/],
    ["STOP with two values", b(0x80, 2, 0x4e, 0x4e, 0x2e), /stack not empty at STOP/],
    ["no STOP", b(0x80, 2, 0x4e), /unexpected end of the pickle/],
    ["string longer than the input", b(0x80, 2, 0x58, 0xff, 0xff, 0xff, 0xff, 0x41), /unexpected end of the pickle/],
    ["invalid UTF-8", b(0x80, 2, 0x8c, 2, 0xc3, 0x28, 0x2e), /not valid UTF-8/],
    ["unterminated GLOBAL", text("cos"), /unterminated GLOBAL name/],
    [
      "persistent id that is not a storage",
      new PickleBuilder().proto().str("x").raw(0x51).bytes(),
      /unsupported persistent id/,
    ],
    [
      "storage record with a foreign type",
      new PickleBuilder()
        .proto()
        .mark()
        .str("storage")
        .global("collections", "OrderedDict")
        .str("0")
        .str("cpu")
        .int(1)
        .tuple()
        .raw(0x51)
        .bytes(),
      /expected a torch\.\*Storage class/,
    ],
  ];
  for (const [what, bytes, pattern] of cases) {
    await rejectsWith(() => load(bytes), /x\.pkl|x\.bin/, pattern).catch((e) => assert.fail(`${what}: ${e.message}`));
  }
});

test("a torch state dict: OrderedDict with _metadata via BUILD, tensors, parameters, memo, frames", async () => {
  const p = new PickleBuilder().proto(4).raw(0x95, 0, 0, 0, 0, 0, 0, 0, 0).ordereddict().raw(0x94).mark();
  p.str("a").tensor("0", "HalfStorage", 6, 2, [2, 2], [1, 2]).raw(0x94);
  p.str("b").global("torch._utils", "_rebuild_parameter").mark().raw(0x68, 1).raw(0x88).ordereddict().tuple().reduce();
  p.str("c").raw(0x68, 1);
  p.raw(0x75);
  p.raw(0x7d).str("_metadata").raw(0x7d).str("").raw(0x7d).str("version").int(1).raw(0x73, 0x73, 0x73).raw(0x62, 0x2e);
  const root = (await load(p.bytes())) as PickleDict;
  assert.ok(root instanceof PickleDict);
  assert.deepEqual([...root.keys()], ["a", "b", "c"]);
  const a = root.get("a") as TorchTensorRef;
  assert.ok(a instanceof TorchTensorRef);
  assert.deepEqual([a.storage.key, a.storage.dtype, a.offset, a.shape, a.stride], ["0", "F16", 2, [2, 2], [1, 2]]);
  assert.equal(root.get("b"), a, "_rebuild_parameter yields the tensor");
  assert.equal(root.get("c"), a, "memoized objects are shared, not copied");
  assert.deepEqual([...((root.attrs.get("_metadata") as PickleDict).get("") as PickleDict)], [["version", 1]]);
});

test("numbers: BININT, BININT1/2, LONG1 (small and big), BINFLOAT, booleans, None", async () => {
  const p = new PickleBuilder().proto().raw(0x5d).mark();
  p.int(-5).raw(0x4b, 200).raw(0x4d, 0x34, 0x12).raw(0x8a, 2, 0xff, 0x7f).raw(0x8a, 1, 0xff);
  p.raw(0x8a, 9, 0, 0, 0, 0, 0, 0, 0, 0, 1).raw(0x47, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0).raw(0x88, 0x89, 0x4e);
  p.raw(0x65, 0x2e);
  assert.deepEqual(await load(p.bytes()), [-5, 200, 0x1234, 0x7fff, -1, 1n << 64n, 1.5, true, false, null]);
});

test("state dict pickles built by the test helper round-trip", async () => {
  const root = (await load(
    stateDictPickle([["w", (p) => p.tensor("k", "FloatStorage", 4, 0, [4], [1])]]),
  )) as PickleDict;
  assert.equal((root.get("w") as TorchTensorRef).storage.numel, 4);
});
