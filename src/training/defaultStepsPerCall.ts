/**
 * Optimizer steps per ONNX Runtime call that `prognos train` uses by default (RunConfig.stepsPerCall): parameters and
 * AdamW moments come back to JS once per call instead of once per step (docs/engine.md, "Several steps per call";
 * measured in docs/benchmarks.md, "Training step"). `prognos pretrain` defaults to 1 (PretrainConfig.ts says why).
 */
export const DEFAULT_STEPS_PER_CALL = 8;
