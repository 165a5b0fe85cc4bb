/** The state a patient's hazards depend on, at one step of the state machine. */
export interface HazardState {
  age: number;
  male: boolean;
  smoker: boolean;
  everSmoked: boolean;
  obese: boolean;
  htn: boolean;
  hyperlipidemia: boolean;
  prediabetes: boolean;
  gestational: boolean;
  t1d: boolean;
  /** Years since the latent diabetes onset, -1 without diabetes. */
  t2dYears: number;
  /** 0 none, 1–4 CKD stages, 5 end-stage. */
  ckdStage: number;
  /**
   * CKD was diagnosed after type-2 diabetes had been (new kidney disease in a known diabetic: diabetic kidney
   * disease), as the record shows it: the order matters for heart failure.
   */
  ckdAfterT2d: boolean;
  cad: boolean;
  /** Years since the last myocardial infarction, -1 if none. */
  miYearsAgo: number;
  afib: boolean;
  /** Years since atrial fibrillation began, -1 if none. */
  afibYears: number;
  copd: boolean;
  hf: boolean;
  alcohol: boolean;
  chronicPancreatitis: boolean;
  gallstones: boolean;
  insulin: boolean;
  /** An ACE inhibitor / ARB started within a year of the diabetes diagnosis. */
  aceEarly: boolean;
}

/** Chronic conditions with an onset hazard, in the order of `Hazards.chronic`. */
export const CHRONIC_KEYS = [
  "obesity",
  "hyperlipidemia",
  "hypertension",
  "prediabetes",
  "t2d",
  "t2dNeuropathy",
  "cad",
  "afib",
  "copd",
  "alcohol",
  "depression",
  "hypothyroid",
  "osteoarthritis",
  "gerd",
  "anemia",
  "gallstones",
  "insipidus",
  "secondaryDm",
  "chronicPancreatitis",
  "breastCancer",
  "colonCancer",
  "prostateCancer",
] as const;

/** Yearly rates for one step (filled in place by `hazards`, so the state machine allocates nothing per step). */
export interface Hazards {
  /** Onset rates of chronic conditions (each starts once), indexed like CHRONIC_KEYS. */
  chronic: Float64Array;
  /** CKD onset (stage 0) or progression to the next stage. */
  ckdNext: number;
  insulin: number;
  gestational: number;
  hf: number;
  mi: number;
  /** Preclinical pancreatic cancer (diagnosed 6–18 months later). */
  paca: number;
  death: number;
  deathCause: string;
}

export function emptyHazards(): Hazards {
  return {
    chronic: new Float64Array(CHRONIC_KEYS.length),
    ckdNext: 0,
    insulin: 0,
    gestational: 0,
    hf: 0,
    mi: 0,
    paca: 0,
    death: 0,
    deathCause: "other",
  };
}

const A = (age: number, k: number, ref: number) => Math.exp(k * (age - ref));

/**
 * The latent model's yearly hazards. Multipliers are the generator's own choices, tuned so that 100k patients give
 * a DHF cohort of the paper's shape; they are not epidemiological estimates. What carries signal beyond presence:
 * heart failure rises with CKD *diagnosed after* the diabetes diagnosis (×6, vs ×1 for CKD found before or with
 * it), with a *recent* MI (×5 within two years, ×2 later) or atrial fibrillation (×4 in its first year, ×1.5 later),
 * with diabetes duration (+10% a year, capped at 20 years), and falls with an ACE inhibitor/ARB started *early*
 * after the diabetes diagnosis (×0.7). The months before the onset bring the HF prodrome (Coding.ts). */
export function hazards(s: HazardState, out: Hazards): void {
  const a = s.age;
  const t2d = s.t2dYears >= 0;
  const ckd = s.ckdStage > 0;
  const c = out.chronic;
  c[0] = 0.012 * (a < 60 ? 1 : 0.4); // obesity
  c[1] = 0.01 * A(a, 0.04, 50) * (s.obese ? 1.5 : 1); // hyperlipidemia
  c[2] = 0.011 * A(a, 0.05, 50) * (s.obese ? 1.8 : 1) * (ckd ? 1.5 : 1); // hypertension
  c[3] = t2d ? 0 : 0.008 * A(a, 0.03, 50) * (s.obese ? 2.5 : 1); // prediabetes
  c[4] = s.t1d
    ? 0
    : 0.0045 *
      A(a, 0.035, 50) *
      (s.obese ? 2.5 : 1) *
      (s.htn ? 1.4 : 1) *
      (s.prediabetes ? 3 : 1) *
      (s.gestational ? 3 : 1); // t2d
  c[5] = t2d ? 0.03 : 0; // t2dNeuropathy
  c[6] =
    0.003 *
    A(a, 0.06, 55) *
    (s.male ? 1.7 : 1) *
    (s.smoker ? 1.8 : s.everSmoked ? 1.3 : 1) *
    (s.htn ? 1.5 : 1) *
    (t2d ? 1.8 : 1) *
    (s.hyperlipidemia ? 1.5 : 1); // cad
  c[7] = 0.0015 * A(a, 0.08, 60) * (s.htn ? 1.5 : 1) * (s.obese ? 1.3 : 1) * (s.hf ? 2 : 1); // afib
  c[8] = (s.everSmoked ? 0.006 * (s.smoker ? 1.5 : 1) : 0.0006) * A(a, 0.05, 55); // copd
  c[9] = 0.003 * (s.male ? 2 : 1); // alcohol
  c[10] = 0.01; // depression
  c[11] = 0.004 * (s.male ? 1 : 3); // hypothyroid
  c[12] = 0.004 * A(a, 0.06, 60); // osteoarthritis
  c[13] = 0.01; // gerd
  c[14] = 0.003 * A(a, 0.04, 60) * (s.ckdStage >= 3 ? 3 : 1); // anemia
  c[15] = 0.003 * (s.male ? 1 : 2) * (s.obese ? 1.5 : 1); // gallstones
  c[16] = 0.0001; // insipidus
  c[17] = s.t1d || t2d ? 0 : 0.0002 + (s.chronicPancreatitis ? 0.05 : 0); // secondaryDm
  c[18] = s.alcohol ? 0.003 : 0.0001; // chronicPancreatitis
  c[19] = s.male ? 0 : 0.0012 * A(a, 0.03, 60); // breastCancer
  c[20] = 0.0005 * A(a, 0.06, 65); // colonCancer
  c[21] = s.male ? 0.0015 * A(a, 0.08, 65) : 0; // prostateCancer
  const ckdNext =
    s.ckdStage === 0
      ? 0.003 * A(a, 0.06, 50) * (t2d ? 1 + 0.3 * Math.min(s.t2dYears, 15) : 1) * (s.htn ? 2 : 1)
      : 0.1 * (t2d ? 1.6 : 1) * (s.htn ? 1.3 : 1);
  const hf =
    0.0007 *
    A(a, 0.065, 60) *
    (t2d ? 1 + 0.1 * Math.min(s.t2dYears, 20) : 1) *
    (ckd ? (s.ckdAfterT2d ? 6 : 1) : 1) *
    (s.htn ? 1.5 : 1) *
    (s.cad ? 1.8 : 1) *
    (s.miYearsAgo < 0 ? 1 : s.miYearsAgo <= 2 ? 5 : 2) *
    (s.afibYears < 0 ? 1 : s.afibYears <= 1 ? 4 : 1.5) *
    (s.copd ? 1.3 : 1) *
    (s.obese ? 1.3 : 1) *
    (s.insulin ? 1.3 : 1) *
    (s.aceEarly ? 0.7 : 1);
  const mi = s.cad ? 0.025 : 0.0003 * A(a, 0.06, 60);
  const paca =
    0.0003 *
    A(a, 0.085, 65) *
    (s.smoker ? 1.8 : 1) *
    (s.t2dYears > 3 ? 1.5 : 1) *
    (s.chronicPancreatitis ? 6 : 1) *
    (s.obese ? 1.2 : 1);
  // Death: the product of the disease multipliers; the cause is the largest one ("other" when none is above 1).
  const mHf = s.hf ? 2.5 : 1;
  const mEsrd = s.ckdStage === 5 ? 3 : s.ckdStage >= 3 ? 1.4 : 1;
  const mCopd = s.copd ? 1.6 : 1;
  const mT2d = t2d ? 1.3 : 1;
  const mCad = s.cad ? 1.3 : 1;
  let deathCause = "other";
  let top = 1;
  if (mHf > top) [top, deathCause] = [mHf, "hf"];
  if (mEsrd > top) [top, deathCause] = [mEsrd, "esrd"];
  if (mCopd > top) [top, deathCause] = [mCopd, "copd"];
  if (mT2d > top) [top, deathCause] = [mT2d, "t2d"];
  if (mCad > top) deathCause = "cad";
  const mult = mHf * mEsrd * mCopd * mT2d * mCad;
  out.ckdNext = ckdNext;
  out.insulin = t2d ? 0.05 * (s.ckdStage >= 3 ? 2 : 1) : 0;
  out.gestational = !s.male && a < 45 && !s.t1d && !t2d ? 0.004 : 0;
  out.hf = hf;
  out.mi = mi;
  out.paca = paca;
  out.death = 0.0004 * A(a, 0.088, 50) * mult;
  out.deathCause = deathCause;
}
