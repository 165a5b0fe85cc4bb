import { z } from "zod";

/** A fact's source: where it was read (the date is the file's `read`). */
const Source = z.strictObject({ url: z.string().url(), what: z.string().min(1) });

/** Whether something works in Prognos, and why not (or how) in a sentence. */
const Support = z.strictObject({ ok: z.boolean(), note: z.string().optional() });

/**
 * A vocabulary the catalogue can recognise: by the SHA-256 of its token list when a copy was available to compute
 * it, otherwise by size, casing and sample tokens (`evidence` says which, and why they can be trusted).
 */
export const VocabularySchema = z.strictObject({
  key: z.string().regex(/^[a-z0-9.-]+$/),
  name: z.string(),
  size: z.int().positive(),
  cased: z.boolean(),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  samples: z.record(z.string().regex(/^\d+$/), z.string()).optional(),
  evidence: z.string(),
});

export const ModelSchema = z.strictObject({
  key: z.string().regex(/^[a-z0-9.-]+$/),
  name: z.string(),
  hubId: z.string().nullable(),
  aliases: z.array(z.string()).optional(),
  distribution: z.string(),
  architecture: z.string(),
  vocabulary: z.string().nullable(),
  vocabSize: z.int().positive().nullable(),
  cased: z.boolean().nullable(),
  doLowerCase: z.string(),
  maxPositions: z.int().positive().nullable(),
  /** Sequence length of the model's own (further) pre-training, when it was shorter than maxPositions or notable. */
  pretrainedSeqLength: z.int().positive().optional(),
  /** Outputs of the published classifier (`classifier.weight` rows), or null for an encoder without one. */
  headOutputs: z.int().positive().nullable(),
  licence: z.string(),
  knownFor: z.string(),
  paper: z.string(),
  sources: z.array(Source).min(1),
  prognos: z.strictObject({ load: Support, embed: Support, fineTune: Support, predict: Support }),
});

export const ModelCatalogueSchema = z.strictObject({
  format: z.literal(1),
  read: z.iso.date(),
  howRead: z.string(),
  vocabularies: z.array(VocabularySchema),
  models: z.array(ModelSchema).min(1),
});

export const DatasetSchema = z.strictObject({
  key: z.string().regex(/^[a-z0-9.-]+$/),
  name: z.string(),
  access: z.string(),
  format: z.string(),
  /** The `--source` id of the Prognos reader, or null when none reads it. */
  reader: z.string().nullable(),
  feeds: z.array(z.string()),
  status: z.string().optional(),
  bundled: z.string(),
  sources: z.array(Source).min(1),
});

export const DatasetCatalogueSchema = z.strictObject({
  format: z.literal(1),
  read: z.iso.date(),
  howRead: z.string(),
  datasets: z.array(DatasetSchema).min(1),
});

export type Vocabulary = z.infer<typeof VocabularySchema>;
export type CatalogueModel = z.infer<typeof ModelSchema>;
export type ModelCatalogue = z.infer<typeof ModelCatalogueSchema>;
export type CatalogueDataset = z.infer<typeof DatasetSchema>;
export type DatasetCatalogue = z.infer<typeof DatasetCatalogueSchema>;
