/**
 * `prognos ehr build`: timeline → cohort → Med-BERT sequences → folder with
 *   sequences.parquet, sequences.jsonl  one row per patient (patient_id, split, label, index_time, tokens,
 *                                       token_ids, visits, positions, n_codes, n_visits, plos_label, n_unk)
 *   vocab.json                          [{token, id, count}], built on the train split only
 *   manifest.json                       options, cohort definition, counts per status/split, bad input, reader skips
 * Everything runs in DuckDB (COPY … TO), so rows never pass through JavaScript.
 */
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { sqlString } from "../../sources/common/sql.ts";
import { getSourceReader } from "../../sources/registry.ts";
import type { SkipRecord, SourceId } from "../../sources/Timeline.ts";
import { checkOutput } from "../../util/checkOutput.ts";
import { PrognosError } from "../../util/errors.ts";
import { DEFAULT_MEMORY_LIMIT, openDuckDB } from "../../util/openDuckDB.ts";
import { writeOutputFolder } from "../../util/outputFolder.ts";
import { writeError, writing } from "../../util/writeError.ts";
import { explainOutOfMemory } from "../explainOutOfMemory.ts";
import type { CohortDefinition } from "./cohorts/cohortRegistry.ts";
import { createCohortBase, decideCohort, END_OF_DATA_SQL, getCohort } from "./cohorts/cohortSql.ts";
import { type ConfirmationSummary, type ConfirmMode, prepareConfirmation } from "./cohorts/confirmationSql.ts";
import { type BadInputRecord, collectBadInput } from "./ehrBadInput.ts";
import { EHR_COHORT_FILES, EHR_COHORT_KIND, EHR_MANIFEST_FILE, isEhrCohortFolder } from "./ehrCohortFolder.ts";
import { createSequences, createVocabulary, EVENT_KINDS, type EventKind } from "./sequenceSql.ts";

export interface EhrBuildOptions {
  source: string;
  dir: string;
  cohort: string;
  out: string;
  maxCodes?: number;
  events?: EventKind[];
  minCount?: number;
  seed?: number;
  memoryLimit?: string;
  /** dhf: confirm diabetes by an antidiabetic drug / HbA1c ≥ 6.5% before the index (default none). */
  confirm?: ConfirmMode;
  /**
   * pretrain only: cohort folders whose val and test patients are held out too (the test split of `seed` always
   * is), for cohorts built with another --seed (docs/medbert.md#pretraining).
   */
  exclude?: string[];
  /** Replace an earlier cohort in `out` (otherwise it is refused). */
  overwrite?: boolean;
  /** Called as each phase starts (reading the source, the cohort, sequences, writing). */
  onPhase?: (message: string) => void;
}

export interface EhrManifest {
  kind: typeof EHR_COHORT_KIND;
  source: SourceId;
  dir: string;
  cohort: CohortDefinition;
  options: { maxCodes: number; events: EventKind[]; minCount: number; seed: number; confirm: ConfirmMode };
  /** The confirmation applied (--dhf-confirm), null when none. */
  confirmation: ConfirmationSummary | null;
  /** readmission: controls need `days` of follow-up after the discharge, ending no later than endOfData. */
  followUp: { days: number; endOfData: string | null } | null;
  split: string;
  statuses: Record<string, number>;
  noInputCodes: { cases: number; controls: number; kept?: number };
  /** pretrain only: who was held out, so that no patient a model will be tested on is pre-trained on. */
  heldOut?: {
    testSplitSeed: number;
    excluded: { dir: string; valTestPatients: number; foundInSource: number }[];
  };
  splits: Record<string, { patients: number; cases: number; controls: number }>;
  vocabulary: { size: number; unknownTokens: number };
  badInput: BadInputRecord[];
  readerSkips: SkipRecord[];
  files: string[];
}

async function rows(conn: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await conn.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}

export function parseEvents(value: string): EventKind[] {
  const kinds = value
    .split(",")
    .map((k) => k.trim())
    .filter(Boolean);
  for (const k of kinds) {
    if (!(k in EVENT_KINDS)) throw new PrognosError(`--events: unknown kind '${k}'; use dx, px, rx (comma-separated)`);
  }
  if (kinds.length === 0) throw new PrognosError("--events: empty; use dx, px, rx (comma-separated)");
  return [...new Set(kinds)] as EventKind[];
}

/**
 * ehr_excluded(patient_id): the val and test patients of the --exclude cohort folders, with how many each lists and
 * how many of them the source has (0 found usually means a folder built from another source).
 */
async function createExcluded(
  conn: DuckDBConnection,
  dirs: readonly string[],
): Promise<NonNullable<EhrManifest["heldOut"]>["excluded"]> {
  if (dirs.length === 0) return [];
  const out: NonNullable<EhrManifest["heldOut"]>["excluded"] = [];
  await conn.run("CREATE OR REPLACE TEMP TABLE ehr_excluded (patient_id VARCHAR)");
  for (const dir of dirs) {
    const file = sqlString(join(dir, "sequences.parquet"));
    await conn.run(`CREATE OR REPLACE TEMP TABLE ehr_excluded_one AS
      SELECT DISTINCT patient_id::VARCHAR AS patient_id FROM read_parquet(${file}) WHERE split IN ('val', 'test')`);
    const [r] = await rows(
      conn,
      `SELECT count(*) AS n, count(*) FILTER (WHERE patient_id IN (SELECT patient_id::VARCHAR FROM tl_patients)) AS found
       FROM ehr_excluded_one`,
    );
    out.push({ dir: resolve(dir), valTestPatients: Number(r?.n ?? 0), foundInSource: Number(r?.found ?? 0) });
    await conn.run("INSERT INTO ehr_excluded SELECT patient_id FROM ehr_excluded_one");
  }
  return out;
}

export async function buildEhrDataset(o: EhrBuildOptions): Promise<EhrManifest> {
  const cohort = getCohort(o.cohort);
  const maxCodes = o.maxCodes ?? 64;
  if (!Number.isInteger(maxCodes) || maxCodes < 1 || maxCodes > 512)
    throw new PrognosError(`--max-codes: expected an integer 1…512, got '${o.maxCodes}'`);
  const minCount = o.minCount ?? 1;
  if (!Number.isInteger(minCount) || minCount < 1)
    throw new PrognosError(`--min-count: expected an integer ≥ 1, got '${o.minCount}'`);
  const seed = o.seed ?? 0;
  if (!Number.isInteger(seed)) throw new PrognosError(`--seed: expected an integer, got '${o.seed}'`);
  const events = o.events ?? ["dx"];
  const confirm = o.confirm ?? "none";
  const exclude = o.exclude ?? [];
  if (exclude.length > 0 && cohort.kind !== "all")
    throw new PrognosError(`--exclude: applies to --cohort pretrain only (got --cohort ${cohort.name})`);
  for (const dir of exclude)
    if (!isEhrCohortFolder(dir))
      throw new PrognosError(`--exclude: not an EHR cohort folder (no manifest.json from \`prognos ehr build\`)`, {
        file: dir,
      });
  if (confirm !== "none" && (cohort.kind !== "onset" || !cohort.confirmation))
    throw new PrognosError(`--dhf-confirm ${confirm}: applies to the dhf cohort only (got --cohort ${cohort.name})`);
  const reader = getSourceReader(o.source);
  const earlier = checkOutput({
    path: o.out,
    kind: "folder",
    holds: EHR_COHORT_FILES,
    what: "an EHR cohort",
    overwrite: o.overwrite,
  }).existing;
  const memoryLimit = o.memoryLimit ?? DEFAULT_MEMORY_LIMIT;
  let doing = "";
  const phase = (message: string) => {
    doing = message;
    o.onPhase?.(message);
  };
  const db = await openDuckDB(memoryLimit);
  try {
    phase(`reading ${reader.id} tables in ${resolve(o.dir)}`);
    const timeline = await reader.open(o.dir, { connection: db.connection });
    const conn = db.connection;
    // outputs are ordered explicitly (ORDER BY); without this DuckDB keeps insertion order in memory
    await conn.run("SET preserve_insertion_order = false");
    phase(`cohort ${cohort.name}`);
    await createCohortBase(conn);
    const confirmation = await prepareConfirmation(conn, cohort, confirm);
    const excluded = await createExcluded(conn, exclude);
    await decideCohort(conn, cohort, {
      unconfirmedStatus: confirmation?.summary.status,
      pretrain: { seed, excludedTable: exclude.length > 0 ? "ehr_excluded" : undefined },
    });
    phase("code sequences and vocabulary");
    await createSequences(conn, { kinds: events, maxCodes, seed });
    await createVocabulary(conn, minCount);
    const statuses: Record<string, number> = {};
    for (const r of await rows(conn, `SELECT status, count(*) AS n FROM ehr_decided GROUP BY status ORDER BY status`))
      statuses[String(r.status)] = Number(r.n);
    const empty = await rows(
      conn,
      `SELECT count(*) FILTER (WHERE label = 1) AS cases, count(*) FILTER (WHERE label = 0) AS controls,
         count(*) FILTER (WHERE status = 'kept') AS kept
       FROM ehr_decided d WHERE keep AND NOT EXISTS (SELECT 1 FROM ehr_seq s WHERE s.patient_id = d.patient_id)`,
    );
    const splits: EhrManifest["splits"] = {};
    for (const s of ["train", "val", "test"]) splits[s] = { patients: 0, cases: 0, controls: 0 };
    for (const r of await rows(
      conn,
      `SELECT split, count(*) AS n, count(*) FILTER (WHERE label = 1) AS cases,
         count(*) FILTER (WHERE label = 0) AS controls FROM ehr_out GROUP BY split`,
    )) {
      splits[String(r.split)] = { patients: Number(r.n), cases: Number(r.cases), controls: Number(r.controls) };
    }
    const vocab = await rows(conn, `SELECT token, id, count FROM ehr_vocab ORDER BY id`);
    const unk = await rows(conn, `SELECT coalesce(sum(n_unk), 0) AS n FROM ehr_out`);
    const followUp =
      cohort.kind === "readmission"
        ? {
            days: cohort.days ?? 30,
            endOfData: ((await rows(conn, `SELECT strftime(t, '%Y-%m-%d %H:%M:%S') AS t FROM (${END_OF_DATA_SQL})`))[0]
              ?.t ?? null) as string | null,
          }
        : null;
    const badInput = await collectBadInput(
      conn,
      timeline.source,
      cohort.kind === "onset" && cohort.minAgeAtIndex !== undefined,
    );
    const out = resolve(o.out);
    phase(`writing ${out}`);
    const manifest: EhrManifest = {
      kind: EHR_COHORT_KIND,
      source: timeline.source,
      dir: resolve(o.dir),
      cohort,
      options: { maxCodes, events, minCount, seed, confirm },
      confirmation: confirmation?.summary ?? null,
      followUp,
      split: `seeded hash of the patient id (SHA-256, seed ${seed}): 70/10/20 train/val/test`,
      statuses,
      noInputCodes: {
        cases: Number(empty[0]?.cases ?? 0),
        controls: Number(empty[0]?.controls ?? 0),
        ...(cohort.kind === "all" ? { kept: Number(empty[0]?.kept ?? 0) } : {}),
      },
      ...(cohort.kind === "all" ? { heldOut: { testSplitSeed: seed, excluded } } : {}),
      splits,
      vocabulary: { size: vocab.length, unknownTokens: Number(unk[0]?.n ?? 0) },
      badInput,
      readerSkips: timeline.skips,
      files: [...EHR_COHORT_FILES],
    };
    // Written under a temporary sibling of --out and moved into place at the end, the manifest last
    // (util/outputFolder.ts): a killed build leaves no half-written cohort.
    await writeOutputFolder(
      out,
      async (tmp) => {
        const select = `SELECT patient_id, split, label, strftime(index_time, '%Y-%m-%d %H:%M:%S') AS index_time, tokens, token_ids,
          visits, positions, n_codes, n_visits, plos_label, n_unk FROM ehr_out ORDER BY patient_id`;
        for (const [file, format] of [
          ["sequences.parquet", "FORMAT PARQUET"],
          ["sequences.jsonl", "FORMAT JSON"],
        ]) {
          const path = join(tmp, file!);
          await conn.run(`COPY (${select}) TO ${sqlString(path)} (${format})`).catch((e) => {
            throw writeError(e, path);
          });
        }
        writing(tmp, () =>
          writeFileSync(
            join(tmp, "vocab.json"),
            JSON.stringify(vocab.map((v) => ({ token: v.token, id: Number(v.id), count: Number(v.count) }))) + "\n",
          ),
        );
        writing(tmp, () => writeFileSync(join(tmp, EHR_MANIFEST_FILE), JSON.stringify(manifest, null, 2) + "\n"));
      },
      { replace: earlier, last: [EHR_MANIFEST_FILE] },
    );
    return manifest;
  } catch (e) {
    throw explainOutOfMemory(e, memoryLimit, doing);
  } finally {
    db.close();
  }
}
