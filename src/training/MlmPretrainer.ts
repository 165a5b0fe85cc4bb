import type { Checkpoint } from "../checkpoint/Checkpoint.ts";
import type { Engine } from "../engine/Engine.ts";
import { toOnnx } from "../graph/onnxWriter.ts";
import type { TensorData } from "../graph/types.ts";
import { architectureOf } from "../models/bert/BertEncoderModel.ts";
import { scheduledLr } from "../nn/lrSchedule.ts";
import { ADAM_BETA1, ADAM_BETA2 } from "../nn/optimizerGraph.ts";
import { PrognosError } from "../util/errors.ts";
import { SeededRandom } from "../util/SeededRandom.ts";
import { buildMlmStep } from "./buildMlmStep.ts";
import { TrainState } from "./TrainState.ts";

export interface MlmArgs {
  steps: number;
  batchSize: number;
  lr: number;
  warmupSteps: number;
  weightDecay: number;
  seed: number;
  /** Share of (non-special) tokens chosen for prediction; BERT's 15%. */
  maskRate: number;
  dropout: number;
}

/** Token ids BERT's masking must know: specials are never chosen; [MASK] replaces 80% of the chosen ones. */
export interface MlmVocab {
  maskId: number;
  padId: number;
  vocabSize: number;
  specialIds: ReadonlySet<number>;
}

/**
 * BERT's masked-language-model pre-training on token-id sequences: each step draws a batch (seeded), chooses
 * `maskRate` of the tokens (80% → [MASK], 10% → a random token, 10% kept) from SeededRandom(seed, "mlm", step),
 * and runs one train-step graph (encoder + tied MLM head + AdamW). Returns the trained state.
 */
export async function pretrainMlm(
  checkpoint: Checkpoint,
  sequences: readonly (readonly number[])[],
  vocab: MlmVocab,
  args: MlmArgs,
  engine: Engine,
  onStep?: (step: number, loss: number) => void,
): Promise<{ state: TrainState; params: ReturnType<typeof buildMlmStep>["params"]; losses: number[] }> {
  if (sequences.length === 0) throw new PrognosError("masked-LM pre-training needs at least one sequence");
  const built = buildMlmStep({
    arch: architectureOf(checkpoint.config),
    optimizer: "adamw",
    weightDecay: args.weightDecay,
    maxGradNorm: 1,
    hiddenDropout: args.dropout,
    attentionDropout: args.dropout,
  });
  const session = await engine.session(`mlm:${checkpoint.dir}`, () => toOnnx(built.graph));
  const state = TrainState.start(built.params, new Map([...checkpoint.weights, ...checkpoint.headWeights]));
  const losses: number[] = [];
  const f32 = (shape: number[], data: Float32Array): TensorData => ({ dtype: "float32", shape, data });
  for (let step = 0; step < args.steps; step++) {
    const rng = SeededRandom.from(args.seed, "mlm", step);
    const rows = Array.from({ length: args.batchSize }, () => sequences[rng.int(0, sequences.length - 1)]!);
    const seq = Math.max(...rows.map((r) => r.length));
    const ids = new BigInt64Array(rows.length * seq).fill(BigInt(vocab.padId));
    const mask = new BigInt64Array(rows.length * seq);
    const positions: number[] = [];
    const targets: number[] = [];
    rows.forEach((row, b) => {
      row.forEach((id, t) => {
        let v = id;
        if (!vocab.specialIds.has(id) && rng.next() < args.maskRate) {
          positions.push(b * seq + t);
          targets.push(id);
          const r = rng.next();
          if (r < 0.8) v = vocab.maskId;
          else if (r < 0.9) v = rng.int(0, vocab.vocabSize - 1);
        }
        ids[b * seq + t] = BigInt(v);
        mask[b * seq + t] = 1n;
      });
    });
    if (positions.length === 0) continue;
    const feeds: Record<string, TensorData> = {
      input_ids: { dtype: "int64", shape: [rows.length, seq], data: ids },
      attention_mask: { dtype: "int64", shape: [rows.length, seq], data: mask },
      token_type_ids: { dtype: "int64", shape: [rows.length, seq], data: new BigInt64Array(rows.length * seq) },
      position_ids: { dtype: "int64", shape: [1, seq], data: BigInt64Array.from({ length: seq }, (_, i) => BigInt(i)) },
      mlm_positions: { dtype: "int64", shape: [positions.length], data: BigInt64Array.from(positions, BigInt) },
      mlm_targets: { dtype: "int64", shape: [targets.length, 1], data: BigInt64Array.from(targets, BigInt) },
      lr: f32([], Float32Array.of(scheduledLr("linear", args.lr, step, args.warmupSteps, args.steps))),
      bc1: f32([], Float32Array.of(1 - ADAM_BETA1 ** (state.step + 1))),
      bc2: f32([], Float32Array.of(1 - ADAM_BETA2 ** (state.step + 1))),
    };
    built.dropoutSites.forEach((site, k) => {
      const shape = site.shape.map((d) => (typeof d === "number" ? d : d === "batch" ? rows.length : seq));
      const n = shape.reduce((a, b) => a * b, 1);
      const r = SeededRandom.from(args.seed, "mlm-dropout", step, k);
      feeds[site.input] = {
        dtype: "bool",
        shape,
        data: r.fillKeepMask(new Uint8Array(n), site.rate),
      };
    });
    for (const p of built.params) {
      feeds[p.name] = f32(p.shape, state.params.get(p.name)!);
      feeds[`m.${p.name}`] = f32(p.shape, state.m.get(p.name)!);
      feeds[`v.${p.name}`] = f32(p.shape, state.v.get(p.name)!);
    }
    const out = await session.run(feeds);
    const loss = Number(out.loss!.data[0]);
    if (!Number.isFinite(loss)) throw new PrognosError(`masked-LM loss became ${loss} at step ${step + 1}`);
    for (const p of built.params) {
      state.params.set(p.name, out[`new.${p.name}`]!.data as Float32Array);
      state.m.set(p.name, out[`new_m.${p.name}`]!.data as Float32Array);
      state.v.set(p.name, out[`new_v.${p.name}`]!.data as Float32Array);
    }
    state.step += 1;
    losses.push(loss);
    onStep?.(step + 1, loss);
  }
  return { state, params: built.params, losses };
}
