import { test } from "node:test";
import * as T from "../../../src/graph/tensorOps.ts";
import { type GradCase, gradCheck } from "./gradCheck.ts";

// Every gradient rule against central finite differences, in float64 where ONNX Runtime's CPU kernels allow.
const f64 = "float64" as const;
const cases: GradCase[] = [
  { name: "Add (broadcast)", dtype: f64, inputs: [{ shape: [2, 3, 4] }, { shape: [4] }], build: (a, b) => T.add(a, b) },
  {
    name: "Sub (broadcast)",
    dtype: f64,
    inputs: [{ shape: [2, 1, 4] }, { shape: [3, 1] }],
    build: (a, b) => T.sub(a, b),
  },
  { name: "Mul (broadcast)", dtype: f64, inputs: [{ shape: [2, 3] }, { shape: [2, 1] }], build: (a, b) => T.mul(a, b) },
  {
    name: "Div",
    dtype: f64,
    inputs: [{ shape: [2, 3] }, { shape: [3], kind: "positive" }],
    build: (a, b) => T.div(a, b),
  },
  {
    name: "Pow (constant exponent)",
    dtype: f64,
    inputs: [{ shape: [5], kind: "positive" }],
    build: (a) => T.pow(a, 3),
  },
  { name: "Neg", dtype: f64, inputs: [{ shape: [4] }], build: (a) => T.neg(a) },
  { name: "Tanh", dtype: f64, inputs: [{ shape: [6] }], build: (a) => T.tanh(a) },
  { name: "Relu", dtype: f64, inputs: [{ shape: [6], values: [-0.7, -0.2, 0.3, 0.9, -1.1, 0.05] }], build: T.relu },
  { name: "Sqrt", dtype: f64, inputs: [{ shape: [4], kind: "positive" }], build: T.sqrt },
  { name: "Exp", dtype: f64, inputs: [{ shape: [4] }], build: T.exp },
  { name: "Log", dtype: f64, inputs: [{ shape: [4], kind: "positive" }], build: T.log },
  { name: "Sigmoid", dtype: f64, inputs: [{ shape: [5] }], build: T.sigmoid },
  { name: "Softplus (float32)", dtype: "float32", inputs: [{ shape: [5] }], build: T.softplus, tolerance: 3e-3 },
  { name: "Abs", dtype: f64, inputs: [{ shape: [4], values: [-0.5, 0.25, 0.75, -0.1] }], build: T.abs },
  // ONNX Runtime's CPU Erf kernel is float32 only: checked in float32 with a float32-sized step.
  { name: "Erf (float32)", dtype: "float32", inputs: [{ shape: [6] }], build: T.erf, tolerance: 3e-3 },
  { name: "MatMul 2-D", dtype: f64, inputs: [{ shape: [3, 4] }, { shape: [4, 2] }], build: (a, b) => T.matMul(a, b) },
  {
    name: "MatMul batched × weight",
    dtype: f64,
    inputs: [{ shape: [2, 3, 4] }, { shape: [4, 5] }],
    build: (a, b) => T.matMul(a, b),
  },
  {
    name: "MatMul batched × batched",
    dtype: f64,
    inputs: [{ shape: [2, 2, 3, 4] }, { shape: [2, 2, 4, 3] }],
    build: (a, b) => T.matMul(a, b),
  },
  {
    name: "Reshape",
    dtype: f64,
    inputs: [{ shape: [2, 6] }],
    build: (a) => T.mul(T.reshape(a, [3, -1]), T.reshape(a, [3, 4])),
  },
  { name: "Transpose", dtype: f64, inputs: [{ shape: [2, 3, 4] }], build: (a) => T.transpose(a, [2, 0, 1]) },
  {
    name: "Unsqueeze/Squeeze",
    dtype: f64,
    inputs: [{ shape: [3, 2] }],
    build: (a) => T.squeeze(T.unsqueeze(a, [0, 2]), [0]),
  },
  {
    name: "Gather (embedding, repeated ids)",
    dtype: f64,
    inputs: [{ shape: [5, 3] }, { shape: [2, 4], kind: "int", values: [0, 3, 3, 1, 4, 0, 0, 2] }],
    build: (table, ids) => T.gather(table, ids),
  },
  {
    name: "GatherElements (repeated indices)",
    dtype: f64,
    inputs: [{ shape: [3, 4] }, { shape: [3, 2], kind: "int", values: [0, 3, 1, 1, 2, 0] }],
    build: (x, idx) => T.gatherElements(x, idx, 1),
  },
  { name: "Slice", dtype: f64, inputs: [{ shape: [2, 5, 3] }], build: (a) => T.slice(a, [1], [3], [1]) },
  { name: "Softmax", dtype: f64, inputs: [{ shape: [2, 5] }], build: (a) => T.softmax(a, -1) },
  { name: "LogSoftmax", dtype: f64, inputs: [{ shape: [3, 4] }], build: (a) => T.logSoftmax(a, -1) },
  {
    name: "LayerNormalization",
    dtype: f64,
    inputs: [{ shape: [2, 3, 6] }, { shape: [6] }, { shape: [6] }],
    build: (x, s, b) => T.layerNorm(x, s, b, 1e-5),
  },
  { name: "ReduceSum", dtype: f64, inputs: [{ shape: [2, 3, 4] }], build: (a) => T.reduceSum(a, [1], false) },
  { name: "ReduceMean", dtype: f64, inputs: [{ shape: [2, 3, 4] }], build: (a) => T.reduceMean(a, [0, 2], true) },
  {
    name: "ReduceMax (one axis)",
    dtype: f64,
    inputs: [{ shape: [2, 3, 4] }],
    build: (a) => T.reduceMax(a, [1], false),
  },
  {
    name: "ReduceMax (two axes, keepdims)",
    dtype: f64,
    inputs: [{ shape: [2, 3, 4] }],
    build: (a) => T.reduceMax(a, [-1, 0], true),
  },
  {
    // Window pooling as training builds it: padded slots filled with −inf never win and get no gradient.
    name: "ReduceMax over −inf-filled masked slots",
    dtype: f64,
    inputs: [{ shape: [2, 3, 2] }],
    build: (a) => {
      const g = a.graph;
      const valid = g.constant({ dtype: "float64", shape: [2, 3, 1], data: Float64Array.of(1, 1, 0, 1, 0, 0) });
      const masked = T.where(T.greater(valid, 0.5), a, g.scalar(Number.NEGATIVE_INFINITY, "float64"));
      return T.reduceMax(masked, [1], false);
    },
  },
  {
    name: "Where",
    dtype: f64,
    inputs: [{ shape: [4] }, { shape: [4] }],
    build: (a, b) => T.where(T.greater(a, 0), T.mul(a, b), b),
  },
  {
    name: "Cast float64→float32→float64",
    dtype: f64,
    inputs: [{ shape: [3] }],
    build: (a) => T.cast(T.cast(a, "float32"), "float64"),
    step: 1e-3,
    tolerance: 1e-4,
  },
];

for (const c of cases) {
  test(`gradient of ${c.name} matches finite differences`, async () => {
    await gradCheck(c);
  });
}
