import { HEAD_KEY, headFromJson, type ModelHead } from "../../models/heads/ModelHead.ts";
import type { TokenizerSpecJson } from "../../tokenizer/tokenizerSpecJson.ts";
import { PrognosError } from "../../util/errors.ts";

/** Where the in-browser page finds its list of models, relative to the page. */
export const MANIFEST_PATH = "web/models.json";

/** One model of the in-browser page (docs/serving.md); file paths are relative to the page. */
export interface SiteModelEntry {
  name: string;
  /** The head as config.json stores it (headToJson). */
  [HEAD_KEY]: Record<string, unknown>;
  /** Each label's title, in the head's label order (labelTitles). */
  titles: (string | null)[];
  /** The tokenizer as JSON (tokenizerSpecJson.ts). */
  tokenizer: string;
  /** The classifier's plain fp32 ONNX graph (classifierOnnx). */
  classifier: string;
  /** The input-gradient graph (inputGradientOnnx) and the word-embedding table, raw little-endian float32. */
  explain: { graph: string; embeddings: string; hidden: number };
  /** The id that pads rows (config.json's pad_token_id, as the server pads). */
  padId: number;
  /** What the server warned about when it read the folder (e.g. a plain Hugging Face folder without a head). */
  warnings: string[];
}

export interface SiteManifest {
  format: 1;
  models: SiteModelEntry[];
}

/** A model entry once checked: its head read back. */
export interface SiteModel extends SiteModelEntry {
  head: ModelHead;
}

export type { TokenizerSpecJson };

/**
 * Checks the manifest the page fetched (a static build can be edited or half copied): every model has a name, a
 * head (read strictly, as config.json's), titles and file paths; anything else is one clear error naming the model.
 */
export function checkSiteManifest(raw: unknown): SiteModel[] {
  const file = MANIFEST_PATH;
  const o = raw as Partial<SiteManifest> | null;
  if (typeof o !== "object" || o === null || o.format !== 1 || !Array.isArray(o.models))
    throw new PrognosError('expected {"format": 1, "models": [...]}', { file });
  if (o.models.length === 0) throw new PrognosError("lists no models", { file });
  return o.models.map((m, i) => {
    const name = typeof m?.name === "string" ? m.name : `#${i + 1}`;
    const where = `${file} (model ${name})`;
    if (m?.[HEAD_KEY] === undefined)
      throw new PrognosError(
        "has no head (its labels, thresholds and long-note policy): build the files again with prognos serve --in-browser from a trained model folder",
        { file: where },
      );
    const head = headFromJson(m[HEAD_KEY], where);
    const files = [m.tokenizer, m.classifier, m.explain?.graph, m.explain?.embeddings];
    if (
      files.some((f) => typeof f !== "string") ||
      typeof m.padId !== "number" ||
      !Array.isArray(m.titles) ||
      m.titles.length !== head.labels.length
    )
      throw new PrognosError("lacks its files (tokenizer, classifier, explain) or its label titles", { file: where });
    return { ...m, head, warnings: Array.isArray(m.warnings) ? m.warnings : [] };
  });
}
