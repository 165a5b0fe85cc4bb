import type { Graph } from "../../graph/Graph.ts";
import * as T from "../../graph/tensorOps.ts";
import type { Value } from "../../graph/Value.ts";
import type { ParamSource } from "../../nn/ParamSource.ts";

/** One direction's weights, laid out for x·W: W_ih [input, 3·hidden], W_hh [hidden, 3·hidden] (gates r, z, n). */
export interface GruWeights {
  wIh: Value;
  wHh: Value;
  bIh: Value;
  bHh: Value;
}

/**
 * `torch.nn.GRU` weights of one layer and direction named as torch names them (`${prefix}.weight_ih_l0`,
 * `weight_hh_l0`, `bias_ih_l0`, `bias_hh_l0`, with `_reverse` for the backward direction), [3·hidden, in] in torch.
 */
export function gruWeights(
  g: Graph,
  params: ParamSource,
  prefix: string,
  inputSize: number,
  hiddenSize: number,
  reverse: boolean,
): GruWeights {
  const s = reverse ? "_l0_reverse" : "_l0";
  return {
    wIh: params.linearWeight(g, `${prefix}.weight_ih${s}`, 3 * hiddenSize, inputSize),
    wHh: params.linearWeight(g, `${prefix}.weight_hh${s}`, 3 * hiddenSize, hiddenSize),
    bIh: params.param(g, `${prefix}.bias_ih${s}`, [3 * hiddenSize]),
    bHh: params.param(g, `${prefix}.bias_hh${s}`, [3 * hiddenSize]),
  };
}

const at = (v: Value, from: number, to: number) => T.slice(v, [from], [to], [v.rank - 1]);

/**
 * A GRU over `steps` time steps unrolled into graph-builder ops (so `gradients` differentiates it like any other
 * graph), equal to torch.nn.GRU on packed (unpadded) sequences:
 *   r = σ(x W_ir + b_ir + h W_hr + b_hr), z = σ(x W_iz + b_iz + h W_hz + b_hz),
 *   n = tanh(x W_in + b_in + r ⊙ (h W_hn + b_hn)), h' = (1 − z) ⊙ n + z ⊙ h, from h = 0.
 * x: [batch, steps, input]; `valid` [batch, steps] bool (true for real steps, which come first). A padded step keeps
 * h as it is (Where, so the kept value is exact): forward, the last state is the last real step's; `reverse` runs
 * from the last step to the first, so h stays 0 through the padding and then reads the real steps newest first —
 * torch's backward direction. Returns h after each step (in time order) and the final h.
 */
export function gruSteps(
  x: Value,
  valid: Value,
  w: GruWeights,
  hiddenSize: number,
  steps: number,
  reverse: boolean,
): { outputs: Value[]; last: Value } {
  const H = hiddenSize;
  const g = x.graph;
  const xi = T.add(T.matMul(x, w.wIh), w.bIh); // [batch, steps, 3H], all steps at once
  const outputs: Value[] = new Array(steps);
  let h: Value | undefined;
  for (let k = 0; k < steps; k++) {
    const t = reverse ? steps - 1 - k : k;
    const xt = T.squeeze(T.slice(xi, [t], [t + 1], [1]), [1]);
    const gh = h ? T.add(T.matMul(h, w.wHh), w.bHh) : w.bHh; // h = 0: h·W_hh vanishes
    const r = T.sigmoid(T.add(at(xt, 0, H), at(gh, 0, H)));
    const z = T.sigmoid(T.add(at(xt, H, 2 * H), at(gh, H, 2 * H)));
    const n = T.tanh(T.add(at(xt, 2 * H, 3 * H), T.mul(r, at(gh, 2 * H, 3 * H))));
    const next = h ? T.add(T.mul(T.sub(1, z), n), T.mul(z, h)) : T.mul(T.sub(1, z), n);
    const keep = T.unsqueeze(T.squeeze(T.slice(valid, [t], [t + 1], [1]), [1]), [1]);
    h = T.where(keep, next, h ?? g.scalar(0, x.dtype));
    outputs[t] = h;
  }
  return { outputs, last: h! };
}
