/**
 * Which section headings count as the admission part and which as the outcome part of a note (docs/core-pretraining.md).
 * The bundled lists are the CORe reference's (data/core-tasks/pretraining-headings/, per source); a user may give
 * their own two files (one heading a line). Headings are compared in upper case with runs of white space as one
 * space and no space at the ends: the reference compares the exact strings, and its MTSamples list holds entries
 * such as "CURRENT " (trailing space) and a few in title case that exact matching would never find.
 */
import { join } from "node:path";
import { PrognosError } from "../../util/errors.ts";
import { readUtf8FileSync } from "../../util/readUtf8File.ts";
import { CORE_TASKS_DIR } from "../splits/coreSplitLists.ts";

export interface HeadingLists {
  /** Shown in run.json and the summary, e.g. "mtsamples (CORe's lists)". */
  name: string;
  admission: ReadonlySet<string>;
  outcome: ReadonlySet<string>;
}

/** The sources whose lists the reference ships (MIMIC-III uses fixed regexes instead: mimicOutcomeSections.ts). */
export const BUNDLED_HEADING_LISTS = ["mtsamples", "pubmed", "wiki", "medquad"] as const;

export const HEADINGS_DIR = join(CORE_TASKS_DIR, "pretraining-headings");

/** A heading as lists and notes are compared: upper case, white space collapsed, trimmed. */
export function normalizeHeading(heading: string): string {
  return heading.replace(/\s+/g, " ").trim().toUpperCase();
}

function readList(file: string): Set<string> {
  const lines = readUtf8FileSync(file, "heading list")
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/);
  const out = new Set(lines.map(normalizeHeading).filter((h) => h !== ""));
  if (out.size === 0) throw new PrognosError("the heading list is empty", { file });
  return out;
}

/**
 * `name`: one of BUNDLED_HEADING_LISTS, or `ADMISSION_FILE,OUTCOME_FILE`. A heading in both lists counts as
 * admission, as in the reference (it tests the admission list first).
 */
export function readHeadingLists(name: string, argument = "--headings"): HeadingLists {
  if ((BUNDLED_HEADING_LISTS as readonly string[]).includes(name)) {
    return {
      name: `${name} (CORe's lists, data/core-tasks/pretraining-headings/)`,
      admission: readList(join(HEADINGS_DIR, `${name}_admission_headings.txt`)),
      outcome: readList(join(HEADINGS_DIR, `${name}_discharge_headings.txt`)),
    };
  }
  const files = name.split(",");
  if (files.length !== 2 || files.some((f) => f.trim() === "")) {
    throw new PrognosError(
      `${argument} ${name}: expected one of ${BUNDLED_HEADING_LISTS.join(", ")}, mimic, or ADMISSION_FILE,OUTCOME_FILE`,
    );
  }
  return { name: `${files[0]} and ${files[1]}`, admission: readList(files[0]!), outcome: readList(files[1]!) };
}
