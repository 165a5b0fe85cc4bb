import type { CatalogueDataset, CatalogueModel, DatasetCatalogue, ModelCatalogue } from "./catalogueSchema.ts";

const STEPS = ["load", "embed", "fineTune", "predict"] as const;
const STEP_NAMES: Record<(typeof STEPS)[number], string> = {
  load: "load",
  embed: "embed",
  fineTune: "fine-tune",
  predict: "predict",
};

/** Left-aligned columns, two spaces apart; the last column is not padded. */
function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd(),
  );
}

const works = (m: CatalogueModel) => STEPS.map((s) => (m.prognos[s].ok ? "yes" : "no").padEnd(5)).join(" ");
const licence = (m: CatalogueModel) => m.licence.replace(/ \(.*\)$/, "").replace(/ on the model card$/, "");
const vocab = (m: CatalogueModel) =>
  m.vocabSize === null ? "?" : `${m.vocabSize} ${m.cased === null ? "" : m.cased ? "cased" : "uncased"}`.trim();

/** `prognos models`: one line per model, then where the facts come from. */
export function formatModelTable(c: ModelCatalogue): string {
  const rows = [
    ["key", "hub id", "vocabulary", "positions", "licence", "load  embed tune  predict"],
    ...c.models.map((m) => [
      m.key,
      m.hubId ?? "(not on the hub)",
      vocab(m),
      m.maxPositions === null ? "?" : String(m.maxPositions),
      licence(m),
      works(m),
    ]),
  ];
  return `${[
    ...table(rows),
    "",
    `Facts from model cards, config files and papers, read ${c.read} (they cannot be checked offline): docs/catalogue.md.`,
    "Details, reasons and sources: prognos models <key>. Download: prognos fetch-model <hub id> --out <dir>.",
  ].join("\n")}\n`;
}

/** `prognos models <key>`: every fact of one model, with its sources. */
export function formatModel(m: CatalogueModel, read: string): string {
  const lines = [
    `${m.name} [${m.key}]`,
    `  hub id         ${m.hubId ?? "not on the Hugging Face hub"}${m.aliases ? ` (also ${m.aliases.join(", ")})` : ""}`,
    `  distribution   ${m.distribution}`,
    `  architecture   ${m.architecture}`,
    `  vocabulary     ${vocab(m)}${m.vocabulary ? ` (${m.vocabulary})` : ""}`,
    `  casing         ${m.doLowerCase}`,
    `  positions      ${m.maxPositions ?? "?"}${m.pretrainedSeqLength ? `; pre-trained on sequences of ${m.pretrainedSeqLength}` : ""}`,
    `  licence        ${m.licence}`,
    `  known for      ${m.knownFor}`,
    `  paper          ${m.paper}`,
    "  in Prognos",
    ...STEPS.map(
      (s) =>
        `    ${STEP_NAMES[s].padEnd(10)} ${m.prognos[s].ok ? "yes" : "no"}${m.prognos[s].note ? `: ${m.prognos[s].note}` : ""}`,
    ),
    `  sources (read ${read})`,
    ...m.sources.map((s) => `    ${s.url} — ${s.what}`),
  ];
  return `${lines.join("\n")}\n`;
}

/** `prognos datasets`: one line per data set. */
export function formatDatasetTable(c: DatasetCatalogue): string {
  const rows = [
    ["key", "reader", "bundled", "name"],
    ...c.datasets.map((d) => [d.key, d.reader ?? "none yet", d.bundled === "none" ? "no" : "sample", d.name]),
  ];
  return `${[
    ...table(rows),
    "",
    `Access terms and formats read ${c.read}: docs/catalogue.md. Details: prognos datasets <key>.`,
  ].join("\n")}\n`;
}

export function formatDataset(d: CatalogueDataset, read: string): string {
  const lines = [
    `${d.name} [${d.key}]`,
    `  access    ${d.access}`,
    `  format    ${d.format}`,
    `  reader    ${d.reader ? `--source ${d.reader}` : "none"}${d.status ? ` (${d.status})` : ""}`,
    `  feeds     ${d.feeds.length > 0 ? d.feeds.join("; ") : "nothing yet"}`,
    `  bundled   ${d.bundled}`,
    `  sources (read ${read})`,
    ...d.sources.map((s) => `    ${s.url} — ${s.what}`),
  ];
  return `${lines.join("\n")}\n`;
}

export const README_BEGIN =
  "<!-- catalogue:begin (generated from data/catalogue/models.json: npm run catalogue:readme) -->";
export const README_END = "<!-- catalogue:end -->";

/** The README's "Which model for what" table, between its markers. */
export function readmeSection(c: ModelCatalogue): string {
  const cell = (s: string) => s.replace(/\|/g, "\\|");
  const rows = c.models.map(
    (m) =>
      `| ${cell(m.name)} | ${m.hubId ? `\`${m.hubId}\`` : "not on the hub"} | ${cell(m.knownFor.split(";")[0]!)} | ${
        STEPS.filter((s) => m.prognos[s].ok)
          .map((s) => STEP_NAMES[s])
          .join(", ") || "nothing yet"
      } |`,
  );
  return [
    README_BEGIN,
    "",
    "| model | hub id | known for | works in Prognos |",
    "|---|---|---|---|",
    ...rows,
    "",
    `Facts read ${c.read} from the model cards and papers (\`prognos models <key>\` for reasons and sources; docs/catalogue.md).`,
    "",
    README_END,
  ].join("\n");
}
