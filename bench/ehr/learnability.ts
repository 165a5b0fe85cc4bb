/**
 * Learnability of the synthetic EHR (docs/synthetic-ehr.md): on N seeded patients (default 20,000, seed 3), the DHF
 * cohort's test AUROC for logistic regression on a bag of codes and on order/timing features, one group at a time
 * and all together (dhfLearnability.ts). With --sklearn, the same matrices and split are fitted by
 * scikit-learn's LogisticRegression (Debian's /usr/bin/python3, bench/ehr/sklearn_auroc.py) as a cross-check of
 * the hand-written gradient descent.
 *
 *   npm run bench:ehr-learnability
 *   npm run bench:ehr-learnability -- --patients 20000 --seed 3 --sklearn
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { generatePatient } from "../../src/synth/ehr/generatePatient.ts";
import { BAG, dhfCohort, type FeatureParts, features, ORDER, split, testAuroc } from "./dhfLearnability.ts";

const { values } = parseArgs({
  options: {
    patients: { type: "string", default: "20000" },
    seed: { type: "string", default: "3" },
    sklearn: { type: "boolean", default: false },
  },
});
const n = Number(values.patients);
const seed = Number(values.seed);
const t0 = performance.now();
const cohort = dhfCohort(
  (function* () {
    for (let i = 0; i < n; i++) yield generatePatient(seed, i);
  })(),
);
const cases = cohort.filter((m) => m.label === 1).length;
console.log(
  `${n} patients (seed ${seed}): DHF cohort ${cohort.length} (${cases} cases, ${cohort.length - cases} controls)`,
);

const sets: Array<[string, FeatureParts]> = [
  ["bag of codes", BAG],
  ["+ recency (coded in the last year)", { ...BAG, recency: true }],
  ["+ duration (years since first coded)", { ...BAG, duration: true }],
  ["+ pairs (X first coded before Y, 12 most frequent codes)", { ...BAG, pairs: true }],
  ["+ targeted (CKD after diabetes, years of diabetes, recent MI, new AFib)", { ...BAG, targeted: true }],
  ["order-aware (bag + recency + targeted)", ORDER],
  ["everything", { recency: true, duration: true, pairs: true, targeted: true }],
];
const result: Record<string, number> = {};
console.log("features | test AUROC (TS gradient descent)");
console.log("---|---:");
for (const [name, parts] of sets) {
  result[name] = testAuroc(cohort, parts);
  console.log(`${name} | ${result[name]!.toFixed(3)}`);
}

if (values.sklearn) {
  const dir = join(".bench-out", "ehr-learnability");
  mkdirSync(dir, { recursive: true });
  const [, test] = split(cohort.length);
  const isTest = new Uint8Array(cohort.length);
  for (const i of test) isTest[i] = 1;
  for (const [name, parts] of [sets[0]!, sets[5]!]) {
    const file = join(dir, `${parts === BAG ? "bag" : "order"}.csv`);
    const x = features(cohort, parts);
    writeFileSync(file, x.map((row, i) => `${cohort[i]!.label},${isTest[i]},${row.join(",")}`).join("\n"));
    const r = spawnSync("/usr/bin/python3", [join(import.meta.dirname, "sklearn_auroc.py"), file], {
      encoding: "utf8",
    });
    if (r.status !== 0) throw new Error(r.stderr);
    console.log(`scikit-learn LogisticRegression, ${name}: test AUROC ${r.stdout.trim()}`);
  }
}
console.log(
  JSON.stringify({
    bench: "ehr-learnability",
    patients: n,
    seed,
    members: cohort.length,
    cases,
    auroc: result,
    seconds: Math.round((performance.now() - t0) / 1000),
  }),
);
