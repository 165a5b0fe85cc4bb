/**
 * The paper's claims on synthetic data (issue 13, item 5; docs/medbert.md#reproduction): pre-train Med-BERT on one
 * synthetic EHR, build the dhf and paca cohorts from ANOTHER seed (other patients), run the training-size curves with
 * and without the pre-trained encoder, and say which of the paper's claims hold here.
 *
 *   npm run bench:medbert -- --out ./bench-medbert            # the full run (sized for about 90 minutes on 2 cores)
 *   npm run bench:medbert -- --out ./bench-medbert --quick    # a small run of every step (minutes; the tests run it)
 *
 * Resumable: each step is skipped when its output is there (pre-training and the curves continue where they stopped).
 * Writes <out>/claims.md: the curves tables and the verdict on each claim.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { main } from "../../src/cli/main.ts";
import type { CurveSummary } from "../../src/training/ehr/trainingCurves.ts";

const argv = process.argv.slice(2);
const quick = argv.includes("--quick");
const outAt = argv.indexOf("--out");
const out = resolve(outAt >= 0 ? argv[outAt + 1]! : "bench-medbert");

/** Sizes of each run; the full run's are documented in docs/medbert.md#reproduction. */
export const PLAN = quick
  ? {
      prePatients: 1200,
      cohortPatients: 1200,
      model: [
        "--hidden-size",
        "32",
        "--layers",
        "2",
        "--heads",
        "2",
        "--intermediate-size",
        "32",
        "--max-positions",
        "64",
      ],
      pretrain: ["--epochs", "4", "--lr", "3e-3", "--mask", "rate"],
      heads: "lr,gru",
      sizes: "50,100",
      repeats: "2",
      train: ["--epochs", "3", "--embedding-size", "16", "--rnn-size", "16", "--freeze"],
      cohorts: ["dhf"],
    }
  : {
      prePatients: 60000,
      cohortPatients: 40000,
      model: ["--max-positions", "64"],
      pretrain: ["--epochs", "1", "--mask", "rate"],
      heads: "lr,gru,bigru,retain",
      sizes: "100,200,500,1000,2000",
      repeats: "3",
      train: ["--epochs", "10", "--patience", "3", "--freeze"],
      cohorts: ["dhf", "paca"],
    };

async function step(what: string, done: boolean, args: string[]): Promise<void> {
  if (done) {
    console.log(`bench: ${what}: done earlier, skipped`);
    return;
  }
  console.log(`bench: ${what}: prognos ${args.join(" ")}`);
  const t = performance.now();
  const code = await main(args);
  if (code !== 0) throw new Error(`${what} failed (exit ${code})`);
  console.log(`bench: ${what}: ${((performance.now() - t) / 1000).toFixed(0)} s`);
}

const p = PLAN;
mkdirSync(out, { recursive: true });
const preSource = join(out, "pretrain-omop");
const cohortSource = join(out, "cohort-omop");
const preData = join(out, "pretrain-data");
const model = join(out, "medbert");
const synth = (n: number, seed: number, dir: string) => [
  "synth",
  "ehr",
  "--patients",
  String(n),
  "--seed",
  String(seed),
  "--out",
  dir,
  "--no-progress",
];
await step(
  "synthetic EHR for pre-training (seed 101)",
  existsSync(join(preSource, "synth-ehr-manifest.json")),
  synth(p.prePatients, 101, preSource),
);
await step(
  "synthetic EHR for the cohorts (seed 202)",
  existsSync(join(cohortSource, "synth-ehr-manifest.json")),
  synth(p.cohortPatients, 202, cohortSource),
);
await step("pre-training sequences", existsSync(join(preData, "manifest.json")), [
  "ehr",
  "build",
  "--source",
  "omop",
  "--dir",
  preSource,
  "--cohort",
  "pretrain",
  "--out",
  preData,
]);
const resume = existsSync(join(model, "state", "trainer.json")) ? ["--resume"] : [];
await step("pre-training", existsSync(join(model, "model.safetensors")), [
  "ehr",
  "pretrain",
  "--data",
  preData,
  "--out",
  model,
  ...p.model,
  ...p.pretrain,
  ...resume,
]);
const sections: string[] = [];
for (const cohort of p.cohorts) {
  const dir = join(out, `cohort-${cohort}`);
  await step(`${cohort} cohort`, existsSync(join(dir, "manifest.json")), [
    "ehr",
    "build",
    "--source",
    "omop",
    "--dir",
    cohortSource,
    "--cohort",
    cohort,
    "--out",
    dir,
  ]);
  const curves = join(out, `curves-${cohort}`);
  await step(`${cohort} curves`, existsSync(join(curves, "curves.json")), [
    "ehr",
    "curves",
    "--cohort",
    dir,
    "--pretrained",
    model,
    "--heads",
    p.heads,
    "--sizes",
    p.sizes,
    "--repeats",
    p.repeats,
    "--out",
    curves,
    ...p.train,
  ]);
  const summary = (JSON.parse(readFileSync(join(curves, "curves.json"), "utf8")) as { summary: CurveSummary[] })
    .summary;
  sections.push(`## ${cohort}\n\n${readFileSync(join(curves, "curves.md"), "utf8")}\n${claims(summary).join("\n")}\n`);
}
const text = `# Med-BERT's claims on synthetic data (${quick ? "--quick" : "full run"})\n\n${sections.join("\n")}`;
writeFileSync(join(out, "claims.md"), text);
console.log(text);

/** The paper's claims (docs/medbert-method.md#heads) checked on one cohort's summary. */
function claims(summary: readonly CurveSummary[]): string[] {
  const mean = (head: string, pre: boolean, size: number) =>
    summary.find((s) => s.head === head && s.pretrained === pre && s.size === size)?.mean ?? null;
  const sizes = [...new Set(summary.map((s) => s.size))].sort((a, b) => a - b);
  const neural = [...new Set(summary.filter((s) => s.pretrained).map((s) => s.head))];
  const lines: string[] = [];
  const gains: { head: string; size: number; gain: number }[] = [];
  for (const h of neural)
    for (const n of sizes) {
      const [a, b] = [mean(h, true, n), mean(h, false, n)];
      if (a !== null && b !== null) gains.push({ head: h, size: n, gain: a - b });
    }
  const everywhere = gains.length > 0 && gains.every((g) => g.gain > 0);
  lines.push(
    `- **Pre-training helps every GRU-family head at every size**: ${everywhere ? "holds" : "does not hold"} here ` +
      `(gains ${gains.map((g) => `${g.head}@${g.size} ${g.gain >= 0 ? "+" : ""}${g.gain.toFixed(3)}`).join(", ") || "none"}).`,
  );
  const small = gains.filter((g) => g.size < 1000).map((g) => g.gain);
  const large = gains.filter((g) => g.size >= 1000).map((g) => g.gain);
  const avg = (x: number[]) => (x.length ? x.reduce((a, b) => a + b, 0) / x.length : null);
  const [gs, gl] = [avg(small), avg(large)];
  lines.push(
    `- **The gain is largest below 1,000 patients**: ${gs === null || gl === null ? "not testable with these sizes" : gs > gl ? "holds" : "does not hold"}` +
      (gs !== null && gl !== null ? ` (mean gain ${gs.toFixed(3)} below, ${gl.toFixed(3)} from 1,000 up)` : "") +
      ".",
  );
  const lrWins = sizes
    .filter((n) => n < 500)
    .map((n) => {
      const lr = mean("lr", false, n);
      const best = Math.max(...neural.map((h) => mean(h, true, n) ?? -1));
      return lr !== null && lr >= best;
    });
  lines.push(
    `- **Logistic regression is as strong below ~500 patients**: ${lrWins.length === 0 ? "not testable" : lrWins.every(Boolean) ? "holds" : "does not hold"} ` +
      "(lr's mean AUROC at least the best pre-trained head's at every size below 500).",
  );
  return lines;
}
