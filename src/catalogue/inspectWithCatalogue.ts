import { checkTokenizerFiles } from "../checkpoint/checkTokenizerFiles.ts";
import { type CheckpointInspection, inspectCheckpoint } from "../checkpoint/inspectCheckpoint.ts";
import { catalogueFindings } from "./catalogueFindings.ts";
import type { VocabularyIdentification } from "./identifyVocabulary.ts";
import { loadModelCatalogue } from "./loadCatalogue.ts";

/** `prognos inspect`'s report: the checkpoint's, plus what the catalogue recognises (docs/catalogue.md#inspect). */
export interface CatalogueInspection extends CheckpointInspection {
  catalogue: { read: string; vocabulary?: VocabularyIdentification };
}

/** Inspects a folder (inspectCheckpoint) and adds the catalogue's identification and pitfall warnings. */
export async function inspectWithCatalogue(dir: string): Promise<CatalogueInspection> {
  const report = await inspectCheckpoint(dir);
  const catalogue = loadModelCatalogue();
  const { tokens } = await checkTokenizerFiles(dir, report.files);
  const found = catalogueFindings(
    {
      dir,
      configName: report.files.find((f) => f.role === "config")?.name ?? "config.json",
      configVocabSize: report.architecture.vocab_size,
      maxPositions: report.architecture.max_position_embeddings,
      tokens,
      classifierOutputs: report.headShapes["classifier.weight"]?.[0],
    },
    catalogue,
  );
  return {
    ...report,
    warnings: [...report.warnings, ...found.warnings],
    catalogue: { read: catalogue.read, vocabulary: found.vocabulary },
  };
}
