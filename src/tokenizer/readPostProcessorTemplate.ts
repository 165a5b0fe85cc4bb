import { isObject } from "../util/readJsonFile.ts";
import type { SpecialTokensTemplate, TemplatePiece } from "./SpecialTokensTemplate.ts";

/**
 * The special-token template of tokenizer.json's `post_processor`: BertProcessing, TemplateProcessing, or null
 * (no special tokens added). `fail` reports a malformed file, `unsupported` another post-processor type.
 */
export function readPostProcessorTemplate(
  pp: unknown,
  fail: (m: string) => never,
  unsupported: (m: string) => never,
): SpecialTokensTemplate {
  if (pp === null || pp === undefined)
    return {
      single: [{ kind: "sequence", sequence: "A", typeId: 0 }],
      pair: [
        { kind: "sequence", sequence: "A", typeId: 0 },
        { kind: "sequence", sequence: "B", typeId: 1 },
      ],
    };
  if (!isObject(pp)) return fail(`post_processor must be an object or null`);
  if (pp.type === "BertProcessing") {
    const tok = (key: "cls" | "sep") => {
      const v = pp[key];
      if (!Array.isArray(v) || typeof v[0] !== "string" || !Number.isInteger(v[1]))
        fail(`post_processor.${key} must be ["token", id]`);
      return { token: (v as [string, number])[0], id: (v as [string, number])[1] };
    };
    const cls = tok("cls");
    const sep = tok("sep");
    const sp = (t: { token: string; id: number }, typeId: number): TemplatePiece => ({
      kind: "special",
      token: t.token,
      ids: [t.id],
      typeId,
    });
    return {
      single: [sp(cls, 0), { kind: "sequence", sequence: "A", typeId: 0 }, sp(sep, 0)],
      pair: [
        sp(cls, 0),
        { kind: "sequence", sequence: "A", typeId: 0 },
        sp(sep, 0),
        { kind: "sequence", sequence: "B", typeId: 1 },
        sp(sep, 1),
      ],
    };
  }
  if (pp.type !== "TemplateProcessing")
    return unsupported(
      `post_processor ${JSON.stringify(pp.type)}; Prognos supports BertProcessing, TemplateProcessing or none`,
    );
  const specials = isObject(pp.special_tokens) ? pp.special_tokens : {};
  const pieces = (key: "single" | "pair"): TemplatePiece[] => {
    const list = pp[key];
    if (!Array.isArray(list)) fail(`post_processor.${key} must be a list`);
    return (list as unknown[]).map((item, i): TemplatePiece => {
      if (isObject(item) && isObject(item.Sequence)) {
        const { id, type_id } = item.Sequence;
        if ((id !== "A" && id !== "B") || !Number.isInteger(type_id))
          fail(`post_processor.${key}[${i}] is not a valid Sequence`);
        return { kind: "sequence", sequence: id as "A" | "B", typeId: type_id as number };
      }
      if (isObject(item) && isObject(item.SpecialToken)) {
        const { id, type_id } = item.SpecialToken;
        const entry = typeof id === "string" ? specials[id] : undefined;
        if (
          !isObject(entry) ||
          !Array.isArray(entry.ids) ||
          !entry.ids.every((x) => Number.isInteger(x)) ||
          !Number.isInteger(type_id)
        )
          fail(`post_processor.${key}[${i}] names special token ${JSON.stringify(id)} without ids in special_tokens`);
        return {
          kind: "special",
          token: id as string,
          ids: (entry as { ids: number[] }).ids,
          typeId: type_id as number,
        };
      }
      return fail(`post_processor.${key}[${i}] must be {"Sequence": ...} or {"SpecialToken": ...}`);
    });
  };
  return { single: pieces("single"), pair: pieces("pair") };
}
