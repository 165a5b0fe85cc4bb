import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { PrognosError } from "../../util/errors.ts";
import { readUtf8FileSync } from "../../util/readUtf8File.ts";
import { writing } from "../../util/writeError.ts";
import { formatConLine, parseConLine } from "./conceptLine.ts";
import { checkConcepts, type I2b2Document, lineTokens, sortConcepts } from "./I2b2Document.ts";

const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();

/** The folder holding the `.txt` files: DIR/txt (the i2b2 release layout) or DIR itself. */
function textFolder(dir: string): string {
  if (!isDir(dir)) throw new PrognosError("not a folder", { file: dir });
  return isDir(join(dir, "txt")) ? join(dir, "txt") : dir;
}

/** The `.con` file of document `id`: DIR/concepts, DIR/concept (the release's name) or beside the text. */
function conceptFile(dir: string, id: string): string | undefined {
  for (const sub of ["concepts", "concept", "txt", "."]) {
    const f = join(dir, sub, `${id}.con`);
    if (existsSync(f)) return f;
  }
  return undefined;
}

/**
 * Reads an i2b2 2010 concept folder (docs/ner.md#format): every `.txt` in DIR/txt (or DIR) with its `.con` in
 * DIR/concepts, DIR/concept or beside it, in file-name order. Bad input is an error naming file:line (never a silent
 * skip): a malformed line, an unknown type, offsets whose words differ from the text, overlapping concepts, a
 * missing `.con` (unless `concepts: false`, for notes to tag).
 */
export function readI2b2Folder(dir: string, options: { concepts?: boolean } = {}): I2b2Document[] {
  const needConcepts = options.concepts ?? true;
  const texts = textFolder(dir);
  const files = readdirSync(texts)
    .filter((f) => f.endsWith(".txt"))
    .sort();
  if (files.length === 0)
    throw new PrognosError("no .txt files (expected i2b2 documents in txt/ or the folder)", { file: dir });
  return files.map((f) => {
    const id = basename(f, ".txt");
    const lines = readUtf8FileSync(join(texts, f), "i2b2 text")
      .replace(/\r\n?/g, "\n")
      .replace(/\n$/, "")
      .split("\n")
      .map(lineTokens);
    const conFile = conceptFile(dir, id);
    if (!conFile) {
      if (needConcepts) throw new PrognosError(`no ${id}.con beside it or in concepts/`, { file: join(texts, f) });
      return { id, lines, concepts: [] };
    }
    const rows = readUtf8FileSync(conFile, "i2b2 concept file").split(/\r?\n/);
    const lineNo: number[] = [];
    const concepts = rows.flatMap((row, i) => {
      if (row.trim() === "") return [];
      lineNo.push(i + 1);
      return [parseConLine(row, `${conFile}:${i + 1}`)];
    });
    checkConcepts(lines, concepts, (i) => `${conFile}:${lineNo[i]}`);
    return { id, lines, concepts: sortConcepts(concepts) };
  });
}

/** Writes documents as DIR/txt/ID.txt and DIR/concepts/ID.con (the layout readI2b2Folder reads). */
export function writeI2b2Folder(dir: string, docs: readonly I2b2Document[]): void {
  writing(dir, () => {
    mkdirSync(join(dir, "txt"), { recursive: true });
    mkdirSync(join(dir, "concepts"), { recursive: true });
    for (const d of docs) {
      writeFileSync(join(dir, "txt", `${d.id}.txt`), `${d.lines.map((l) => l.join(" ")).join("\n")}\n`);
      const con = sortConcepts(d.concepts).map(formatConLine);
      writeFileSync(join(dir, "concepts", `${d.id}.con`), con.length ? `${con.join("\n")}\n` : "");
    }
  });
}
