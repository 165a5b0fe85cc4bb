import { PrognosError } from "../util/errors.ts";
import { FLOAT_DTYPES } from "./DType.ts";
import type { BertWeightPlan } from "./planBertWeights.ts";
import type { TensorFile } from "./TensorFile.ts";

const quote = (names: string[]) => `[${names.map((n) => `'${n}'`).join(", ")}]`;

/**
 * Checks that every weight the plan uses is floating point, and words the plan as Hugging Face's loader
 * would: unused and missing weights, legacy renames, dtype conversions. `where` names the checkpoint. `int8`: the
 * folder is quantized (docs/quantization.md), so I8 weights are allowed (they are read with their scales).
 */
export function describeWeightPlan(plan: BertWeightPlan, file: TensorFile, where: string, int8 = false): string[] {
  const warnings: string[] = [];
  const converted = new Map<string, number>();
  for (const name of [...plan.encoder.values(), ...plan.heads.values()]) {
    const t = file.tensors.get(name)!;
    if (int8 && t.dtype === "I8") continue;
    if (!FLOAT_DTYPES.has(t.dtype)) {
      throw new PrognosError(`weight "${name}" has dtype ${t.dtype}; weights must be F32, F16, BF16 or F64`, {
        file: file.file,
      });
    }
    if (t.dtype !== "F32") converted.set(t.dtype, (converted.get(t.dtype) ?? 0) + 1);
  }
  for (const [dtype, n] of converted) {
    warnings.push(`${file.file}: converted ${n} ${dtype} tensor${n === 1 ? "" : "s"} to float32`);
  }
  if (plan.renamed.length > 0) {
    const [from, to] = plan.renamed[0]!;
    warnings.push(
      `${file.file}: renamed ${plan.renamed.length} legacy weight name${plan.renamed.length === 1 ? "" : "s"} as Hugging Face does (e.g. ${from} → ${to})`,
    );
  }
  if (plan.unexpected.length > 0) {
    const heads = plan.heads.size > 0 ? ` (${plan.heads.size} head weights kept for fine-tuning)` : "";
    warnings.push(
      `Some weights of the model checkpoint at ${where} were not used when initializing BertModel: ${quote(plan.unexpected)}${heads}`,
    );
  }
  if (plan.missing.length > 0) {
    warnings.push(
      `Some weights of BertModel were not initialized from the model checkpoint at ${where}: ${quote(plan.missing)} ` +
        "(Hugging Face would initialize them randomly; Prognos leaves them out)",
    );
  }
  return warnings;
}
