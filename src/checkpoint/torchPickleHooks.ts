import { PrognosError } from "../util/errors.ts";
import type { DType } from "./DType.ts";
import { describe, PickleDict, PickleGlobal, type PickleHooks, type PickleTuple } from "./Unpickler.ts";

/** A storage record of a torch.save archive: `archive/data/<key>`, `numel` elements of `dtype`. */
export class TorchStorageRef {
  constructor(
    readonly key: string,
    readonly dtype: DType,
    readonly numel: number,
  ) {}
}

/** A tensor of a state dict: a strided view into a storage, as torch._utils._rebuild_tensor_v2 describes it. */
export class TorchTensorRef {
  constructor(
    readonly storage: TorchStorageRef,
    readonly offset: number,
    readonly shape: number[],
    readonly stride: number[],
  ) {}
}

/** torch.*Storage classes and the element type of their data. */
export const TORCH_STORAGE_DTYPES: Readonly<Record<string, DType>> = {
  FloatStorage: "F32",
  HalfStorage: "F16",
  BFloat16Storage: "BF16",
  DoubleStorage: "F64",
  LongStorage: "I64",
  IntStorage: "I32",
  ShortStorage: "I16",
  CharStorage: "I8",
  ByteStorage: "U8",
  BoolStorage: "BOOL",
};

const FUNCTIONS = new Set([
  "collections.OrderedDict",
  "torch._utils._rebuild_tensor_v2",
  "torch._utils._rebuild_parameter",
  "torch._utils._rebuild_parameter_with_state",
  "torch.Size",
]);

/**
 * The only globals a state dict needs: OrderedDict, the tensor/parameter rebuild functions, torch.Size and the
 * typed storage classes. They are interpreted here as data constructors; nothing named in a pickle is ever called.
 */
export function torchPickleHooks(file: string): PickleHooks {
  const storages = new Map<string, TorchStorageRef>();
  const fail = (msg: string): never => {
    throw new PrognosError(msg, { file });
  };
  const int = (v: unknown, what: string): number =>
    typeof v === "number" && Number.isSafeInteger(v) && v >= 0 ? v : fail(`${what} must be a non-negative integer`);
  const ints = (v: unknown, what: string): number[] => {
    if (!Array.isArray(v)) return fail(`${what} must be a tuple of integers, got ${describe(v)}`);
    return v.map((x, i) => int(x, `${what}[${i}]`));
  };

  return {
    findGlobal(module, name) {
      const full = `${module}.${name}`;
      if (FUNCTIONS.has(full) || (module === "torch" && Object.hasOwn(TORCH_STORAGE_DTYPES, name))) {
        return new PickleGlobal(module, name);
      }
      return fail(
        `refusing to load global ${full}: a state dict may only contain tensors and containers ` +
          `(allowed: ${[...FUNCTIONS].join(", ")}, torch.*Storage). Nothing was executed.`,
      );
    },

    persistentLoad(pid) {
      // torch.save: ("storage", torch.FloatStorage, key, location, numel); the legacy (non-zip) format adds a sixth
      // item, view_metadata, which is None unless the storage is a view of another storage (never in a state dict).
      if (!Array.isArray(pid) || (pid.length !== 5 && pid.length !== 6) || pid[0] !== "storage") {
        return fail(`unsupported persistent id (${describe(pid)}); expected a torch storage record`);
      }
      const [, type, key, location, numel, view] = pid as unknown[];
      if (pid.length === 6 && view !== null) {
        return fail(`storage "${String(key)}" is a view of another storage (legacy storage views are not supported)`);
      }
      if (!(type instanceof PickleGlobal) || type.module !== "torch" || !TORCH_STORAGE_DTYPES[type.name]) {
        return fail(`storage record with type ${describe(type)}; expected a torch.*Storage class`);
      }
      if (typeof key !== "string" || typeof location !== "string") return fail("storage key/location must be strings");
      const dtype = TORCH_STORAGE_DTYPES[type.name]!;
      const n = int(numel, `size of storage "${key}"`);
      const seen = storages.get(key);
      if (seen && (seen.dtype !== dtype || seen.numel !== n)) {
        return fail(`storage "${key}" is declared twice with different types or sizes`);
      }
      const ref = seen ?? new TorchStorageRef(key, dtype, n);
      storages.set(key, ref);
      return ref;
    },

    reduce(callable: PickleGlobal, args: PickleTuple) {
      const full = callable.toString();
      switch (full) {
        case "collections.OrderedDict":
          if (args.length !== 0) fail("collections.OrderedDict called with arguments (torch never does)");
          return new PickleDict();
        case "torch.Size":
          if (args.length !== 1) fail("torch.Size takes one tuple");
          return Object.freeze(ints(args[0], "torch.Size"));
        case "torch._utils._rebuild_parameter":
        case "torch._utils._rebuild_parameter_with_state":
          // (data, requires_grad, backward_hooks[, state]): the parameter is its data.
          if (args.length < 3 || !(args[0] instanceof TorchTensorRef)) fail(`${full} needs a tensor`);
          checkNoHooks(args[2], full, fail);
          return args[0];
        case "torch._utils._rebuild_tensor_v2":
          return rebuildTensor(args, fail, int, ints);
        default:
          // Storage classes are only valid inside storage records.
          return fail(`${full} cannot be called`);
      }
    },
  };
}

function checkNoHooks(hooks: unknown, where: string, fail: (msg: string) => never): void {
  if (!(hooks instanceof PickleDict) || hooks.size > 0) fail(`${where} with backward hooks (not plain weights)`);
}

function rebuildTensor(
  args: PickleTuple,
  fail: (msg: string) => never,
  int: (v: unknown, what: string) => number,
  ints: (v: unknown, what: string) => number[],
): TorchTensorRef {
  // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
  if (args.length < 6 || args.length > 7) fail(`_rebuild_tensor_v2 takes 6 or 7 arguments, got ${args.length}`);
  const [storage, offsetArg, sizeArg, strideArg, requiresGrad, hooks] = args;
  if (!(storage instanceof TorchStorageRef)) return fail(`_rebuild_tensor_v2 on ${describe(storage)}, not a storage`);
  const offset = int(offsetArg, "storage offset");
  const shape = ints(sizeArg, "tensor size");
  const stride = ints(strideArg, "tensor stride");
  if (shape.length !== stride.length) fail(`tensor size has ${shape.length} dims but stride ${stride.length}`);
  if (typeof requiresGrad !== "boolean") fail("requires_grad must be a bool");
  checkNoHooks(hooks, "_rebuild_tensor_v2", fail);
  // The furthest element the view touches must lie inside the storage.
  let count = 1;
  let last = offset;
  for (let d = 0; d < shape.length; d++) {
    count *= shape[d]!;
    if (shape[d]! > 0) last += (shape[d]! - 1) * stride[d]!;
  }
  if (!Number.isSafeInteger(count) || !Number.isSafeInteger(last)) fail("tensor is impossibly large");
  if (count > 0 && last >= storage.numel) {
    fail(
      `tensor view (offset ${offset}, size [${shape}], stride [${stride}]) reaches element ${last} of storage "${storage.key}" with ${storage.numel}`,
    );
  }
  return new TorchTensorRef(storage, offset, shape, stride);
}
