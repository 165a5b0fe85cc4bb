import type { BertConfig } from "../checkpoint/BertConfig.ts";
import type { Int8Form } from "../models/layers/int8Linear.ts";
import { PrognosError } from "../util/errors.ts";

/** The config.json key that marks a quantized model folder (docs/quantization.md). */
export const QUANTIZATION_KEY = "prognos_quantization";

/** What `prognos quantize` measured before it wrote the folder. */
export interface AccuracyCheck {
  /** "task:<dir> split val" or "bundled notes". */
  on: string;
  notes: number;
  maxProbabilityChange: number;
  /** Macro AUROC of the fp32 and the int8 model, and int8 − fp32 (with --task only). */
  aurocFp32?: number;
  aurocInt8?: number;
  aurocChange?: number;
  /** The fp32 model's predictions barely vary (docs/learning-checks.md): its AUROC ranks float noise. */
  fp32Collapsed?: { spread: number; threshold: number };
  forced?: boolean;
}

/** config.json's `prognos_quantization` in a folder written by `prognos quantize`. */
export interface QuantizationInfo {
  method: "dynamic-int8";
  /** "int8 per output channel, symmetric: scale = max|w| / 63" (7-bit weights; "/ 127" in folders written before 2026-12-07). */
  weights: string;
  /** The fp32 folder it was made from. */
  source: string;
  check: AccuracyCheck;
}

/**
 * The ONNX form Prognos writes int8 Linears in: bench/int8 measured the fused com.microsoft op and the standard
 * DynamicQuantizeLinear + MatMulInteger chain equally fast here (ONNX Runtime fuses the chain into the same kernel),
 * so the standard ops win: any ONNX runtime, onnxruntime-web included, can run the graph.
 */
export const DEFAULT_INT8_FORM: Int8Form = "integer";

/** The folder's quantization, or undefined for an fp32 folder. A malformed entry is a PrognosError. */
export function quantizationOf(config: BertConfig, file = "config.json"): QuantizationInfo | undefined {
  const q = config.extra[QUANTIZATION_KEY];
  if (q === undefined) return undefined;
  if (typeof q !== "object" || q === null || (q as { method?: unknown }).method !== "dynamic-int8") {
    throw new PrognosError(`${QUANTIZATION_KEY} must be an object with method "dynamic-int8"`, { file });
  }
  return q as QuantizationInfo;
}

/** The int8 form a model's graph is built in: a quantized folder's, or `--int8` asked for on an fp32 one. */
export function int8FormFor(config: BertConfig, int8Wanted = false): Int8Form | undefined {
  return int8Wanted || quantizationOf(config) ? DEFAULT_INT8_FORM : undefined;
}
