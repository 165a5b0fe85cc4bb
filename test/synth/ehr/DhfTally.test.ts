// The generator's DHF tally on hand-written patients: each DHF rule (docs/medbert-method.md), and the emergency →
// inpatient grouping the readers apply (common/emergencyGrouping.ts).
import assert from "node:assert/strict";
import { test } from "node:test";
import { dhfRole, encounterGroups } from "../../../src/synth/ehr/DhfTally.ts";
import type { Encounter, SyntheticPatient, VisitType } from "../../../src/synth/ehr/types.ts";

const DAY = 86_400_000;
const HOUR = 3_600_000;

function visit(type: VisitType, day: number, keys: string[], hours = type === "inpatient" ? 72 : 1): Encounter {
  const start = Date.UTC(2015, 0, 1) + day * DAY;
  return {
    type,
    start,
    end: start + hours * HOUR,
    conditions: keys.map((key) => ({ key, u: 0 })),
    drugs: [],
    procedures: [],
    died: false,
    leadsInto: null,
    reason: "routine",
  };
}

function patient(encounters: Encounter[]): SyntheticPatient {
  return { person: {} as SyntheticPatient["person"], latent: {} as SyntheticPatient["latent"], encounters };
}

const role = (enc: Encounter[], inpatientOnly = false) => dhfRole(patient(enc), inpatientOnly).role;

test("case: HF first coded ≥ 30 days after the first diabetes encounter, on more than one encounter", () => {
  const enc = [
    visit("outpatient", 0, ["t2d"]),
    visit("outpatient", 10, ["t2d"]),
    visit("outpatient", 30, ["hf"]),
    visit("outpatient", 40, ["hf"]),
  ];
  assert.deepEqual(dhfRole(patient(enc), false), { role: "case", index: enc[2]!.start });
});

test("near-cases are neither cases nor controls: HF within 30 days, or on one encounter only", () => {
  assert.equal(
    role([visit("outpatient", 0, ["t2d"]), visit("outpatient", 29, ["t2d", "hf"]), visit("outpatient", 90, ["hf"])]),
    "nearCase",
  );
  assert.equal(
    role([visit("outpatient", 0, ["t2d"]), visit("outpatient", 10, ["t2d"]), visit("outpatient", 90, ["hf"])]),
    "nearCase",
  );
  assert.equal(
    role([visit("outpatient", 0, ["hf"]), visit("outpatient", 10, ["t2d"]), visit("outpatient", 90, ["t2d", "hf"])]),
    "nearCase",
  );
});

test("control: two diabetes encounters, no HF; index = the last encounter", () => {
  const enc = [
    visit("outpatient", 0, ["t2d"]),
    visit("outpatient", 10, ["t2dNeuropathy", "t2d"]),
    visit("outpatient", 50, ["bronchitis"]),
  ];
  assert.deepEqual(dhfRole(patient(enc), false), { role: "control", index: enc[2]!.start });
});

test("one diabetes encounter is not enough; another diabetes type excludes", () => {
  assert.equal(role([visit("outpatient", 0, ["t2d"]), visit("outpatient", 40, ["hf"])]), "none");
  for (const other of ["t1d", "insipidus", "gestational", "secondaryDm"]) {
    assert.equal(
      role([visit("outpatient", 0, ["t2d"]), visit("outpatient", 10, ["t2d", other])]),
      "excludedType",
      other,
    );
  }
});

test("an emergency visit leading into a stay (starts no later, ends ≤ 24 h before it starts) is one encounter with it", () => {
  const er = visit("emergency", 0, ["t2d"], 4);
  const stay = visit("inpatient", 0, ["t2d", "hf"]);
  stay.start = er.end;
  assert.deepEqual(encounterGroups([er, stay]), [1, 1]);
  assert.equal(role([er, stay]), "none", "the diabetes codes of the ER visit and of the stay are one encounter");
  const late = visit("inpatient", 2, ["t2d"]);
  assert.deepEqual(
    encounterGroups([er, late]),
    [0, 1],
    "an ER visit ending more than 24 h before is its own encounter",
  );
  assert.equal(role([er, late]), "control");
});

test("MIMIC-III (stays only): office and emergency visits do not count, and a code's time is the discharge", () => {
  const enc = [
    visit("outpatient", 0, ["t2d"]),
    visit("inpatient", 100, ["t2d"]),
    visit("inpatient", 200, ["t2d", "hf"]),
    visit("inpatient", 300, ["hf"]),
  ];
  assert.equal(role(enc, false), "case");
  assert.deepEqual(dhfRole(patient(enc), true), { role: "case", index: enc[2]!.end });
  assert.equal(role([visit("outpatient", 0, ["t2d"]), visit("inpatient", 100, ["t2d"])], true), "none");
});
