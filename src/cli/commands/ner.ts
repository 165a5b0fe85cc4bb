import type { Command } from "commander";
import { RANGES } from "../../util/ranges.ts";
import { integerOption, rangeHelp } from "../options/index.ts";
import { registerNerTrain } from "./nerTrain.ts";

/** The dictionary baseline's terms: --terms, else DIR/terms.json as `synth i2b2` writes it. */
async function dictionary(data: string, terms?: string) {
  const { join } = await import("node:path");
  const { DictionaryTagger } = await import("../../baselines/dictionary/DictionaryTagger.ts");
  return DictionaryTagger.fromFile(terms ?? join(data, "terms.json"));
}

/**
 * `prognos ner train|evaluate|baseline|predict` (docs/ner.md): clinical concept extraction (problem / test /
 * treatment) as BIO token classification on i2b2 2010-format corpora.
 */
export function registerNer(program: Command): void {
  const ner = program.command("ner").description("clinical concept extraction (i2b2 2010 problem / test / treatment)");
  registerNerTrain(ner);

  ner
    .command("evaluate")
    .description("entity-level exact-match precision / recall / F1 per type and micro, beside the dictionary baseline")
    .requiredOption("--model <dir>", "token-classification model folder (`ner train`'s best/)")
    .requiredOption("--data <dir>", "i2b2 corpus (`synth i2b2`), or a folder of txt/ + concepts/")
    .option("--split <name>", "sub-folder to score (default test; '' for --data itself)", "test")
    .option("--terms <file>", "dictionary baseline terms (default: DATA/terms.json)")
    .option("--no-baseline", "score the model alone")
    .option("--out <file>", "also write the JSON report to this file")
    .option("--threads <n>", rangeHelp("ONNX Runtime threads (default: all cores)", RANGES.threads))
    .option("--json", "print the report as one JSON object")
    .action(
      async (o: {
        model: string;
        data: string;
        split: string;
        terms?: string;
        baseline: boolean;
        out?: string;
        threads?: string;
        json?: boolean;
      }) => {
        const threads = integerOption(o.threads, "--threads", RANGES.threads);
        const { checkOutput } = await import("../../util/checkOutput.ts");
        if (o.out) checkOutput({ path: o.out, kind: "file", overwrite: true });
        const { readTaggedSplit } = await import("../../sources/i2b2/taggedSentences.ts");
        const gold = readTaggedSplit(o.data, o.split || undefined);
        const { existsSync } = await import("node:fs");
        const { join } = await import("node:path");
        // A real i2b2 folder has no terms.json: score the model alone rather than fail (--terms adds a dictionary).
        const haveTerms = o.terms !== undefined || existsSync(join(o.data, "terms.json"));
        if (o.baseline && !haveTerms)
          process.stderr.write(
            `prognos: no ${join(o.data, "terms.json")}: the dictionary baseline is left out (--terms FILE adds it)\n`,
          );
        const baseline = o.baseline && haveTerms ? await dictionary(o.data, o.terms) : undefined;
        const { Engine } = await import("../../engine/Engine.ts");
        const { NerTagger } = await import("../../training/ner/NerTagger.ts");
        const { entityScores, formatEntityTable } = await import("../../evaluation/entityScores.ts");
        const engine = Engine.create({ threads });
        try {
          const tagger = await NerTagger.load(o.model, engine);
          const reports = { model: entityScores(gold.tags, await tagger.tag(gold.words)) };
          if (baseline)
            Object.assign(reports, {
              dictionary: entityScores(
                gold.tags,
                gold.words.map((w) => baseline.tag(w)),
              ),
            });
          const report = {
            model: o.model,
            data: o.data,
            split: o.split,
            sentences: gold.words.length,
            scores: reports,
          };
          if (o.out) {
            const { writeFileSync } = await import("node:fs");
            writeFileSync(o.out, `${JSON.stringify(report, null, 2)}\n`);
          }
          process.stdout.write(o.json ? `${JSON.stringify(report)}\n` : `${formatEntityTable(reports)}\n`);
        } finally {
          await engine.release();
        }
      },
    );

  ner
    .command("baseline")
    .description("score the dictionary-lookup tagger (longest match over the generator's term lists) on a corpus")
    .requiredOption("--data <dir>", "i2b2 corpus (`synth i2b2`)")
    .option("--split <name>", "sub-folder to score (default test; '' for --data itself)", "test")
    .option("--terms <file>", "terms.json (default: DATA/terms.json)")
    .option("--json", "print the report as one JSON object")
    .action(async (o: { data: string; split: string; terms?: string; json?: boolean }) => {
      const { readTaggedSplit } = await import("../../sources/i2b2/taggedSentences.ts");
      const { entityScores, formatEntityTable } = await import("../../evaluation/entityScores.ts");
      const gold = readTaggedSplit(o.data, o.split || undefined);
      const tagger = await dictionary(o.data, o.terms);
      const scores = {
        dictionary: entityScores(
          gold.tags,
          gold.words.map((w) => tagger.tag(w)),
        ),
      };
      process.stdout.write(
        o.json ? `${JSON.stringify({ data: o.data, split: o.split, scores })}\n` : `${formatEntityTable(scores)}\n`,
      );
    });

  ner
    .command("predict")
    .description("tag notes: concept spans with character offsets, one JSON line per note")
    .requiredOption("--model <dir>", "token-classification model folder (`ner train`'s best/)")
    .requiredOption("--input <file>", "notes: .jsonl ({id, text} per line), .csv or .parquet with columns id, text")
    .requiredOption(
      "--out <file>",
      'JSON lines: {"id": …, "spans": [{"start", "end", "type"}]} (offsets into the text, end exclusive)',
    )
    .option("--overwrite", "replace --out")
    .option("--threads <n>", rangeHelp("ONNX Runtime threads (default: all cores)", RANGES.threads))
    .option("--no-progress", "no progress bar on stderr")
    .action(
      async (o: {
        model: string;
        input: string;
        out: string;
        overwrite?: boolean;
        threads?: string;
        progress: boolean;
      }) => {
        const threads = integerOption(o.threads, "--threads", RANGES.threads);
        const { checkOutput } = await import("../../util/checkOutput.ts");
        checkOutput({ path: o.out, kind: "file", overwrite: o.overwrite === true });
        const { Engine } = await import("../../engine/Engine.ts");
        const { NerTagger } = await import("../../training/ner/NerTagger.ts");
        const engine = Engine.create({ threads });
        try {
          const tagger = await NerTagger.load(o.model, engine);
          const { readNotes } = await import("../../serving/readNotes.ts");
          const { noteSentences, noteSpans } = await import("../../training/ner/noteSpans.ts");
          const { ProgressBar } = await import("../../util/ProgressBar.ts");
          const notes = await readNotes(o.input);
          const cut = notes.map((n) => noteSentences(n.text));
          const all = cut.flat();
          const bar = o.progress ? new ProgressBar({ label: "ner predict", unit: "windows" }) : null;
          let started = false;
          const tags = await tagger.tag(
            all.map((s) => s.words),
            (done, total) => {
              if (!started) bar?.start(total);
              started = true;
              bar?.update(done);
            },
          );
          bar?.stop();
          let k = 0;
          const lines = notes.map((n, i) => {
            const t = tags.slice(k, k + cut[i]!.length);
            k += cut[i]!.length;
            return JSON.stringify({ id: n.id, spans: noteSpans(cut[i]!, t) });
          });
          const { writeFileSync, renameSync } = await import("node:fs");
          writeFileSync(`${o.out}.tmp`, lines.map((l) => `${l}\n`).join(""));
          renameSync(`${o.out}.tmp`, o.out);
          process.stderr.write(`prognos: tagged ${notes.length} notes → ${o.out}\n`);
        } finally {
          await engine.release();
        }
      },
    );
}
