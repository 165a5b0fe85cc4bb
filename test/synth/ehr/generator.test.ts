// The generated patients themselves (no files): ages, visits and stays, deaths, drugs after diagnoses, cancer
// precursors, and the DHF cohort's size on a seeded sample, scaled to the 100k patients the issue asks about.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { DAY_MS, YEAR_MS } from "../../../src/synth/common/time.ts";
import { emptyDhfCounts, tallyDhf } from "../../../src/synth/ehr/DhfTally.ts";
import { generatePatient } from "../../../src/synth/ehr/generatePatient.ts";
import type { SyntheticPatient } from "../../../src/synth/ehr/types.ts";

const N = 4000;
let patients: SyntheticPatient[] = [];
before(() => {
  patients = Array.from({ length: N }, (_, i) => generatePatient(21, i));
});

/** First time (encounter start) any of `keys` is coded as a condition / written as a drug, else Infinity. */
const firstCode = (p: SyntheticPatient, keys: readonly string[]) =>
  Math.min(...p.encounters.filter((e) => e.conditions.some((c) => keys.includes(c.key))).map((e) => e.start));
const firstDrug = (p: SyntheticPatient, drug: string) =>
  Math.min(...p.encounters.filter((e) => e.drugs.includes(drug)).map((e) => e.start));

describe("patients and encounters", () => {
  test("ages 18–90 at entry; every encounter within the observation, in time order, ending after it starts", () => {
    for (const p of patients) {
      const age = (p.person.entry - p.person.birth) / YEAR_MS;
      assert.ok(age >= 18 && age < 91, `age ${age}`);
      let last = Number.NEGATIVE_INFINITY;
      for (const e of p.encounters) {
        assert.ok(
          e.start >= p.person.entry - DAY_MS && e.end <= p.latent.end + DAY_MS,
          "encounter outside observation",
        );
        assert.ok(e.end > e.start);
        assert.ok(e.start >= last);
        last = e.start;
      }
      assert.equal(
        Math.floor(p.encounters[0]!.start / DAY_MS),
        p.person.entry / DAY_MS,
        "first visit on the entry day",
      );
    }
  });

  test("outpatient, emergency and inpatient visits; about one stay in five lasts more than 7 days", () => {
    const stays = patients.flatMap((p) => p.encounters.filter((e) => e.type === "inpatient"));
    const types = new Set(patients.flatMap((p) => p.encounters.map((e) => e.type)));
    assert.deepEqual([...types].sort(), ["emergency", "inpatient", "outpatient"]);
    const long = stays.filter((s) => s.end - s.start > 7 * DAY_MS).length / stays.length;
    assert.ok(long > 0.1 && long < 0.3, `share of stays > 7 days: ${long}`);
    const perPatient = patients.reduce((n, p) => n + p.encounters.length, 0) / N;
    assert.ok(perPatient > 10 && perPatient < 40, `encounters per patient: ${perPatient}`);
  });

  test("deaths: nothing after death; an in-hospital death is the last stay, ending at the death", () => {
    let inHospital = 0;
    let deaths = 0;
    for (const p of patients) {
      const died = p.encounters.filter((e) => e.died);
      assert.ok(died.length <= 1);
      if (p.latent.death === null) {
        assert.equal(died.length, 0);
        continue;
      }
      deaths++;
      for (const e of p.encounters) assert.ok(e.start <= p.latent.death);
      if (died.length === 1) {
        inHospital++;
        const stays = p.encounters.filter((e) => e.type === "inpatient");
        assert.equal(stays.at(-1), died[0]);
        assert.equal(died[0]!.end, p.latent.death);
      }
    }
    assert.ok(deaths > N * 0.03 && inHospital > deaths * 0.25, `${deaths} deaths, ${inHospital} in hospital`);
  });

  test("drugs start at or after the diagnoses that call for them", () => {
    for (const p of patients) {
      assert.ok(firstDrug(p, "metformin") >= firstCode(p, ["t2d"]));
      assert.ok(firstDrug(p, "warfarin") >= firstCode(p, ["afib"]));
      assert.ok(firstDrug(p, "albuterol") >= firstCode(p, ["copd", "copdExacerbation"]));
      const insulinFor = ["t2d", "t1d", "secondaryDm", "gestational"];
      assert.ok(firstDrug(p, "insulin") >= firstCode(p, insulinFor));
      const aceFor = ["hypertension", "t2d", "ckd1", "ckd2", "ckd3", "ckd4", "esrd", "hf"];
      assert.ok(firstDrug(p, "lisinopril") >= firstCode(p, aceFor));
    }
  });

  test("pancreatic cancer: rare, after 45 mostly, with weight loss or new-onset diabetes shortly before", () => {
    const paca = patients.filter((p) => Number.isFinite(firstCode(p, ["paca"])));
    assert.ok(paca.length >= 5 && paca.length < N * 0.02, `${paca.length} pancreatic cancers`);
    const older = paca.filter((p) => firstCode(p, ["paca"]) - p.person.birth >= 45 * YEAR_MS).length;
    assert.ok(older >= paca.length * 0.8);
    const precursors = (p: SyntheticPatient, before: number) => {
      const t = before - 2 * YEAR_MS;
      return p.encounters.some(
        (e) =>
          e.start >= t &&
          e.start < before &&
          e.conditions.some(
            (c) => ["weightLoss", "acutePancreatitis", "t2d"].includes(c.key) && firstCode(p, [c.key]) >= t,
          ),
      );
    };
    const withPrecursor = paca.filter((p) => precursors(p, firstCode(p, ["paca"]))).length / paca.length;
    const others = patients.filter((p) => !paca.includes(p) && p.latent.end - p.person.entry > 3 * YEAR_MS);
    const baseline = others.filter((p) => precursors(p, p.latent.end)).length / others.length;
    assert.ok(withPrecursor > 2 * baseline, `precursors: ${withPrecursor} of cancers vs ${baseline} of others`);
  });
});

describe("the DHF cohort", () => {
  test("a 4,000-patient sample, scaled to 100k: tens of thousands of diabetics and a few thousand cases", () => {
    const omop = emptyDhfCounts();
    const mimic = emptyDhfCounts();
    for (const p of patients) {
      tallyDhf(omop, p, false);
      tallyDhf(mimic, p, true);
    }
    const per100k = (n: number) => (n * 100_000) / N;
    assert.ok(per100k(omop.diabetics) > 20_000 && per100k(omop.diabetics) < 40_000, JSON.stringify(omop));
    assert.ok(per100k(omop.cases) > 2_000 && per100k(omop.cases) < 8_000, JSON.stringify(omop));
    assert.ok(omop.controls > 2 * omop.cases && omop.nearCases > 0 && omop.excludedTypes > 0);
    // MIMIC-III has the stays only: fewer diabetics coded twice, and many heart failures coded on one stay.
    assert.ok(mimic.diabetics < omop.diabetics / 2 && mimic.cases > 0, JSON.stringify(mimic));
  });
});
