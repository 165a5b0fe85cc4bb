import { resolve } from "node:path";
import { type MedBertModelFiles, readMedBertFolder } from "../../models/medbert/MedBertFolder.ts";
import { type EhrCohort, type EhrPatient, encodeWithVocabulary, readEhrCohort } from "../../tasks/ehr/readEhrCohort.ts";
import type { Split } from "../../tasks/splits/Split.ts";
import { seededHashSplit } from "../../tasks/splits/seededHashSplit.ts";
import type { CodeVocabulary } from "../../tokenizer/CodeVocabulary.ts";
import { PrognosError } from "../../util/errors.ts";
import type { PretrainSource } from "../medbert/pretrainData.ts";

/** A labelled patient as the heads read it: code ids of the model's vocabulary, 0-based visits, the outcome. */
export interface LabelledPatient {
  id: string;
  codes: number[];
  visits: number[];
  label: number;
}

export interface EhrSplitData {
  cohort: EhrCohort;
  /** The vocabulary codes are mapped through: the pre-trained model's, else the cohort's own. */
  vocab: CodeVocabulary;
  pretrained: MedBertModelFiles | null;
  splits: Record<Split, LabelledPatient[]>;
  /** Codes not in the vocabulary, over every split (they become [UNK]). */
  unknown: { codes: number; unknown: number; rate: number };
  /** The most visits any patient has: the recurrences are unrolled over this many. */
  maxVisits: number;
  longest: number;
}

/**
 * Loads a cohort for `ehr train` / `ehr evaluate` and checks it (docs/medbert.md#bad-input), each problem one
 * PrognosError: a pretrain folder (no outcome); a pre-trained model whose vocabulary misses more than
 * `maxUnknownRate` of the cohort's codes (the rate is reported either way); sequences longer than its positions;
 * val or test patients the model was pre-trained on. `needCases`: train and val must both have cases and controls.
 */
export async function loadEhrSplits(
  cohortDir: string,
  options: {
    pretrained?: string | MedBertModelFiles;
    maxUnknownRate?: number;
    needCases?: boolean;
    vocab?: CodeVocabulary;
  },
): Promise<EhrSplitData> {
  const cohort = await readEhrCohort(cohortDir);
  if (cohort.manifest.cohort.kind === "all")
    throw new PrognosError(
      "a pretrain folder has no outcome to predict: give a cohort built with --cohort dhf, paca, … (a pretrain folder is for `ehr pretrain --data`)",
      { file: cohortDir },
    );
  const pretrained =
    typeof options.pretrained === "string" ? await readMedBertFolder(options.pretrained) : (options.pretrained ?? null);
  const vocab = pretrained?.vocab ?? options.vocab ?? cohort.vocab;
  const { ids, codes, unknown } = encodeWithVocabulary(cohort.patients, vocab);
  const rate = codes === 0 ? 0 : unknown / codes;
  const limit = options.maxUnknownRate ?? 0.1;
  if (pretrained && rate > limit)
    throw new PrognosError(
      `${(rate * 100).toFixed(1)}% of the cohort's codes (${unknown} of ${codes}) are not in the pre-trained model's vocabulary (${pretrained.dir}), above --max-unknown-rate ${limit}: pre-train on data coded like this cohort (same source and code system)`,
      { file: cohortDir },
    );
  let longest = 0;
  let maxVisits = 0;
  const splits: Record<Split, LabelledPatient[]> = { train: [], val: [], test: [] };
  cohort.patients.forEach((p, i) => {
    longest = Math.max(longest, p.tokens.length);
    maxVisits = Math.max(maxVisits, (p.visits.at(-1) ?? 0) + 1);
    splits[p.split].push({ id: p.id, codes: ids[i]!, visits: p.visits, label: p.label ?? 0 });
  });
  if (pretrained && longest > pretrained.config.arch.maxPositions)
    throw new PrognosError(
      `a patient has ${longest} codes, more than the pre-trained model's max_position_embeddings (${pretrained.config.arch.maxPositions}): rebuild the cohort with --max-codes ${pretrained.config.arch.maxPositions}`,
      { file: cohortDir },
    );
  if (pretrained) checkNoOverlap(cohort, pretrained);
  if (options.needCases) {
    for (const split of ["train", "val"] as const) {
      const rows = splits[split];
      const cases = rows.filter((r) => r.label === 1).length;
      if (cases === 0 || cases === rows.length)
        throw new PrognosError(
          `the ${split} split has ${cases} cases and ${rows.length - cases} controls: a model needs both in train and val (see \`prognos ehr stats ${cohortDir}\`)`,
          { file: cohortDir },
        );
    }
  }
  return { cohort, vocab, pretrained, splits, unknown: { codes, unknown, rate }, maxVisits, longest };
}

/**
 * Refuses a pre-trained model that saw this cohort's val or test patients: for each pre-training folder built
 * from the same source, its train split was `seededHashSplit(id, its seed) = train` (what `ehr pretrain` trains on),
 * less the patients of cohorts it excluded. A val/test patient of this cohort in that set is a leak.
 */
function checkNoOverlap(cohort: EhrCohort, model: MedBertModelFiles): void {
  const record = model.config.extra.prognos_pretraining as { data?: PretrainSource[] } | undefined;
  for (const src of record?.data ?? []) {
    if (resolve(src.sourceDir) !== resolve(cohort.manifest.dir)) continue;
    const excluded = ((src.heldOut as { excluded?: { dir: string }[] } | null)?.excluded ?? []).map((x) =>
      resolve(x.dir),
    );
    if (excluded.includes(resolve(cohort.dir))) continue;
    const seen = (p: EhrPatient) => p.split !== "train" && seededHashSplit(p.id, src.splitSeed) === "train";
    const leaked = cohort.patients.filter(seen).length;
    if (leaked > 0)
      throw new PrognosError(
        `${leaked} of this cohort's val/test patients were in the pre-training data of ${model.dir} (${src.dir}, split seed ${src.splitSeed}; this cohort's seed is ${cohort.manifest.options.seed}): rebuild the cohort with --seed ${src.splitSeed}, or pre-train on a folder built with --exclude ${cohort.dir}`,
        { file: cohort.dir },
      );
  }
}
