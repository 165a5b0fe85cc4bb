import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Writes train/val/test.csv with columns id, text and `column`, one row per (split, i) from `row`. */
function writeSplits(
  dir: string,
  column: string,
  sizes: readonly [number, number, number],
  row: (i: number) => [text: string, label: string],
): string {
  mkdirSync(dir, { recursive: true });
  (["train", "val", "test"] as const).forEach((split, k) => {
    const rows = [`"id","text","${column}"`];
    for (let i = 0; i < sizes[k]!; i++) {
      const [text, label] = row(i);
      rows.push(`"${split}-${i}","${text}","${label}"`);
    }
    writeFileSync(join(dir, `${split}.csv`), `${rows.join("\n")}\n`);
  });
  return dir;
}

/** A tiny multi-label task (short_codes 428/486) in `dir`: 20/10/10 rows; written once, reused after. */
export function multiLabelTask(dir: string): string {
  if (existsSync(dir)) return dir;
  const notes = ["chest pain", "fever and cough", "chest pain with fever", "cough", "pain"];
  const codes = ["428", "486", "428,486", "486", "428"];
  return writeSplits(dir, "short_codes", [20, 10, 10], (i) => [`patient with ${notes[i % 5]}`, codes[i % 5]!]);
}

/** A tiny binary task (hospital_expire_flag: sepsis 1, cough 0) in `dir`. */
export function binaryTask(dir: string, sizes: readonly [number, number, number] = [12, 6, 6]): string {
  return writeSplits(dir, "hospital_expire_flag", sizes, (i) => [
    `patient with ${i % 2 ? "sepsis" : "cough"}`,
    String(i % 2),
  ]);
}
