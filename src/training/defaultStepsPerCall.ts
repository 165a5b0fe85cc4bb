/**
 * Optimizer steps per ONNX Runtime call that `prognos train` and `prognos pretrain` use by default
 * (RunConfig.stepsPerCall, PretrainConfig.stepsPerCall): parameters and AdamW moments come back to JS once per call
 * instead of once per step (docs/engine.md, "Several steps per call"; measured in docs/benchmarks.md, "Training
 * step" and "Pre-training step").
 */
export const DEFAULT_STEPS_PER_CALL = 8;
