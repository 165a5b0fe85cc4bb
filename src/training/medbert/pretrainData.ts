import type { TensorData } from "../../graph/types.ts";
import type { MedBertArchitecture } from "../../models/medbert/MedBertConfig.ts";
import { medbertFeeds } from "../../models/medbert/MedBertEncoderModel.ts";
import { encodeWithVocabulary, readEhrCohort } from "../../tasks/ehr/readEhrCohort.ts";
import { CodeVocabulary } from "../../tokenizer/CodeVocabulary.ts";
import { PrognosError } from "../../util/errors.ts";
import type { MaskedCodes } from "./maskCodes.ts";

/** A patient as pre-training reads it: code ids of the model's vocabulary, 0-based visits, the stay label. */
export interface CodedPatient {
  codes: number[];
  visits: number[];
  plos: number;
}

/** What each --data folder contributed, recorded in the model's config.json (`prognos_pretraining.data`). */
export interface PretrainSource {
  dir: string;
  cohort: string;
  /** The EHR source folder the cohort was built from, and its split seed: `ehr train` checks overlap with them. */
  sourceDir: string;
  splitSeed: number;
  train: number;
  val: number;
  /** pretrain folders: who was held out when it was built. */
  heldOut: unknown;
}

export interface PretrainData {
  vocab: CodeVocabulary;
  train: CodedPatient[];
  val: CodedPatient[];
  sources: PretrainSource[];
  /** Patients left out because none of their codes is in the vocabulary (nothing to predict). */
  noKnownCode: number;
  longest: number;
}

/**
 * Reads the --data cohort folders: the vocabulary is built from their train splits' code counts (vocab.json counts,
 * summed; at least `minCount`), every patient's codes are mapped to it by text, train rows train and val rows
 * measure. Test rows are never read. Sequences longer than `maxPositions` are refused (never cut silently).
 */
export async function loadPretrainData(
  dirs: readonly string[],
  minCount: number,
  maxPositions: number,
): Promise<PretrainData> {
  const cohorts = [];
  for (const dir of dirs) cohorts.push(await readEhrCohort(dir));
  const counts = new Map<string, number>();
  for (const c of cohorts)
    for (const e of c.vocab.entries) if (e.count > 0) counts.set(e.token, (counts.get(e.token) ?? 0) + e.count);
  const vocab = CodeVocabulary.fromCounts(counts, minCount);
  if (vocab.size <= vocab.firstCodeId)
    throw new PrognosError(`--data: no code occurs at least --min-count ${minCount} times in the train splits`);
  const out: PretrainData = { vocab, train: [], val: [], sources: [], noKnownCode: 0, longest: 0 };
  for (const c of cohorts) {
    const used = c.patients.filter((p) => p.split !== "test");
    const { ids } = encodeWithVocabulary(used, vocab);
    let train = 0;
    let val = 0;
    used.forEach((p, i) => {
      const codes = ids[i]!;
      if (codes.length > maxPositions)
        throw new PrognosError(
          `patient ${p.id} has ${codes.length} codes, more than --max-positions ${maxPositions}: rebuild with a smaller --max-codes or raise --max-positions`,
          { file: c.dir },
        );
      out.longest = Math.max(out.longest, codes.length);
      if (!codes.some((id) => id >= vocab.firstCodeId)) {
        out.noKnownCode++;
        return;
      }
      const row = { codes, visits: p.visits, plos: p.plos };
      if (p.split === "train") {
        out.train.push(row);
        train++;
      } else {
        out.val.push(row);
        val++;
      }
    });
    out.sources.push({
      dir: c.dir,
      cohort: c.manifest.cohort.name,
      sourceDir: c.manifest.dir,
      splitSeed: c.manifest.options.seed,
      train,
      val,
      heldOut: c.manifest.heldOut ?? null,
    });
  }
  if (out.train.length === 0) throw new PrognosError("--data: the train splits hold no patient with a known code");
  return out;
}

/** A patient with some codes hidden (maskCodes) and its stay label: one pre-training example. */
export type MaskedPatient = MaskedCodes & { visits: number[]; plos: number };

/** Feeds of the pre-training graphs for a batch: the encoder's inputs, the masked positions and targets, the labels. */
export function pretrainFeeds(arch: MedBertArchitecture, batch: readonly MaskedPatient[]) {
  const { feeds, seq } = medbertFeeds(arch, { codes: batch.map((p) => p.input), visits: batch.map((p) => p.visits) });
  const positions: bigint[] = [];
  const targets: bigint[] = [];
  batch.forEach((p, b) => {
    p.positions.forEach((t, k) => {
      positions.push(BigInt(b * seq + t));
      targets.push(BigInt(p.targets[k]!));
    });
  });
  const all: Record<string, TensorData> = {
    ...feeds,
    mlm_positions: { dtype: "int64", shape: [positions.length], data: BigInt64Array.from(positions) },
    mlm_targets: { dtype: "int64", shape: [targets.length, 1], data: BigInt64Array.from(targets) },
    plos_labels: { dtype: "float32", shape: [batch.length, 1], data: Float32Array.from(batch, (p) => p.plos) },
  };
  return { feeds: all, dims: { batch: batch.length, seq, masked: positions.length } };
}
