/**
 * Emergency → inpatient grouping (Synthea CSV, FHIR, OMOP).
 *
 * Synthea (and OMOP data converted from it) often records the diagnosis on the emergency visit that leads into
 * an inpatient stay, not on the stay itself; without grouping most stays would have no diagnosis label. Rule:
 *
 *   an emergency visit E leads into inpatient stay I when both belong to the same patient,
 *   E.start ≤ I.start and E.end ≥ I.start − 24 h
 *   (E ends at most 24 hours before I starts, or overlaps its start — Synthea's emergency visits usually start
 *   with the stay and end an hour into it). If several stays qualify, E leads into the earliest one.
 *
 * E stays in tl_stays as its own visit (counts of visits are unchanged), but its events and notes belong to I:
 * in tl_events / tl_notes their stay_id is I's id, with their own (earlier) times. The pairs are also exposed as
 * the extra view `tl_stay_links(stay_id, into_stay_id)` (not part of the Timeline contract: readers built on
 * common/TimelineBuilder define it, empty when they do not group).
 */

/** How long before an inpatient start an emergency visit may end and still lead into it. */
export const EMERGENCY_LEAD_HOURS = 24;

/**
 * SQL creating temp table `<prefix>_links(stay_id, into_stay_id)` from the kept stays of `<prefix>_stays`
 * (which has columns stay_id, patient_id, start_time, end_time, inpatient, emergency, skip_reason).
 * With `enabled` false the table is created empty.
 */
export function emergencyLinksSql(prefix: string, enabled: boolean): string {
  const stays = `(SELECT * FROM ${prefix}_stays WHERE skip_reason IS NULL)`;
  return (
    `CREATE OR REPLACE TEMP TABLE ${prefix}_links AS ` +
    `SELECT er.stay_id AS stay_id, ip.stay_id AS into_stay_id ` +
    `FROM ${stays} er JOIN ${stays} ip ON er.patient_id = ip.patient_id AND er.stay_id <> ip.stay_id ` +
    `WHERE ${enabled ? "TRUE" : "FALSE"} AND er.emergency AND NOT er.inpatient AND ip.inpatient ` +
    `AND er.start_time <= ip.start_time ` +
    `AND er.end_time >= ip.start_time - INTERVAL ${EMERGENCY_LEAD_HOURS} HOUR ` +
    `QUALIFY row_number() OVER (PARTITION BY er.stay_id ORDER BY ip.start_time, ip.stay_id) = 1`
  );
}
