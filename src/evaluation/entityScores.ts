/** One entity of a tag sequence: its type and inclusive token range. */
export interface Entity {
  type: string;
  start: number;
  end: number;
}

export interface EntityCounts {
  precision: number;
  recall: number;
  f1: number;
  /** Gold entities (seqeval's "support"). */
  support: number;
  predicted: number;
  correct: number;
}

export interface EntityReport {
  /** Per type, in sorted type order. */
  types: Record<string, EntityCounts>;
  micro: EntityCounts;
}

const tagOf = (t: string) => t[0]!;
const typeOf = (t: string) => t.slice(1).split("-").slice(1).join("-") || (t.length > 1 ? t.slice(1) : "_");

function endOfChunk(prevTag: string, tag: string, prevType: string, type: string): boolean {
  if (prevTag === "E" || prevTag === "S") return true;
  if ((prevTag === "B" || prevTag === "I") && (tag === "B" || tag === "S" || tag === "O")) return true;
  return prevTag !== "O" && prevTag !== "." && prevType !== type;
}

function startOfChunk(prevTag: string, tag: string, prevType: string, type: string): boolean {
  if (tag === "B" || tag === "S") return true;
  if ((prevTag === "E" || prevTag === "S" || prevTag === "O") && (tag === "E" || tag === "I")) return true;
  return tag !== "O" && tag !== "." && prevType !== type;
}

/**
 * The entities of one tag sequence by seqeval's default (conlleval-compatible) rules, `get_entities`: a chunk starts
 * at B-, and also at an I- that follows O or a different type (an I- without B- opens an entity); it ends before B-,
 * O, or a change of type. docs/ner.md#scoring.
 */
export function extractEntities(tags: readonly string[]): Entity[] {
  const out: Entity[] = [];
  let prevTag = "O";
  let prevType = "";
  let begin = 0;
  [...tags, "O"].forEach((chunk, i) => {
    const tag = tagOf(chunk);
    const type = chunk === "O" ? "_" : typeOf(chunk);
    if (endOfChunk(prevTag, tag, prevType, type)) out.push({ type: prevType, start: begin, end: i - 1 });
    if (startOfChunk(prevTag, tag, prevType, type)) begin = i;
    prevTag = tag;
    prevType = type;
  });
  return out;
}

function counts(correct: number, predicted: number, support: number): EntityCounts {
  const precision = predicted === 0 ? 0 : correct / predicted;
  const recall = support === 0 ? 0 : correct / support;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, support, predicted, correct };
}

/**
 * Entity-level exact-match precision, recall and F1 per type and micro-averaged, as seqeval's classification_report
 * (default mode) and the i2b2 2010 concept task's exact scoring give them: an entity counts as correct when a
 * predicted one has the same type, sentence, first and last token. A zero denominator gives 0, as seqeval's default.
 * `gold` and `predicted` are sentences of tags, in the same order and of the same lengths.
 */
export function entityScores(
  gold: readonly (readonly string[])[],
  predicted: readonly (readonly string[])[],
): EntityReport {
  if (gold.length !== predicted.length)
    throw new Error(`entityScores: ${gold.length} gold sentences but ${predicted.length} predicted`);
  const key = (s: number, e: Entity) => `${e.type}\u0000${s}\u0000${e.start}\u0000${e.end}`;
  const goldSet = new Set<string>();
  const predSet = new Set<string>();
  const types = new Set<string>();
  gold.forEach((g, s) => {
    if (g.length !== predicted[s]!.length)
      throw new Error(`entityScores: sentence ${s} has ${g.length} gold tags but ${predicted[s]!.length} predicted`);
    for (const e of extractEntities(g)) {
      goldSet.add(key(s, e));
      types.add(e.type);
    }
    for (const e of extractEntities(predicted[s]!)) {
      predSet.add(key(s, e));
      types.add(e.type);
    }
  });
  const byType = (set: Set<string>, t: string) => [...set].filter((k) => k.startsWith(`${t}\u0000`));
  const out: Record<string, EntityCounts> = {};
  for (const t of [...types].sort()) {
    const g = byType(goldSet, t);
    const p = byType(predSet, t);
    out[t] = counts(p.filter((k) => goldSet.has(k)).length, p.length, g.length);
  }
  const correct = [...predSet].filter((k) => goldSet.has(k)).length;
  return { types: out, micro: counts(correct, predSet.size, goldSet.size) };
}

/** A fixed-width table of a report (one row per type, then micro). */
export function formatEntityTable(reports: Record<string, EntityReport>): string {
  const rows = [["model", "type", "precision", "recall", "F1", "support"]];
  for (const [name, r] of Object.entries(reports)) {
    for (const [t, c] of [...Object.entries(r.types), ["micro", r.micro] as const])
      rows.push([name, t, c.precision.toFixed(4), c.recall.toFixed(4), c.f1.toFixed(4), String(c.support)]);
  }
  const width = rows[0]!.map((_, j) => Math.max(...rows.map((r) => r[j]!.length)));
  return rows.map((r) => r.map((c, j) => (j < 2 ? c.padEnd(width[j]!) : c.padStart(width[j]!))).join("  ")).join("\n");
}
