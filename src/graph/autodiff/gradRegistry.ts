import type { Node } from "../Graph.ts";
import type { Value } from "../Value.ts";

/**
 * A vector-Jacobian product: given the gradients flowing into a node's outputs (undefined where an output does
 * not reach the loss), returns one gradient per input (undefined where an input is not differentiable, e.g.
 * indices). Rules are written with registered ops, so the backward pass is itself an ordinary graph.
 */
export type GradRule = (node: Node, dOutputs: readonly (Value | undefined)[]) => (Value | undefined)[];

const rules = new Map<string, GradRule>();

export function defineGrad(type: string, rule: GradRule): void {
  if (rules.has(type)) throw new Error(`gradient of ${type} is already defined`);
  rules.set(type, rule);
}

export function getGrad(type: string): GradRule | undefined {
  return rules.get(type);
}

/** Ops whose outputs carry no gradient at all (shapes, comparisons, constants). */
export const NON_DIFFERENTIABLE = new Set(["Shape", "Greater", "Less", "Equal", "ConstantOfShape", "Sign"]);

export function differentiableOps(): string[] {
  return [...rules.keys()].sort();
}
