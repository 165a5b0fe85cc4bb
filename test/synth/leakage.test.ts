import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { after, before, test } from "node:test";
import { admissionNote, admissionSections, deathFiltered, mentionsDeath } from "./helpers/coreSections.ts";
import { adultReports, type Hospital, makeHospital } from "./helpers/hospital.ts";

let h: Hospital;
let notes: Array<{ hadm: string; text: string; note: string; died: boolean }>;

before(async () => {
  h = await makeHospital(2000, 0, 99);
  const died = new Set(h.admissions.filter((a) => a.HOSPITAL_EXPIRE_FLAG === "1").map((a) => a.HADM_ID));
  notes = [...adultReports(h)].map(([hadm, text]) => ({
    hadm,
    text,
    note: admissionNote(admissionSections(text)),
    died: died.has(hadm),
  }));
});
after(() => rmSync(h.dir, { recursive: true, force: true }));

/** The body of an outcome section: the text after its heading up to the next blank line. */
function block(text: string, heading: RegExp): string | null {
  const m = heading.exec(text);
  if (!m) return null;
  const rest = text.slice(m.index + m[0].length);
  const end = rest.indexOf("\n\n");
  return (end < 0 ? rest : rest.slice(0, end)).trim();
}

const flat = (s: string) => s.replace(/\s+/g, " ").trim();

test("CORe's extraction finds the admission sections in almost every summary", () => {
  const found = notes.filter((n) => {
    const s = admissionSections(n.text);
    return s[0] !== "" && s[1] !== "" && s[2] !== "";
  });
  assert.ok(notes.length > 1500);
  assert.ok(found.length / notes.length > 0.85, `${found.length}/${notes.length}`);
});

test("no outcome section reaches the admission sections", () => {
  const outcomeHeadings =
    /brief hospital course|hospital course:|discharge diagnos|discharge medications|discharge disposition|discharge condition|condition on discharge|discharge status|major surgical|discharge instructions|followup instructions|follow-up instructions/i;
  for (const n of notes) assert.doesNotMatch(n.note, outcomeHeadings, n.hadm);
});

test("the discharge diagnosis list, the course and the procedure list never appear in the admission note", () => {
  let checked = 0;
  for (const n of notes) {
    const note = flat(n.note);
    for (const heading of [
      /Discharge Diagnosis:\n|DISCHARGE DIAGNOSES:\n/,
      /Brief Hospital Course:\n|HOSPITAL COURSE:\n/,
      /Major Surgical or Invasive Procedure:\n/,
    ]) {
      const body = block(n.text, heading);
      if (body === null || body.length < 25) continue;
      checked++;
      assert.ok(!note.includes(flat(body)), `${n.hadm}: an outcome section is inside the admission note`);
    }
  }
  assert.ok(checked > 1500);
});

test("death mentions: never in a survivor's admission note; in some of the deceased's, and CORe's filter handles them", () => {
  const survivorsWithMention = notes.filter((n) => !n.died && mentionsDeath(n.note));
  assert.deepEqual(
    survivorsWithMention.map((n) => n.hadm),
    [],
  );
  const deceased = notes.filter((n) => n.died);
  const withMention = deceased.filter((n) => /expired|deceased|time of death/i.test(n.note));
  assert.ok(
    withMention.length > 0 && withMention.length < 0.3 * deceased.length,
    `${withMention.length}/${deceased.length}`,
  );
  // Some are cut (a discharge line in the exam), some dropped (the whole story in the HPI).
  const dropped = deceased.filter((n) => deathFiltered(n.note) === null).length;
  const cut = withMention.filter((n) => deathFiltered(n.note) !== null).length;
  assert.ok(cut > 0, "cut");
  assert.ok(dropped > 0 && dropped < withMention.length, `dropped ${dropped} of ${withMention.length}`);
  // Every death is visible in the outcome part of its summary.
  assert.ok(deceased.every((n) => /expired|deceased|time of death/i.test(n.text)));
});
