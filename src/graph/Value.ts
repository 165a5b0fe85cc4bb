import type { Graph } from "./Graph.ts";
import { type DType, formatShape, type Shape } from "./types.ts";

/** A symbolic tensor in a graph under construction: a name, an element type and a (possibly symbolic) shape. */
export class Value {
  constructor(
    readonly graph: Graph,
    /** Mutable only through Graph.output, which may rename an op's result to its public output name. */
    public name: string,
    readonly dtype: DType,
    readonly shape: Shape,
  ) {}

  get rank(): number {
    return this.shape.length;
  }

  toString(): string {
    return `${this.name}: ${this.dtype}${formatShape(this.shape)}`;
  }
}
