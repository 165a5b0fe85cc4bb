import type { Engine } from "../../engine/Engine.ts";
import type { TensorData } from "../../graph/types.ts";
import { MedBertEncoderModel } from "../../models/medbert/MedBertEncoderModel.ts";
import type { MedBertModelFiles } from "../../models/medbert/MedBertFolder.ts";
import { PrognosError } from "../../util/errors.ts";
import type { LabelledPatient } from "./ehrTrainData.ts";

/** One patient's frozen-encoder outputs: last hidden states [codes, hidden] (unpadded) and the pooled vector [hidden]. */
interface Encoded {
  codes: Float32Array;
  pooled: Float32Array;
}

/** Patients per encoder call while filling the cache. */
const BATCH = 64;

/**
 * The frozen Med-BERT encoder's outputs per patient, computed once (docs/medbert.md#curves, "Frozen encoder"). A head
 * trained on a frozen encoder (`--freeze`) reads the same vectors at every step and epoch, and every point of
 * `ehr curves` reads the same ones for the same patient: the encoder runs once per patient instead of once per
 * patient per epoch per point. The outputs do not depend on the batch a patient is encoded in (padding is masked),
 * so a head trained on the cache matches one trained through the frozen encoder to float rounding.
 */
export class EncoderOutputCache {
  private constructor(
    readonly model: string,
    readonly hidden: number,
    private readonly rows: Map<string, Encoded>,
  ) {}

  /** Encodes every distinct patient of `patients` (by id) with `model`'s encoder, in batches of 64, in order. */
  static async build(
    model: MedBertModelFiles,
    patients: readonly LabelledPatient[],
    engine: Engine,
    onProgress?: (done: number, total: number) => void,
  ): Promise<EncoderOutputCache> {
    const encoder = await MedBertEncoderModel.create(model, engine);
    const H = model.config.arch.hiddenSize;
    const distinct = [...new Map(patients.map((p) => [p.id, p])).values()];
    const rows = new Map<string, Encoded>();
    for (let i = 0; i < distinct.length; i += BATCH) {
      const batch = distinct.slice(i, i + BATCH);
      const out = await encoder.forward({ codes: batch.map((p) => p.codes), visits: batch.map((p) => p.visits) });
      const seq = out.lastHiddenState.shape[1]!;
      const hidden = out.lastHiddenState.data as Float32Array;
      const pooled = out.pooledOutput.data as Float32Array;
      batch.forEach((p, b) => {
        rows.set(p.id, {
          codes: hidden.slice(b * seq * H, (b * seq + p.codes.length) * H),
          pooled: pooled.slice(b * H, (b + 1) * H),
        });
      });
      onProgress?.(Math.min(i + BATCH, distinct.length), distinct.length);
    }
    return new EncoderOutputCache(model.dir, H, rows);
  }

  get size(): number {
    return this.rows.size;
  }

  /**
   * Feeds `encoded_codes` [batch, seq, hidden] (zeros past each patient's codes, where the visit weights are zero
   * too) and `encoded_pooled` [batch, hidden] for a batch laid out with `seq` positions.
   */
  feeds(batch: readonly LabelledPatient[], seq: number): Record<string, TensorData> {
    const H = this.hidden;
    const codes = new Float32Array(batch.length * seq * H);
    const pooled = new Float32Array(batch.length * H);
    batch.forEach((p, b) => {
      const e = this.rows.get(p.id);
      if (!e) throw new PrognosError(`patient ${p.id} is not in the frozen encoder's cache (${this.model})`);
      if (e.codes.length !== p.codes.length * H)
        throw new PrognosError(`patient ${p.id}: the cache holds another sequence than the batch's (${this.model})`);
      codes.set(e.codes, b * seq * H);
      pooled.set(e.pooled, b * H);
    });
    return {
      encoded_codes: { dtype: "float32", shape: [batch.length, seq, H], data: codes },
      encoded_pooled: { dtype: "float32", shape: [batch.length, H], data: pooled },
    };
  }
}
