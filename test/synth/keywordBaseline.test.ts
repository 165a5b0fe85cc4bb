import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { after, before, test } from "node:test";
import { auroc } from "./helpers/auroc.ts";
import { admissionNote, admissionSections, deathFiltered } from "./helpers/coreSections.ts";
import { adultReports, diagnosisGroup, type Hospital, makeHospital } from "./helpers/hospital.ts";

/**
 * A quick keyword baseline: score each admission by counting condition keywords in the ADMISSION sections only
 * (CORe's extraction), and compute the AUROC against its codes. Learnable but not trivial means: clearly above 0.5,
 * clearly below 1 — the notes carry partial, noisy evidence (missing mentions, negations, family history, shared
 * drugs, coding noise).
 */
const KEYWORDS: Record<string, RegExp> = {
  "428": /\b(chf|heart failure|hfref|hfpef|lasix|furosemide|torsemide|jvp|orthopnea|edema|crackles|lvef|ef \d+|bnp)/g,
  "250": /\b(dm2?|t2dm|diabetes|niddm|iddm|insulin|metformin|glipizide|glargine|humalog|a1c)/g,
  "427":
    /\b(afib|a-fib|atrial fibrillation|af|irregularly irregular|irreg irreg|coumadin|warfarin|apixaban|diltiazem|digoxin)\b/g,
  "038": /\b(sepsis|septic|fevers?|lactate|hypotensi\w*|levophed|norepinephrine|pressors|vanc\w*|zosyn|rigors|wbc)/g,
  "571": /\b(cirrhosis|esld|end-stage liver|ascites|lactulose|rifaximin|varices|meld|jaundic\w*|icterus|asterixis)/g,
};
const MORTALITY =
  /\b(intubat\w*|levophed|norepinephrine|pressors|unresponsive|dnr|dni|metasta\w*|stage iv|lactate|gcs|hypotensi\w*|icu|micu|age over 90|somnolent|lethargic|ill appearing|respiratory distress|nrb)/g;

let h: Hospital;
let rows: Array<{ note: string; groups: Set<string>; died: boolean }>;
const count = (text: string, re: RegExp) => text.match(re)?.length ?? 0;

before(async () => {
  h = await makeHospital(2000, 0, 4242);
  const groups = new Map<string, Set<string>>();
  for (const d of h.diagnoses) {
    if (!d.ICD9_CODE) continue;
    const g = groups.get(d.HADM_ID!) ?? new Set();
    g.add(diagnosisGroup(d.ICD9_CODE));
    groups.set(d.HADM_ID!, g);
  }
  const died = new Set(h.admissions.filter((a) => a.HOSPITAL_EXPIRE_FLAG === "1").map((a) => a.HADM_ID));
  rows = [];
  for (const [hadm, text] of adultReports(h)) {
    const sections = admissionSections(text);
    if (!sections[0] && !sections[1] && !sections[2]) continue;
    rows.push({
      note: admissionNote(sections).toLowerCase(),
      groups: groups.get(hadm) ?? new Set(),
      died: died.has(hadm),
    });
  }
});
after(() => rmSync(h.dir, { recursive: true, force: true }));

test("AUROC helper equals scikit-learn on a small example with ties", () => {
  // sklearn.metrics.roc_auc_score([0,0,1,1,0,1,0,1,1,0], [.1,.4,.35,.8,.4,.4,.2,.9,.05,.3]) = 0.68
  const y = [0, 0, 1, 1, 0, 1, 0, 1, 1, 0];
  const s = [0.1, 0.4, 0.35, 0.8, 0.4, 0.4, 0.2, 0.9, 0.05, 0.3];
  assert.ok(Math.abs(auroc(y, s) - 0.68) < 1e-12);
});

test("diagnosis groups: keyword AUROC well above 0.5, clearly below 1", () => {
  const results: Record<string, number> = {};
  for (const [group, re] of Object.entries(KEYWORDS)) {
    const y = rows.map((r) => (r.groups.has(group) ? 1 : 0));
    results[group] = auroc(
      y,
      rows.map((r) => count(r.note, re)),
    );
  }
  for (const [group, a] of Object.entries(results)) assert.ok(a > 0.75 && a < 0.95, `${group}: AUROC ${a.toFixed(3)}`);
});

test("in-hospital mortality (after CORe's death filter): keyword AUROC well above 0.5, clearly below 1", () => {
  const kept = rows.filter((r) => deathFiltered(r.note) !== null);
  const a = auroc(
    kept.map((r) => (r.died ? 1 : 0)),
    kept.map((r) => count(r.note, MORTALITY)),
  );
  assert.ok(a > 0.65 && a < 0.9, `mortality AUROC ${a.toFixed(3)}`);
});

test("the same keywords over the whole summary (outcome sections included) separate CHF better", () => {
  // Control: counting the CHF keywords in the whole summary (outcome sections included) separates far better.
  const full = [...adultReports(h)].map(([hadm, text]) => ({ text: text.toLowerCase(), hadm }));
  const groups = new Map<string, boolean>();
  for (const d of h.diagnoses) if (d.ICD9_CODE?.startsWith("428")) groups.set(d.HADM_ID!, true);
  const whole = auroc(
    full.map((f) => (groups.get(f.hadm) ? 1 : 0)),
    full.map((f) => count(f.text, KEYWORDS["428"]!)),
  );
  const admission = auroc(
    rows.map((r) => (r.groups.has("428") ? 1 : 0)),
    rows.map((r) => count(r.note, KEYWORDS["428"]!)),
  );
  assert.ok(whole > admission + 0.02, `whole ${whole.toFixed(3)} vs admission ${admission.toFixed(3)}`);
});
