/**
 * Pre-training documents from plain text (docs/core-pretraining.md, "Note sources"):
 *  - the bundled MTSamples transcriptions (or another file in its format), sectioned by the scraper's inline
 *    `HEADING:,` headings and CORe's MTSamples heading lists;
 *  - a folder of notes, one `.txt` file each (sub-folders included, in path order), sectioned at the headings
 *    that start a line, with a heading list (`--headings`), or with the MIMIC discharge-summary sections;
 *  - a file in the reference's own pre-training format: documents separated by a blank line, each an admission
 *    part, a line `[SEP]`, and an outcome part.
 * A document needs both parts; every note left out is counted with its reason. Note text: never logged.
 */
import { readdirSync, statSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { MTSAMPLES_FILE, readMtSamples } from "../../sources/mtsamples/readMtSamples.ts";
import { PrognosError } from "../../util/errors.ts";
import { readUtf8FileSync } from "../../util/readUtf8File.ts";
import { pyStrip } from "../notes/pythonRegex.ts";
import { headedSections, partsFromSections, type SectionLayout } from "./headedSections.ts";
import { type HeadingLists, readHeadingLists } from "./headingLists.ts";
import { mimicOutcomeParts } from "./mimicOutcomeSections.ts";
import { countSkip, type NoteDocument, type SourceDocuments } from "./NoteDocument.ts";

const NO_ADMISSION = "no section of the admission list";
const NO_OUTCOME = "no section of the outcome list";

/** One note through heading lists: a document, or the reason it is none. */
function listedParts(
  id: string,
  text: string,
  lists: HeadingLists,
  layout: SectionLayout,
): NoteDocument | { skip: string } {
  const { admission, outcome } = partsFromSections(headedSections(text, lists, layout), lists);
  if (admission === "") return { skip: NO_ADMISSION };
  if (outcome === "") return { skip: NO_OUTCOME };
  return { id, admission, outcome };
}

function collect(source: string, description: string, read: number, notes: Iterable<NoteDocument | { skip: string }>) {
  const out: SourceDocuments = { source, description, documents: [], read, skipped: [] };
  for (const n of notes) {
    if ("skip" in n) countSkip(out.skipped, n.skip);
    else out.documents.push(n);
  }
  return out;
}

export function readMtSamplesDocuments(source: string, file = MTSAMPLES_FILE): SourceDocuments {
  const lists = readHeadingLists("mtsamples");
  const { samples, withoutText } = readMtSamples(file);
  const out = collect(
    source,
    `MTSamples transcriptions (${file === MTSAMPLES_FILE ? "bundled subset" : file}), headings: ${lists.name}`,
    samples.length + withoutText,
    samples.map((s) => listedParts(`mtsamples:${s.id}`, s.transcription, lists, "mtsamples")),
  );
  countSkip(out.skipped, "no transcription", withoutText);
  return out;
}

function textFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch (e) {
    throw new PrognosError(`${dir}: cannot read this folder of notes: ${(e as Error).message}`);
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return textFiles(path);
    return name.endsWith(".txt") ? [path] : [];
  });
}

/** `headings`: a name for readHeadingLists, or "mimic" for the MIMIC discharge-summary sections. */
export function readTextFolderDocuments(source: string, dir: string, headings: string): SourceDocuments {
  const files = textFiles(dir);
  if (files.length === 0) throw new PrognosError(`${source}: no .txt file in ${dir}`);
  const lists = headings === "mimic" ? undefined : readHeadingLists(headings);
  const notes = files.map((file): NoteDocument | { skip: string } => {
    const id = `text:${basename(dir)}/${relative(dir, file).split("\\").join("/")}`;
    const text = readUtf8FileSync(file, "note")
      .replace(/^\uFEFF/, "")
      .replace(/\r\n?/g, "\n");
    if (!lists) {
      const parts = mimicOutcomeParts(pyStrip(text));
      return parts.kept ? { id, admission: parts.admission, outcome: parts.outcome } : { skip: parts.reason };
    }
    return listedParts(id, text, lists, "lines");
  });
  const how = lists ? `headings at the start of a line, ${lists.name}` : "MIMIC discharge-summary sections";
  return collect(source, `folder of notes ${dir} (${files.length} .txt files), ${how}`, files.length, notes);
}

/**
 * The reference's pre-training text format. Unlike the reference's reader, the last document counts without a
 * blank line after it, a part over several lines keeps them all (joined by spaces), and an incomplete document
 * is skipped on its own (the reference carries its state over into the next one).
 */
export function readCoreTextDocuments(source: string, file: string): SourceDocuments {
  const blocks = readUtf8FileSync(file, "pre-training text")
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .reduce<string[][]>(
      (acc, line) => {
        if (line === "") acc.push([]);
        else acc[acc.length - 1]!.push(line);
        return acc;
      },
      [[]],
    )
    .filter((b) => b.length > 0);
  const notes = blocks.map((lines, i): NoteDocument | { skip: string } => {
    const sep = lines.indexOf("[SEP]");
    if (sep < 0) return { skip: "no [SEP] line between the admission and the outcome part" };
    const admission = lines.slice(0, sep).join(" ");
    const outcome = lines.slice(sep + 1).join(" ");
    if (admission === "") return { skip: "empty admission part" };
    if (outcome === "") return { skip: "empty outcome part" };
    return { id: `core-text:${basename(file)}#${i + 1}`, admission, outcome };
  });
  return collect(source, `CORe pre-training text ${file}`, blocks.length, notes);
}
