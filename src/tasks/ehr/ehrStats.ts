/** `prognos ehr stats`: what a built cohort folder holds, and why a cohort is empty when it is. */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { sqlString } from "../../sources/common/sql.ts";
import { PrognosError } from "../../util/errors.ts";
import { openDuckDB } from "../../util/openDuckDB.ts";
import { readJsonFile } from "../../util/readJsonFile.ts";
import type { EhrManifest } from "./buildEhrDataset.ts";

export interface EhrStats {
  source: string;
  cohort: string;
  patients: number;
  cases: number;
  controls: number;
  /** Patients without an outcome (a pretrain folder: every patient). */
  unlabeled: number;
  /** pretrain folders: who was held out from pre-training. */
  heldOut: EhrManifest["heldOut"] | null;
  splits: EhrManifest["splits"];
  codesPerPatient: { min: number; median: number; mean: number; max: number };
  visitsPerPatient: { min: number; median: number; mean: number; max: number };
  prolongedLosLabel: number;
  vocabulary: EhrManifest["vocabulary"];
  statuses: Record<string, number>;
  /** The confirmation applied (ehr build --dhf-confirm), null when none. */
  confirmation: EhrManifest["confirmation"];
  /** readmission: the follow-up rule's end of the data, null for other cohorts. */
  followUp: EhrManifest["followUp"];
  noInputCodes: EhrManifest["noInputCodes"];
  badInput: EhrManifest["badInput"];
  /** Set when there are no cases or no controls. */
  emptyReason: string | null;
}

export async function ehrStats(dir: string): Promise<EhrStats> {
  const path = join(dir, "manifest.json");
  if (!existsSync(path))
    throw new PrognosError("no manifest.json: not a folder written by `prognos ehr build`", { file: dir });
  const m = readJsonFile(path) as EhrManifest;
  const db = await openDuckDB(null); // reads a built folder back: no --memory-limit, DuckDB's own limit
  const conn = db.connection;
  try {
    const r = (
      await conn.runAndReadAll(`SELECT count(*) AS n, count(*) FILTER (WHERE label = 1) AS cases,
        count(*) FILTER (WHERE label = 0) AS controls, count(*) FILTER (WHERE label IS NULL) AS unlabeled,
        coalesce(min(n_codes), 0) AS cmin, coalesce(median(n_codes), 0) AS cmed, coalesce(avg(n_codes), 0) AS cmean,
        coalesce(max(n_codes), 0) AS cmax, coalesce(min(n_visits), 0) AS vmin, coalesce(median(n_visits), 0) AS vmed,
        coalesce(avg(n_visits), 0) AS vmean, coalesce(max(n_visits), 0) AS vmax, coalesce(sum(plos_label), 0) AS plos
        FROM read_parquet(${sqlString(join(dir, "sequences.parquet"))})`)
    ).getRowObjectsJson()[0] as Record<string, unknown>;
    const n = Number(r.n);
    const cases = Number(r.cases);
    const controls = Number(r.controls);
    const unlabeled = Number(r.unlabeled);
    const round = (x: unknown) => Math.round(Number(x) * 100) / 100;
    return {
      source: m.source,
      cohort: m.cohort.name,
      patients: n,
      cases,
      controls,
      unlabeled,
      heldOut: m.heldOut ?? null,
      splits: m.splits,
      codesPerPatient: { min: round(r.cmin), median: round(r.cmed), mean: round(r.cmean), max: round(r.cmax) },
      visitsPerPatient: { min: round(r.vmin), median: round(r.vmed), mean: round(r.vmean), max: round(r.vmax) },
      prolongedLosLabel: Number(r.plos),
      vocabulary: m.vocabulary,
      statuses: m.statuses,
      confirmation: m.confirmation ?? null,
      followUp: m.followUp ?? null,
      noInputCodes: m.noInputCodes,
      badInput: m.badInput,
      emptyReason:
        m.cohort.kind === "all"
          ? n > 0
            ? null
            : "no patients: no patient has a code of the chosen kinds"
          : cases > 0 && controls > 0
            ? null
            : emptyReason(m, cases, controls),
    };
  } finally {
    db.close();
  }
}

function emptyReason(m: EhrManifest, cases: number, controls: number): string {
  const missing = cases === 0 && controls === 0 ? "no patients" : cases === 0 ? "no cases" : "no controls";
  const excluded = Object.entries(m.statuses)
    .filter(([s]) => s !== "case" && s !== "control")
    .sort((a, b) => b[1] - a[1])
    .map(([s, k]) => `${k} ${s}`);
  const parts = [
    `${m.statuses.case ?? 0} cases and ${m.statuses.control ?? 0} controls met the definition`,
    excluded.length > 0 ? `excluded: ${excluded.join(", ")}` : "",
    m.noInputCodes.cases + m.noInputCodes.controls > 0
      ? `${m.noInputCodes.cases} cases and ${m.noInputCodes.controls} controls had no ${m.options.events.join("/")} codes before the index (dropped)`
      : "",
    m.source === "synthea-csv" || m.source === "fhir" || m.source === "omop"
      ? "Synthea-derived data record a chronic condition once, at onset, so rules that count coded encounters (dhf: ≥ 2 diabetes encounters) rarely hold"
      : "",
  ].filter(Boolean);
  return `${missing}: ${parts.join("; ")}`;
}

export function formatEhrStats(s: EhrStats): string {
  const lines = [
    s.unlabeled > 0 && s.cases + s.controls === 0
      ? `${s.cohort} from ${s.source}: ${s.patients} patients (no outcome: pre-training sequences)`
      : `${s.cohort} from ${s.source}: ${s.patients} patients (${s.cases} cases, ${s.controls} controls)`,
    ...Object.entries(s.splits).map(([k, v]) =>
      v.cases + v.controls === 0 && s.unlabeled > 0
        ? `  ${k}: ${v.patients} patients`
        : `  ${k}: ${v.patients} patients, ${v.cases} cases, ${v.controls} controls`,
    ),
    `codes per patient: min ${s.codesPerPatient.min}, median ${s.codesPerPatient.median}, mean ${s.codesPerPatient.mean}, max ${s.codesPerPatient.max}`,
    `visits per patient: min ${s.visitsPerPatient.min}, median ${s.visitsPerPatient.median}, mean ${s.visitsPerPatient.mean}, max ${s.visitsPerPatient.max}`,
    `prolonged-LOS pre-training label: ${s.prolongedLosLabel} of ${s.patients}`,
    `vocabulary: ${s.vocabulary.size} tokens (incl. [PAD] [UNK] [MASK]); unknown tokens in the data: ${s.vocabulary.unknownTokens}`,
    "patients by status:",
    ...Object.entries(s.statuses).map(([k, v]) => `  ${k}: ${v}`),
  ];
  if (s.followUp)
    lines.push(
      `follow-up: a control needs ${s.followUp.days} days after its discharge without death, ending by the end of ` +
        `the data (${s.followUp.endOfData ?? "no times"}: the latest visit or event time in the source)`,
    );
  const c = s.confirmation;
  if (c)
    lines.push(
      `confirmation (--dhf-confirm ${c.mode}): evidence from ${c.used.join(" and ")} before the index` +
        (c.notInSource.length ? ` (${c.notInSource.join(", ")}: not in the source)` : "") +
        `; evidence events in the source: ${c.evidenceEvents.drugs} drugs, ${c.evidenceEvents.labs} labs` +
        (c.labsWithoutValue ? `; ${c.labsWithoutValue} confirming lab codes without a value (cannot confirm)` : ""),
    );
  if (s.heldOut) {
    lines.push(`held out from pre-training: the test split of seed ${s.heldOut.testSplitSeed}`);
    for (const x of s.heldOut.excluded)
      lines.push(
        `  and the val/test patients of ${x.dir}: ${x.valTestPatients} listed, ${x.foundInSource} in this source`,
      );
  }
  if (s.noInputCodes.kept) lines.push(`dropped for no codes: ${s.noInputCodes.kept} patients`);
  if (s.noInputCodes.cases + s.noInputCodes.controls > 0)
    lines.push(
      `dropped for no codes before the index: ${s.noInputCodes.cases} cases, ${s.noInputCodes.controls} controls`,
    );
  for (const b of s.badInput)
    lines.push(
      `bad input: ${b.rule}: ${b.count} in ${b.file}${b.exampleRows.length ? ` (rows ${b.exampleRows.join(", ")})` : ""}`,
    );
  if (s.emptyReason) lines.push(`empty cohort — ${s.emptyReason}`);
  return lines.join("\n");
}
