import type { Command } from "commander";
import { registerBaseline } from "./baseline.ts";
import { registerDatasets } from "./datasets.ts";
import { registerDemo } from "./demo.ts";
import { registerDoctor } from "./doctor.ts";
import { registerEhr } from "./ehr.ts";
import { registerEmbed } from "./embed.ts";
import { registerEvaluate } from "./evaluate.ts";
import { registerExport } from "./export.ts";
import { registerFetchModel } from "./fetchModel.ts";
import { registerInitModel } from "./initModel.ts";
import { registerInspect } from "./inspect.ts";
import { registerModels } from "./models.ts";
import { registerNer } from "./ner.ts";
import { registerPredict } from "./predict.ts";
import { registerPretrain } from "./pretrain.ts";
import { registerQuantize } from "./quantize.ts";
import { registerScore } from "./score.ts";
import { registerServe } from "./serve.ts";
import { registerSynth } from "./synth.ts";
import { registerTasks } from "./tasks.ts";
import { registerTokenize } from "./tokenize.ts";
import { registerTrain } from "./train.ts";
import { registerVocab } from "./vocab.ts";
import { registerWorker } from "./worker.ts";

/** Each entry adds one sub-command to the program. Keep one command per file, registered here. */
export const commands: Array<(program: Command) => void> = [
  registerTokenize,
  registerVocab,
  registerInspect,
  registerFetchModel,
  registerModels,
  registerDatasets,
  registerEmbed,
  registerExport,
  registerQuantize,
  registerTasks,
  registerSynth,
  registerInitModel,
  registerTrain,
  registerPretrain,
  registerEvaluate,
  registerDoctor,
  registerPredict,
  registerServe,
  registerScore,
  registerWorker,
  registerBaseline,
  registerEhr,
  registerDemo,
  registerNer,
];
