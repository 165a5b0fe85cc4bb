import { fileURLToPath } from "node:url";
import type { z } from "zod";
import { SOURCE_IDS } from "../sources/Timeline.ts";
import { PrognosError } from "../util/errors.ts";
import { readJsonFile } from "../util/readJsonFile.ts";
import {
  type DatasetCatalogue,
  DatasetCatalogueSchema,
  type ModelCatalogue,
  ModelCatalogueSchema,
} from "./catalogueSchema.ts";

/** The catalogue's data files (data/catalogue/, with SOURCE.txt), found from this module in src/ and in dist/. */
export const CATALOGUE_DIR = fileURLToPath(new URL("../../data/catalogue/", import.meta.url));

function read<T>(file: string, schema: z.ZodType<T>): T {
  const path = `${CATALOGUE_DIR}${file}`;
  const result = schema.safeParse(readJsonFile(path));
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new PrognosError(`${issue.path.join(".")}: ${issue.message}`, { file: path });
  }
  return result.data;
}

/** Every model and vocabulary of data/catalogue/models.json, validated; vocabulary keys and model keys resolve. */
export function loadModelCatalogue(file = "models.json"): ModelCatalogue {
  const c = read(file, ModelCatalogueSchema);
  const vocabs = new Map(c.vocabularies.map((v) => [v.key, v]));
  const keys = new Set<string>();
  for (const m of c.models) {
    if (keys.has(m.key)) throw new PrognosError(`model key ${m.key} appears twice`, { file });
    keys.add(m.key);
    if (m.vocabulary === null) continue;
    const v = vocabs.get(m.vocabulary);
    if (!v) throw new PrognosError(`model ${m.key}: unknown vocabulary ${m.vocabulary}`, { file });
    if (m.vocabSize !== v.size || m.cased !== v.cased) {
      throw new PrognosError(`model ${m.key}: vocabSize/cased disagree with vocabulary ${v.key}`, { file });
    }
  }
  return c;
}

/** Every data set of data/catalogue/datasets.json; each reader named must be one of Prognos' source ids. */
export function loadDatasetCatalogue(file = "datasets.json"): DatasetCatalogue {
  const c = read(file, DatasetCatalogueSchema);
  for (const d of c.datasets) {
    if (d.reader !== null && !(SOURCE_IDS as readonly string[]).includes(d.reader)) {
      throw new PrognosError(`dataset ${d.key}: reader ${d.reader} is not a Prognos source id`, { file });
    }
  }
  return c;
}
