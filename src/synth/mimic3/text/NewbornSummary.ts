import type { Ctx } from "../types.ts";
import { deidDate, deidDoctor, deidLastName } from "./deid.ts";

/**
 * A neonatology discharge summary (NEWBORN admissions, which CORe drops). It has none of the adult admission
 * headings, as in MIMIC-III.
 */
export function newbornSummary(c: Ctx): string {
  const { r, a, p } = c;
  const weeks = p.values.get("weeks")!;
  const grams = p.values.get("grams")!;
  const preterm = weeks < 37;
  const name = `Baby ${p.sex === "M" ? "Boy" : "Girl"} ${deidLastName(r)}`;
  const course = preterm
    ? `${name} was admitted to the NICU for prematurity. ${a.events.intubated ? "Intubated in the delivery room and given surfactant x2." : "Placed on CPAP for mild respiratory distress."} ${a.diagnoses.includes("7742") ? "Phototherapy for hyperbilirubinemia." : ""}`
    : `${name} was admitted to the newborn nursery. Feeding well, voiding and stooling.`;
  const dx = a.diagnoses
    .map(
      (code) =>
        (
          ({
            V3000: "Term newborn",
            V3001: "Term newborn, C-section",
            "7742": "Hyperbilirubinemia of prematurity",
            "769": "Respiratory distress syndrome",
            "7706": "Transient tachypnea of the newborn",
            V290: "Sepsis ruled out",
          }) as Record<string, string>
        )[code],
    )
    .filter((x) => x !== undefined);
  return `Admission Date:  ${deidDate(a.admitTime)}     Discharge Date:  ${deidDate(a.dischTime)}

Date of Birth:  ${deidDate(a.admitTime)}     Sex:  ${p.sex}

Service:  NB

HISTORY:  ${name} is a ${weeks} week infant born to a ${r.int(18, 42)} year old G${r.int(1, 5)} P${r.int(0, 4)} mother. Birth weight ${grams} grams. Apgars ${r.int(5, 9)} and ${r.int(7, 10)}.

PRENATAL SCREENS:  Blood type O positive, antibody negative, rubella immune, RPR nonreactive, hepatitis surface antigen negative, GBS ${r.pick(["negative", "positive", "unknown"])}.

HOSPITAL COURSE:  ${course}${a.died ? " Despite maximal support the infant expired." : ""}

DISCHARGE DISPOSITION:  ${a.died ? "Expired" : "Home with parents"}.

DISCHARGE DIAGNOSES:
${dx.length > 0 ? dx.join("\n") : preterm ? `Prematurity at ${weeks} weeks` : "Term newborn"}

                        ${deidDoctor(r)}

Dictated By:[**Last Name (NamePattern1) ${r.int(100, 9999)}**]
`;
}
