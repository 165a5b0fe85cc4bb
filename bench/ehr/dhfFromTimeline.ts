/**
 * The DHF cohort counted independently of the generator: SQL over a source reader's tl_* views (what
 * `prognos ehr build --cohort dhf` will see), with docs/medbert-method.md's code sets per system. Used by bench/ehr
 * and test/synth/ehr/readers.test.ts to check the generator's own tally (src/synth/ehr/DhfTally.ts) against the
 * written files.
 */
import type { Timeline } from "../../src/sources/Timeline.ts";

const c = "replace(code, '.', '')";
const T2D = `((system = 'ICD9' AND regexp_full_match(${c}, '250[0-9][02]')) OR (system = 'ICD10' AND ${c} LIKE 'E11%')
  OR (system = 'SNOMED' AND code IN ('44054006', '368581000119106')))`;
const EXCLUDED = `((system = 'ICD9' AND (regexp_full_match(${c}, '250[0-9][13]') OR ${c} = '2535' OR ${c} LIKE '6488%'
    OR ${c} LIKE '249%' OR ${c} = '7751'))
  OR (system = 'ICD10' AND (${c} LIKE 'E10%' OR ${c} = 'E232' OR ${c} LIKE 'O244%' OR ${c} LIKE 'E08%'
    OR ${c} LIKE 'E09%' OR ${c} LIKE 'E13%' OR ${c} = 'P702'))
  OR (system = 'SNOMED' AND code IN ('46635009', '15771004', '11687002', '8801005', '427089005')))`;
const HF = `((system = 'ICD9' AND (${c} LIKE '428%' OR regexp_full_match(${c}, '402[0-9]1')
    OR regexp_full_match(${c}, '404[0-9][13]')))
  OR (system = 'ICD10' AND (${c} LIKE 'I50%' OR ${c} IN ('I110', 'I130', 'I132')))
  OR (system = 'SNOMED' AND code IN ('84114007', '88805009')))`;

export interface DhfSqlCounts {
  diabetics: number;
  cases: number;
  controls: number;
  nearCases: number;
  excludedTypes: number;
}

export async function dhfFromTimeline(tl: Timeline): Promise<DhfSqlCounts> {
  const r = await tl.connection.runAndReadAll(`
    WITH ev AS (SELECT patient_id, stay_id, time, system, code FROM tl_events WHERE kind = 'diagnosis'),
    t2d AS (SELECT patient_id, count(DISTINCT stay_id) AS n, min(time) AS first FROM ev WHERE ${T2D} GROUP BY 1),
    exc AS (SELECT DISTINCT patient_id FROM ev WHERE ${EXCLUDED}),
    hf AS (SELECT patient_id, count(DISTINCT stay_id) AS n, min(time) AS first FROM ev WHERE ${HF} GROUP BY 1),
    d AS (SELECT t2d.patient_id, exc.patient_id IS NOT NULL AS excluded, hf.patient_id IS NOT NULL AS has_hf,
            hf.first >= t2d.first + INTERVAL 30 DAY AND hf.n > 1 AS is_case
          FROM t2d LEFT JOIN exc USING (patient_id) LEFT JOIN hf USING (patient_id) WHERE t2d.n >= 2)
    SELECT count(*) FILTER (WHERE NOT excluded) AS diabetics,
      count(*) FILTER (WHERE NOT excluded AND has_hf AND is_case) AS cases,
      count(*) FILTER (WHERE NOT excluded AND NOT has_hf) AS controls,
      count(*) FILTER (WHERE NOT excluded AND has_hf AND NOT is_case) AS near_cases,
      count(*) FILTER (WHERE excluded) AS excluded_types
    FROM d`);
  const row = r.getRowObjectsJS()[0]!;
  return {
    diabetics: Number(row.diabetics),
    cases: Number(row.cases),
    controls: Number(row.controls),
    nearCases: Number(row.near_cases),
    excludedTypes: Number(row.excluded_types),
  };
}
