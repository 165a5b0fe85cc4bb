/**
 * Copies one arm's pre-trained encoder out of a finished CORe ablation (bench/core-ablation) into the folder that
 * ships with Prognos and that `prognos demo` fine-tunes (src/demo/demoEncoder.ts), and writes its model card.
 *
 *   node --import tsx scripts/ship-demo-encoder.ts --ablation .bench-out/core-ablation --arm core
 *
 * The folder gets the arm's `last/` files (config.json, model.safetensors, the tokenizer files), a run.json whose
 * paths are relative to the ablation's output folder, and README.md: the model card (data, objective, steps, the
 * exact commands, the ablation's figures, "synthetic data only, no clinical validity"). Nothing else is changed.
 */
import { createHash } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const args = process.argv.slice(2);
const flag = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const ablation = resolve(flag("--ablation") ?? ".bench-out/core-ablation");
const arm = flag("--arm") ?? "core";
const out = resolve(flag("--out") ?? fileURLToPath(new URL("../data/models/prognos-core-small/", import.meta.url)));
const from = join(ablation, "arms", arm, "last");
for (const f of ["config.json", "model.safetensors", join("..", "run.json"), join("..", "corpus.json")])
  if (!existsSync(join(from, f))) throw new Error(`${join(from, f)}: not found (has the ablation finished?)`);
const results = join(ablation, "results.json");
if (!existsSync(results)) throw new Error(`${results}: not found (run the ablation to its end first)`);

const rel = (v: unknown): unknown =>
  typeof v === "string"
    ? v.startsWith(ablation)
      ? relative(ablation, v) || "."
      : v.replaceAll(`${ablation}/`, "")
    : Array.isArray(v)
      ? v.map(rel)
      : v !== null && typeof v === "object"
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rel(x)]))
        : v;
const readJson = (p: string) => JSON.parse(readFileSync(p, "utf8"));
const run = rel(readJson(join(from, "..", "run.json"))) as Record<string, unknown>;
const corpus = rel(readJson(join(from, "..", "corpus.json"))) as { sources: { source: string; documents: number }[] };
const ablationConfig = readJson(join(ablation, "config.json"));
const log = readFileSync(join(from, "..", "log.jsonl"), "utf8")
  .trim()
  .split("\n")
  .map((l) => JSON.parse(l));
const lastLog = log.at(-1) as Record<string, number>;

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const f of readdirSync(from)) if (f !== "run.json") copyFileSync(join(from, f), join(out, f));
writeFileSync(
  join(out, "run.json"),
  `${JSON.stringify({ ...run, ablation: ablationConfig, corpus, lastStep: lastLog }, null, 2)}\n`,
);

const weights = join(out, "model.safetensors");
const sha256 = createHash("sha256").update(readFileSync(weights)).digest("hex");
const mb = (statSync(weights).size / 1e6).toFixed(1);
const m = ablationConfig.model;
const p = ablationConfig.pretrain;
const table = readFileSync(join(ablation, "results.md"), "utf8").trim();
const rows = (readJson(results) as { table: { val: Record<string, number | null> }[] }).table;
const valMean = (a: string) => rows.reduce((s, r) => s + (r.val[a] ?? Number.NaN), 0) / rows.length;
const valMeans = ["core", "mlm"].map((a) => `${a} ${valMean(a).toFixed(4)}`).join(", ");
const objective =
  arm === "core" ? "CORe's clinical outcome objective (next-sentence head) together with masked-LM" : "masked-LM";
const card = `# prognos-core-small

> **Synthetic data only: no clinical validity.** This encoder was pre-trained on machine-generated notes of a
> synthetic hospital and on public medical transcriptions. It must not be used on patients or to make any clinical
> decision.

A small BERT (${m.layers} layers, hidden ${m.hidden}, ${m.heads} heads, intermediate ${m.intermediate}, ${m.positions} positions,
BERT-base-uncased's 30,522-word-piece vocabulary) that \`prognos demo\` fine-tunes on CORe's four admission-note tasks.
It is the "${arm}" arm of the CORe ablation (docs/benchmarks.md, "CORe ablation"), chosen on the validation splits:
the highest mean val macro AUROC over the four tasks among the pre-trained arms (${valMeans}).
Hugging Face \`BertForPreTraining\` layout (\`bert.*\`, \`cls.predictions.*\`, \`cls.seq_relationship.*\`), float32
safetensors, ${mb} MB; \`prognos train\`, \`embed\` and \`pretrain --from\` load it.

- **Objective**: ${objective} (docs/core-pretraining.md), ${p.maxTokens.toLocaleString("en-US")} tokens (the
  same budget as the masked-LM arm), ${lastLog.step ?? "?"} steps of ${p.batchSize} sequences, AdamW lr ${p.lr} with
  ${p.warmupSteps} warm-up steps then linear decay, dropout ${p.dropout}, seed ${ablationConfig.seed}; from a random
  initialisation (\`prognos init-model\`, seed ${ablationConfig.seed}).
- **Data**: ${corpus.sources.map((s) => `\`${s.source}\` (${s.documents.toLocaleString("en-US")} documents)`).join(", ")}:
  the discharge summaries of a synthetic hospital of ${ablationConfig.preAdmissions.toLocaleString("en-US")} admissions
  made with another seed (${ablationConfig.preSeed}) than the demo's hospital (seed 7), so no demo patient is in it,
  and the bundled MTSamples transcriptions (CC0; data/mtsamples/SOURCE.txt).
- **Exact commands**: \`npm run bench:core-ablation\` (bench/core-ablation/run.ts prints every \`prognos\` command it
  runs; their arguments are in run.json here), then
  \`node --import tsx scripts/ship-demo-encoder.ts --ablation .bench-out/core-ablation --arm ${arm}\`.
- **Files**: model.safetensors (sha256 \`${sha256}\`), config.json, vocab.txt and tokenizer_config.json
  (BERT-base-uncased's, Apache-2.0; data/vocab/bert-base-uncased/SOURCE.txt), run.json (how it was made).
- **Licence**: Apache-2.0, as Prognos.

## What it does on the demo's tasks (the ablation's table, test split)

Each arm fine-tuned with the same recipe (mean pooling, lr 1e-3, 3 epochs, dropout 0.1, class weights; the demo's)
on a hospital made like the demo's (seed 7, 2,000 admissions; \`synth mimic3\`'s default number of other notes, so
not the demo's exact rows), macro AUROC with 95% bootstrap intervals, beside the bag-of-words baseline. **It does
not beat the bag-of-words baseline on diagnoses, procedures or mortality, and pre-training did not help on these
tasks** (docs/benchmarks.md, "CORe ablation"):

${table}
`;
writeFileSync(join(out, "README.md"), card);
console.log(`${out}: ${mb} MB, sha256 ${sha256}`);
