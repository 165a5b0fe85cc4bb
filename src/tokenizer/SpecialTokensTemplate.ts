/**
 * Where the special tokens go around one text or a pair, and the token type id of every part: tokenizers'
 * TemplateProcessing (BertProcessing is the case `[CLS] A [SEP]` / `[CLS] A [SEP] B [SEP]`).
 */
export type TemplatePiece =
  | { kind: "special"; token: string; ids: number[]; typeId: number }
  | { kind: "sequence"; sequence: "A" | "B"; typeId: number };

export interface SpecialTokensTemplate {
  single: TemplatePiece[];
  pair: TemplatePiece[];
}

/** BERT's template: `[CLS] A [SEP]` (type 0) and `[CLS] A [SEP] B [SEP]` (A part type 0, B part type 1). */
export function bertTemplate(
  cls: { token: string; id: number },
  sep: { token: string; id: number },
): SpecialTokensTemplate {
  const special = (t: { token: string; id: number }, typeId: number): TemplatePiece => ({
    kind: "special",
    token: t.token,
    ids: [t.id],
    typeId,
  });
  return {
    single: [special(cls, 0), { kind: "sequence", sequence: "A", typeId: 0 }, special(sep, 0)],
    pair: [
      special(cls, 0),
      { kind: "sequence", sequence: "A", typeId: 0 },
      special(sep, 0),
      { kind: "sequence", sequence: "B", typeId: 1 },
      special(sep, 1),
    ],
  };
}

/** How many special tokens a template adds (what truncation must leave room for). */
export function specialTokenCount(pieces: TemplatePiece[]): number {
  let n = 0;
  for (const p of pieces) if (p.kind === "special") n += p.ids.length;
  return n;
}
