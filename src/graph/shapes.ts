import { type Dim, formatShape, type Shape } from "./types.ts";

/** Numpy-style broadcasting of two shapes; symbolic dims broadcast only against 1 or the same symbol. */
export function broadcastShapes(a: Shape, b: Shape): Dim[] {
  const rank = Math.max(a.length, b.length);
  const out: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da === db || db === 1) out.push(da);
    else if (da === 1) out.push(db);
    else throw new Error(`shapes ${formatShape(a)} and ${formatShape(b)} do not broadcast`);
  }
  return out;
}

/** Normalises a possibly negative axis against a rank. */
export function normAxis(axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(a) || a < 0 || a >= rank) throw new Error(`axis ${axis} is out of range for rank ${rank}`);
  return a;
}

/** A product of dims kept as a number times a multiset of symbols, so reshape can cancel symbolic dims. */
interface SymbolicProduct {
  num: number;
  syms: string[];
}

function product(dims: readonly Dim[]): SymbolicProduct {
  const p: SymbolicProduct = { num: 1, syms: [] };
  for (const d of dims) {
    if (typeof d === "number") p.num *= d;
    else p.syms.push(d);
  }
  return p;
}

/** ONNX Reshape semantics (allowzero = 0): 0 copies the input dim, one -1 is inferred. */
export function reshapeShape(input: Shape, target: readonly number[]): Dim[] {
  const out: (Dim | null)[] = target.map((t, i) => {
    if (t === 0) {
      if (i >= input.length) throw new Error(`reshape target ${formatShape(target)}: 0 at axis ${i} has no input dim`);
      return input[i]!;
    }
    if (t === -1) return null;
    if (!Number.isInteger(t) || t < 0) throw new Error(`reshape target ${formatShape(target)} has invalid dim ${t}`);
    return t;
  });
  const unknown = out.filter((d) => d === null).length;
  if (unknown > 1) throw new Error(`reshape target ${formatShape(target)} has more than one -1`);
  const total = product(input);
  const known = product(out.filter((d): d is Dim => d !== null));
  const syms = [...total.syms];
  for (const s of known.syms) {
    const k = syms.indexOf(s);
    if (k < 0) throw new Error(`cannot reshape ${formatShape(input)} to ${formatShape(target)}: symbol ${s}`);
    syms.splice(k, 1);
  }
  if (unknown === 0) {
    if (syms.length > 0 || total.num !== known.num) {
      throw new Error(`cannot reshape ${formatShape(input)} to ${formatShape(target)}`);
    }
    return out as Dim[];
  }
  if (total.num % known.num !== 0) {
    throw new Error(`cannot reshape ${formatShape(input)} to ${formatShape(target)}: ${total.num} % ${known.num}`);
  }
  const rest = total.num / known.num;
  const inferred: Dim = syms.length === 0 ? rest : [...(rest === 1 ? [] : [String(rest)]), ...syms].join("*");
  return out.map((d) => (d === null ? inferred : d));
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
