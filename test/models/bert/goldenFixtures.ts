import { copyFileSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The PyTorch reference outputs written by scripts/fixtures/make_bert_fixtures.py (see its README). */
export interface GoldenBatch {
  name: string;
  input_ids: number[][];
  attention_mask: number[][];
  token_type_ids: number[][];
  last_hidden_state: number[][][];
  pooler_output: number[][];
  logits?: number[][];
}

export interface GoldenText {
  text: string;
  text_pair: string | null;
  tokens: string[];
  input_ids: number[];
  token_type_ids: number[];
  last_hidden_state: number[][];
  pooler_output: number[];
  logits?: number[];
}

export interface Golden {
  weights: Record<string, string>;
  unexpected_keys_for_BertModel: Record<string, string[]>;
  batches: GoldenBatch[];
  texts: GoldenText[];
}

export const FIXTURES_DIR = "test/fixtures/bert";

export function fixtureNames(): string[] {
  return readdirSync(FIXTURES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

export function readGolden(name: string): Golden {
  return JSON.parse(readFileSync(join(FIXTURES_DIR, name, "golden.json"), "utf8")) as Golden;
}

/**
 * A copy of fixture `name` holding only one of its weight files, so each file format is loaded on its own
 * (a folder with both prefers model.safetensors, as Hugging Face does).
 */
export function folderWithOnly(name: string, weightFile: string): string {
  const dir = mkdtempSync(join(tmpdir(), `prognos-${name}-`));
  for (const f of readdirSync(join(FIXTURES_DIR, name))) {
    if (f === "golden.json" || ((f === "model.safetensors" || f === "pytorch_model.bin") && f !== weightFile)) continue;
    copyFileSync(join(FIXTURES_DIR, name, f), join(dir, f));
  }
  return dir;
}
