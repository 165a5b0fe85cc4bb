import { renameSync, writeFileSync } from "node:fs";
import type { Command } from "commander";
import type { NotePredictor } from "../../serving/NotePredictor.ts";
import type { ModelPrediction } from "../../serving/notePredictions.ts";
import type { NoteInput } from "../../serving/readNotes.ts";
import { checkOutput } from "../../util/checkOutput.ts";
import { PrognosError } from "../../util/errors.ts";
import { ProgressBar } from "../../util/ProgressBar.ts";
import { RANGES } from "../../util/ranges.ts";
import { writeError } from "../../util/writeError.ts";
import { choiceOption, integerOption, rangeHelp } from "../options/index.ts";

interface PredictOptions {
  model: string[];
  text?: string;
  file?: string;
  input?: string;
  out?: string;
  format: string;
  top: string;
  batchSize: string;
  threads?: string;
  int8?: boolean;
  overwrite?: boolean;
  progress: boolean;
  explain?: boolean;
  method: string;
  steps: string;
}

const FORMATS = ["jsonl", "csv", "fhir"] as const;
const METHODS = ["ig", "grad-x-input"] as const;

/**
 * `--format fhir` (docs/fhir.md): one RiskAssessment, or a Bundle of them, as one JSON document. Models are named as
 * `serve` names them (the folder's name) and identified by their folder's SHA-256.
 */
async function fhirAnswer(
  notes: readonly NoteInput[],
  predictor: NotePredictor,
  predictions: ModelPrediction[][],
): Promise<string> {
  const { modelNames } = await import("../../serving/modelNames.ts");
  const { folderChecksum } = await import("../../serving/folderChecksum.ts");
  const { riskAssessmentAnswer } = await import("../../serving/fhir/riskAssessments.ts");
  const dirs = predictor.models.map((m) => m.dir);
  const names = modelNames(dirs);
  const models = names.map((name, k) => ({ name, checksum: folderChecksum(dirs[k]!) }));
  const named = predictions.map((perModel) => perModel.map((p, k) => ({ ...p, model: names[k]! })));
  return JSON.stringify(riskAssessmentAnswer(notes, models, named, new Date().toISOString()), null, 2);
}

/**
 * `prognos predict --model M… (--text T | --file F | --input notes.jsonl|csv|parquet) [--out F]`: each note through
 * each model, as its head in config.json says (docs/predict.md): labels with names and titles, probabilities,
 * thresholds, what is predicted. JSON lines (or CSV) in input order; progress on stderr; note text never printed.
 */
export function registerPredict(program: Command): void {
  program
    .command("predict")
    .description(
      "predict diagnoses, procedures, mortality or length of stay for notes, with one or more trained models",
    )
    .requiredOption("--model <dir...>", "trained model or run folders (several: every note through each)")
    .option("--text <text>", "one note, given on the command line")
    .option("--file <path>", "one note, read from a UTF-8 text file")
    .option(
      "--input <path>",
      "many notes: .jsonl ({id, text} per line), .csv or .parquet (columns id, text), or a FHIR DocumentReference or Bundle (.json)",
    )
    .option("--out <path>", "write the predictions here instead of standard output")
    .option(
      "--format <name>",
      `${FORMATS.join(" | ")}: one JSON object per note, one CSV row per label shown, or FHIR RiskAssessments (FHIR --input)`,
      "jsonl",
    )
    .option(
      "--top <n>",
      rangeHelp("multi-label: the most probable labels shown beside the predicted ones", RANGES.top),
      "10",
    )
    .option("--batch-size <n>", rangeHelp("notes per ONNX Runtime call (sorted by length)", RANGES.batchSize), "16")
    .option("--threads <n>", rangeHelp("ONNX Runtime threads (default: all cores)", RANGES.threads))
    .option("--int8", "run fp32 models' encoders in int8, quantized on load (docs/quantization.md)")
    .option("--explain", "word attributions for each predicted label (binary: the risk), on the label's logit")
    .option(
      "--method <name>",
      `--explain: ${METHODS.join(" | ")} (integrated gradients from a [PAD] baseline, or gradient × input)`,
      "ig",
    )
    .option(
      "--steps <n>",
      rangeHelp("--explain ig: interpolation steps (each a forward and a backward pass)", RANGES.igSteps),
      "32",
    )
    .option("--overwrite", "replace the --out file if it exists")
    .option("--no-progress", "no progress on stderr")
    .action(async (o: PredictOptions) => {
      const format = choiceOption(o.format, "--format", FORMATS);
      const top = integerOption(o.top, "--top", RANGES.top)!;
      const batchSize = integerOption(o.batchSize, "--batch-size", RANGES.batchSize);
      const threads = integerOption(o.threads, "--threads", RANGES.threads);
      const method = choiceOption(o.method, "--method", METHODS);
      const steps = integerOption(o.steps, "--steps", RANGES.igSteps)!;
      if (format !== "jsonl" && o.explain)
        throw new PrognosError(`--explain: attributions come in JSON lines, not --format ${format}`);
      const given = [o.text, o.file, o.input].filter((x) => x !== undefined).length;
      if (given !== 1) throw new PrognosError("give the notes with exactly one of --text, --file or --input");
      if (o.out !== undefined) checkOutput({ path: o.out, kind: "file", overwrite: o.overwrite });

      const { checkNotesNotEmpty, readNotes } = await import("../../serving/readNotes.ts");
      const { readUtf8File } = await import("../../util/readUtf8File.ts");
      const notes =
        o.input !== undefined
          ? await readNotes(o.input)
          : [{ id: o.file ?? "text", text: o.text ?? (await readUtf8File(o.file!, "note file")) }];
      if (format === "fhir" && notes.some((n) => !n.fhir))
        throw new PrognosError(
          "--format fhir: give the notes as FHIR (--input a DocumentReference or Bundle .json): each RiskAssessment points to its DocumentReference and patient",
        );
      checkNotesNotEmpty(notes);
      const { Engine } = await import("../../engine/Engine.ts");
      const { NotePredictor } = await import("../../serving/NotePredictor.ts");
      const { notePredictions, predictionCsvRows, PREDICTION_CSV_HEADER } = await import(
        "../../serving/notePredictions.ts"
      );
      // Threads sleep between runs (docs/predict.md, "Speed"): on a busy machine, spinning threads burn the cores.
      const engine = Engine.create({ threads, spinning: false });
      try {
        const predictor = await NotePredictor.load(o.model, engine, { int8: o.int8 });
        for (const w of predictor.warnings) process.stderr.write(`prognos: warning: ${w}\n`);
        for (const line of predictor.sharingNotes()) process.stderr.write(`prognos: ${line}\n`);
        const bar = o.progress ? new ProgressBar({ label: "predict", unit: "notes × models" }) : null;
        const scored = await predictor.score(notes, {
          batchSize,
          onProgress: (done, total) => {
            bar?.setTotal(total);
            bar?.update(done);
          },
        });
        bar?.stop();
        const predictions = notePredictions(predictor.models, scored, top);
        if (o.explain) {
          const { explainPredictions } = await import("../../serving/explainPredictions.ts");
          const ebar = o.progress ? new ProgressBar({ label: `explain (${method})`, unit: "notes × models" }) : null;
          await explainPredictions(predictor, notes, predictions, engine, {
            method,
            steps,
            batch: batchSize,
            onProgress: (done, total) => {
              ebar?.setTotal(total);
              ebar?.update(done);
            },
          });
          ebar?.stop();
        }
        const lines: string[] = format === "csv" ? [PREDICTION_CSV_HEADER.join(",")] : [];
        let cut = 0;
        notes.forEach((n, i) => {
          const p = predictions[i]!;
          cut += p.some((x) => x.cut) ? 1 : 0;
          if (format === "csv") lines.push(...predictionCsvRows(n.id, p));
          else if (format === "jsonl") lines.push(JSON.stringify({ id: n.id, predictions: p }));
        });
        if (format === "fhir") lines.push(await fhirAnswer(notes, predictor, predictions));
        if (cut > 0)
          process.stderr.write(
            `prognos: note: ${cut} of ${notes.length} notes were longer than a model reads; their ends were not seen (the head's long-note policy is truncate)\n`,
          );
        const text = `${lines.join("\n")}\n`;
        if (o.out === undefined) process.stdout.write(text);
        else {
          try {
            writeFileSync(`${o.out}.tmp`, text);
            renameSync(`${o.out}.tmp`, o.out);
          } catch (e) {
            throw writeError(e, o.out);
          }
          process.stderr.write(`prognos: wrote predictions for ${notes.length} note(s) to ${o.out}\n`);
        }
      } finally {
        await engine.release();
      }
    });
}
