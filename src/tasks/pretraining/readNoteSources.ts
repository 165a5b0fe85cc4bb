/**
 * `--notes KIND:PATH …`: the note sources of a pre-training corpus (docs/core-pretraining.md, "Note sources"), read
 * one after the other into documents with an admission and an outcome part. Documents keep the order of the
 * sources, and within a source the order of their ids.
 */
import { existsSync, statSync } from "node:fs";
import { PrognosError } from "../../util/errors.ts";
import { readMimicDocuments } from "./mimicDocuments.ts";
import type { SourceDocuments } from "./NoteDocument.ts";
import { readCoreTextDocuments, readMtSamplesDocuments, readTextFolderDocuments } from "./textDocuments.ts";

export const NOTE_SOURCE_KINDS = ["mimic3", "mimic4", "synth", "mtsamples", "text", "core-text"] as const;
export type NoteSourceKind = (typeof NOTE_SOURCE_KINDS)[number];

export const NOTE_SOURCE_HELP =
  "mimic3:DIR (MIMIC-III CSV/CSV.GZ), mimic4:DIR (hosp/ and note/), synth:DIR (`prognos synth mimic3` output), " +
  "mtsamples (the bundled subset) or mtsamples:FILE.jsonl[.gz], text:DIR (one .txt note per file), " +
  "core-text:FILE (the reference's format: admission, a [SEP] line, outcome; a blank line between documents)";

export interface NoteSourceSpec {
  kind: NoteSourceKind;
  /** Folder or file; undefined only for the bundled MTSamples. */
  path?: string;
  /** The argument as given. */
  given: string;
}

/** Parses one `--notes` value; checks that the path exists and is a folder or a file as the kind needs. */
export function parseNoteSource(given: string): NoteSourceSpec {
  const colon = given.indexOf(":");
  const kind = (colon < 0 ? given : given.slice(0, colon)) as NoteSourceKind;
  const path = colon < 0 ? undefined : given.slice(colon + 1);
  if (!(NOTE_SOURCE_KINDS as readonly string[]).includes(kind)) {
    throw new PrognosError(`--notes ${given}: expected KIND:PATH with KIND one of ${NOTE_SOURCE_KINDS.join(", ")}`);
  }
  if (path === undefined || path === "") {
    if (kind === "mtsamples") return { kind, given };
    throw new PrognosError(`--notes ${given}: ${kind} needs a path (${kind}:PATH)`);
  }
  const wantsFolder = kind !== "core-text" && kind !== "mtsamples";
  if (!existsSync(path)) throw new PrognosError(`--notes ${given}: ${path} does not exist`);
  if (statSync(path).isDirectory() !== wantsFolder) {
    throw new PrognosError(`--notes ${given}: ${path} must be a ${wantsFolder ? "folder" : "file"} for ${kind}`);
  }
  return { kind, path, given };
}

export interface ReadNoteSourcesOptions {
  /** Heading lists for text:DIR sources: mtsamples (default), pubmed, wiki, medquad, mimic, or ADM_FILE,OUT_FILE. */
  headings: string;
  /** Seed of the tasks' patient hash for MIMIC-IV (`prognos tasks build --seed`; default 123). */
  splitSeed: number;
  allPatients: boolean;
  memoryLimit?: string;
  onPhase?: (message: string) => void;
  onProgress?: (done: number, total: number) => void;
}

export async function readNoteSources(
  specs: readonly NoteSourceSpec[],
  options: ReadNoteSourcesOptions,
): Promise<SourceDocuments[]> {
  const out: SourceDocuments[] = [];
  const ids = new Set<string>();
  for (const spec of specs) {
    options.onPhase?.(`reading ${spec.given}`);
    let docs: SourceDocuments;
    switch (spec.kind) {
      case "mimic3":
      case "mimic4":
      case "synth":
        docs = await readMimicDocuments(spec.kind, spec.path!, spec.given, {
          splitSeed: options.splitSeed,
          allPatients: options.allPatients,
          memoryLimit: options.memoryLimit,
          onProgress: options.onProgress,
        });
        break;
      case "mtsamples":
        docs = readMtSamplesDocuments(spec.given, spec.path);
        break;
      case "text":
        docs = readTextFolderDocuments(spec.given, spec.path!, options.headings);
        break;
      case "core-text":
        docs = readCoreTextDocuments(spec.given, spec.path!);
        break;
    }
    // Ids name the documents (and pick the validation ones): the same document twice, or two sources whose ids
    // collide (two folders of the same name), are refused.
    const twice = docs.documents.find((d) => ids.has(d.id));
    if (twice)
      throw new PrognosError(`--notes ${spec.given}: document ${twice.id} was already read from another --notes`);
    for (const d of docs.documents) ids.add(d.id);
    out.push(docs);
  }
  return out;
}
