import { rmSync } from "node:fs";
import { join } from "node:path";
import { loadCheckpoint } from "../checkpoint/Checkpoint.ts";
import type { Engine } from "../engine/Engine.ts";
import { readMtSamplesTranscriptions } from "../sources/mtsamples/readMtSamples.ts";
import type { TaskDataset } from "../tasks/dataset/TaskDataset.ts";
import { BertTokenizer } from "../tokenizer/BertTokenizer.ts";
import { BERT_BASE_UNCASED_DIR } from "../tokenizer/bundledVocab.ts";
import { initBertFolder } from "../training/initBertFolder.ts";
import { pretrainMlm } from "../training/MlmPretrainer.ts";
import { saveModelFolder } from "../training/saveFolders.ts";
import type { DemoConfig } from "./DemoConfig.ts";
import type { DemoReporter } from "./DemoReporter.ts";
import { buildMlmCorpus, type CorpusPart } from "./mlmCorpus.ts";

/** The demo's vocabulary: BERT-base-uncased's, bundled (tokenizer/bundledVocab.ts). */
export const DEMO_VOCAB_DIR = BERT_BASE_UNCASED_DIR;

export interface PretrainSummary {
  dir: string;
  parameters: number;
  corpus: { synthetic: CorpusPart; mtsamples: CorpusPart };
  steps: number;
  /** Mean masked-LM loss of the first 5 and the last 10 steps (ln 30,522 ≈ 10.33 is a uniform guess). */
  lossFirst: number;
  lossLast: number;
  seconds: number;
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/**
 * The demo's encoder: a small BERT initialised at random with the BERT-base-uncased vocabulary, then pre-trained
 * with masked-LM on the synthetic hospital's TRAIN-split admission notes (the task files' text: admission sections
 * only, so no outcome leaks, and no val/test patient) mixed 1:1 with MTSamples transcriptions. Saved as a
 * Hugging Face BertForMaskedLM folder `<out>/models/pretrained`.
 */
export async function pretrainDemoEncoder(
  cfg: DemoConfig,
  datasets: readonly TaskDataset[],
  engine: Engine,
  reporter: DemoReporter,
): Promise<PretrainSummary> {
  const t0 = Date.now();
  const initDir = join(cfg.out, "models", "init");
  const dir = join(cfg.out, "models", "pretrained");
  const { tokenizer } = await BertTokenizer.fromFolder(DEMO_VOCAB_DIR);
  initBertFolder(initDir, { vocab_size: tokenizer.vocabSize, ...cfg.model }, DEMO_VOCAB_DIR, cfg.seed);
  const checkpoint = await loadCheckpoint(initDir);
  const parameters = [...checkpoint.weights.values()].reduce((n, w) => n + w.data.length, 0);
  reporter.note(
    `encoder: ${cfg.model.num_hidden_layers} layers, hidden ${cfg.model.hidden_size}, ${cfg.model.num_attention_heads} heads, ` +
      `${(parameters / 1e6).toFixed(2)} M encoder parameters (${tokenizer.vocabSize} word pieces: BERT-base-uncased)`,
  );

  // One text per admission: the four tasks share their notes; the train splits hold the same patients.
  const seen = new Set<string>();
  const notes: string[] = [];
  for (const d of datasets)
    for (const row of d.splits.train) {
      if (seen.has(row.id) || row.text.trim() === "") continue;
      seen.add(row.id);
      notes.push(row.text);
    }
  const mtsamples = readMtSamplesTranscriptions();
  const tokenizing = reporter.bar("tokenizing", notes.length + mtsamples.length, "notes");
  const corpus = buildMlmCorpus(
    tokenizer,
    notes,
    mtsamples,
    { seqLength: cfg.mlm.seqLength, mtsamplesRatio: cfg.mlm.mtsamplesRatio, seed: cfg.seed },
    (done) => tokenizing.update(done),
  );
  tokenizing.update(notes.length + mtsamples.length);
  tokenizing.stop();
  const part = (p: CorpusPart) => `${p.notes} notes → ${p.windows} windows, ${(p.tokens / 1e6).toFixed(2)} M tokens`;
  reporter.note(`corpus: synthetic train notes ${part(corpus.synthetic)}; MTSamples ${part(corpus.mtsamples)}`);

  const ids = tokenizer.ids;
  const bar = reporter.bar("masked-LM", cfg.mlm.steps, "steps");
  const { state, params, losses } = await pretrainMlm(
    checkpoint,
    corpus.sequences,
    {
      maskId: ids.mask!,
      padId: ids.pad!,
      vocabSize: tokenizer.vocabSize,
      specialIds: new Set([ids.cls, ids.sep, ids.pad!]),
    },
    {
      steps: cfg.mlm.steps,
      batchSize: cfg.mlm.batchSize,
      lr: cfg.mlm.lr,
      warmupSteps: cfg.mlm.warmupSteps,
      weightDecay: cfg.mlm.weightDecay,
      seed: cfg.seed,
      maskRate: cfg.mlm.maskRate,
      dropout: cfg.mlm.dropout,
    },
    engine,
    (step, loss) => bar.update(step, `loss ${loss.toFixed(3)}`),
  );
  bar.stop();
  const summary: PretrainSummary = {
    dir,
    parameters,
    corpus: { synthetic: corpus.synthetic, mtsamples: corpus.mtsamples },
    steps: losses.length,
    lossFirst: mean(losses.slice(0, 5)),
    lossLast: mean(losses.slice(-10)),
    seconds: 0,
  };
  saveModelFolder(dir, checkpoint, params, state.params, {
    run: { demo: "prognos demo: masked-LM pre-training", seed: cfg.seed, model: cfg.model, mlm: cfg.mlm, ...summary },
  });
  rmSync(initDir, { recursive: true, force: true });
  summary.seconds = (Date.now() - t0) / 1000;
  reporter.note(
    `masked-LM loss ${summary.lossFirst.toFixed(2)} → ${summary.lossLast.toFixed(2)} (uniform guess: ${Math.log(tokenizer.vocabSize).toFixed(2)}); saved ${dir}`,
  );
  return summary;
}
