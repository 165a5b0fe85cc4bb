import type { SeededRandom } from "../../util/SeededRandom.ts";
import { COMPLICATIONS } from "./catalog/complications.ts";
import { clamp } from "./text/phrase.ts";
import type { AcuteReason, Observations, PatientState } from "./types.ts";

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

/**
 * Vitals and labs on arrival: normal values, shifted by the reason for admission, by complications already
 * present on arrival, by chronic conditions (CKD raises creatinine, cirrhosis lowers platelets…) and by the latent
 * severity, plus noise. Notes quote some of them ("lactate 4.1", "Cr 2.3"), which is how severity and a few
 * complications become visible — partially and noisily — in the admission note.
 */
export function sampleObservations(
  r: SeededRandom,
  p: PatientState,
  reason: AcuteReason,
  severity: number,
  presentOnArrival: readonly string[],
): Observations {
  const shift: Record<string, number> = { ...reason.obs };
  for (const id of presentOnArrival) {
    const c = COMPLICATIONS.find((x) => x.id === id);
    for (const [k, v] of Object.entries(c?.obs ?? {})) shift[k] = (shift[k] ?? 0) + v;
  }
  const s = severity;
  const sp = Math.max(0, s);
  const has = (id: string) => p.conditions.has(id);
  const o = (k: string) => shift[k] ?? 0;
  const anticoagulated = has("afib") || has("vteHistory");
  const baseCr = has("ckd") ? p.values.get("baseCr")! : 0.9 + (p.sex === "M" ? 0.1 : -0.1);
  const obs: Observations = {
    temp: round(98.3 + o("temp") * r.uniform(0.6, 1.3) + 0.3 * sp + r.normal(0, 0.5), 1),
    hr: Math.round(clamp(80 + 9 * s + o("hr") + r.normal(0, 11), 38, 190)),
    sbp: Math.round(clamp(134 - 13 * s + o("sbp") + r.normal(0, 17), 55, 240)),
    dbp: 0,
    rr: Math.round(clamp(18 + 2.5 * s + o("rr") + r.normal(0, 3), 8, 44)),
    spo2: Math.round(clamp(97 - 1.5 * sp + o("spo2") - (has("copd") ? 2 : 0) + r.normal(0, 1.5), 62, 100)),
    wbc: round(clamp(8.2 + 1.8 * s + o("wbc") + r.normal(0, 2.6), 0.2, 60), 1),
    hgb: round(
      clamp(
        13.2 - (p.sex === "F" ? 1.2 : 0) - (has("anemia") ? 2.4 : 0) - 0.4 * sp + o("hgb") + r.normal(0, 1.2),
        4.5,
        18,
      ),
      1,
    ),
    plt: Math.round(clamp(235 - (has("cirrhosis") ? 120 : 0) + o("plt") + r.normal(0, 60), 8, 700)),
    na: Math.round(clamp(138 + o("na") + r.normal(0, 2.8), 110, 165)),
    k: round(clamp(4.1 + o("k") + (has("ckd") ? 0.3 : 0) + r.normal(0, 0.4), 2.1, 8.2), 1),
    cr: round(clamp(baseCr * (1 + 0.25 * sp) + o("cr") * r.uniform(0.5, 1.5) + r.normal(0, 0.12), 0.3, 14), 1),
    lactate: round(clamp(1.2 + 0.9 * sp + o("lactate") * r.uniform(0.5, 1.5) + Math.abs(r.normal(0, 0.5)), 0.5, 18), 1),
    glucose: Math.round(clamp(108 + (has("dm") ? 70 : 0) + o("glucose") + r.normal(0, 28), 35, 1200)),
    inr: round(
      clamp(
        1.05 + (has("cirrhosis") ? 0.5 : 0) + (anticoagulated && r.chance(0.6) ? 1.2 : 0) + o("inr") + r.normal(0, 0.1),
        0.9,
        9,
      ),
      1,
    ),
    gcs: Math.round(
      clamp(15 + o("gcs") - (has("dementia") ? 1 : 0) - 1.6 * Math.max(0, s - 0.6) + r.normal(0, 0.6), 3, 15),
    ),
  };
  obs.dbp = Math.round(clamp(obs.sbp * 0.55 + r.normal(0, 8), 25, 140));
  return obs;
}
