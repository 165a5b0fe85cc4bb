import type { Engine } from "../../engine/Engine.ts";
import { toOnnx } from "../../graph/onnxWriter.ts";
import type { TensorData } from "../../graph/types.ts";
import { architectureOf } from "../../models/bert/BertEncoderModel.ts";
import { BertTokenizer } from "../../tokenizer/BertTokenizer.ts";
import { loadNerModel, type NerHeadInfo } from "./nerModelFolder.ts";
import { nerFeeds, nerStepGraphs } from "./nerStepGraphs.ts";
import { sentenceWindows, WordPieces } from "./nerWindows.ts";
import { tagSentenceWindows } from "./tagWindows.ts";

/** A trained token classifier, loaded for tagging whitespace-tokenized sentences (`ner evaluate`, `ner predict`). */
export class NerTagger {
  private constructor(
    private readonly engine: Engine,
    private readonly dir: string,
    readonly head: NerHeadInfo,
    private readonly pieces: WordPieces,
    private readonly graphs: ReturnType<typeof nerStepGraphs>,
    private readonly params: Record<string, TensorData>,
    private readonly padTokenId: number,
  ) {}

  /** Loads a model folder (refused when it has no token-classification head, nerModelFolder.ts). */
  static async load(dir: string, engine: Engine): Promise<NerTagger> {
    const { checkpoint, head } = await loadNerModel(dir);
    const { tokenizer } = await BertTokenizer.fromFolder(dir);
    const graphs = nerStepGraphs(
      {
        arch: architectureOf(checkpoint.config),
        numLabels: head.labels.length,
        weightDecay: 0,
        maxGradNorm: 0,
        hiddenDropout: 0,
        attentionDropout: 0,
        classifierDropout: 0,
      },
      0,
    );
    const all = new Map([...checkpoint.weights, ...checkpoint.headWeights]);
    const params: Record<string, TensorData> = {};
    for (const p of graphs.buildPredict().params) {
      const w = all.get(p.name);
      if (!w) throw new Error(`${dir}: weight ${p.name} is missing`);
      params[p.name] = { dtype: "float32", shape: p.shape, data: w.data };
    }
    const pad = checkpoint.config.extra.pad_token_id;
    return new NerTagger(
      engine,
      dir,
      head,
      new WordPieces(tokenizer),
      graphs,
      params,
      typeof pad === "number" ? pad : 0,
    );
  }

  /** IOB2 tags of each sentence's words (windows as in training: nerWindows.ts). */
  async tag(sentences: readonly (readonly string[])[], onProgress?: (done: number, total: number) => void) {
    const session = await this.engine.session(`ner-predict:${this.dir}`, () =>
      toOnnx(this.graphs.buildPredict().graph),
    );
    const windows = sentences.flatMap((s, i) => sentenceWindows(this.pieces, s, this.head.maxLength, i));
    return tagSentenceWindows(
      sentences,
      windows,
      this.head.labels,
      32,
      async (part) => {
        const { feeds } = nerFeeds(part, this.head.labels.length, this.padTokenId, false);
        const out = await session.run({ ...feeds, ...this.params });
        return out.logits!.data as Float32Array;
      },
      onProgress && ((done) => onProgress(done, windows.length)),
    );
  }
}
