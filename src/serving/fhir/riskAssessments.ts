import { PrognosError } from "../../util/errors.ts";
import type { ModelPrediction } from "../notePredictions.ts";
import type { NoteInput } from "../readNotes.ts";
import type { FhirNoteSource, FhirReference } from "./fhirNotes.ts";
import { labelCoding, PROGNOS_MODEL, PROGNOS_MODEL_SHA256, PROGNOS_TASK } from "./labelCoding.ts";

/** A model as a RiskAssessment names it in `method`: its served name and its folder's SHA-256 (folderChecksum). */
export interface FhirModel {
  name: string;
  checksum: string;
}

export type FhirResource = Record<string, unknown> & { resourceType: string };

/**
 * One model's prediction for one note as a FHIR R4 RiskAssessment (docs/fhir.md): status final; subject, encounter
 * and basis from the DocumentReference; `code` the task, `method` the model (its name and checksum); one
 * `prediction` per label shown, the most probable first, each with its outcome coding (ICD-9-CM for diagnosis and
 * procedure groups, labelCoding.ts), `probabilityDecimal` and whether the model predicts it (`rationale`). A binary
 * task (mortality) gives one prediction: class 1's outcome with the risk. `subject` falls back to `fallbackSubject`
 * (the CDS Hooks context's patient); without either it is an error, as R4 requires a subject.
 */
export function riskAssessment(
  source: FhirNoteSource,
  model: FhirModel,
  p: ModelPrediction,
  occurrence: string,
  fallbackSubject?: FhirReference,
): FhirResource {
  const subject = source.subject ?? fallbackSubject;
  if (!subject)
    throw new PrognosError(
      `${source.where}: no subject; a RiskAssessment needs the patient (DocumentReference.subject)`,
    );
  const multiLabel = p.problem_type === "multi_label_classification";
  const binary = p.risk !== null;
  const labels = binary ? p.labels.filter((l) => l.threshold !== null) : p.labels;
  const prediction = labels.map((l) => ({
    outcome: { coding: [labelCoding(p.task, multiLabel, l.label, l.title)], text: l.title ?? `${p.task}: ${l.label}` },
    probabilityDecimal: l.probability,
    rationale: rationale(l.predicted, l.threshold),
  }));
  return {
    resourceType: "RiskAssessment",
    status: "final",
    code: { coding: [{ system: PROGNOS_TASK, code: p.task }], text: p.task },
    subject,
    ...(source.encounter ? { encounter: source.encounter } : {}),
    occurrenceDateTime: occurrence,
    method: {
      coding: [
        { system: PROGNOS_MODEL, code: p.model, display: `${p.model} (${p.task})` },
        { system: PROGNOS_MODEL_SHA256, code: model.checksum },
      ],
      text: `Prognos model ${p.model} (task ${p.task}, model folder SHA-256 ${model.checksum})`,
    },
    basis: [source.basis],
    prediction,
    ...(p.cut
      ? {
          note: [
            {
              text: `The note had ${p.word_pieces} word pieces, more than the model reads: its end was not seen.`,
            },
          ],
        }
      : {}),
  };
}

function rationale(predicted: boolean, threshold: number | null): string {
  if (threshold === null) return predicted ? "predicted: the most probable class" : "not the most probable class";
  return predicted
    ? `predicted: at or above the model's threshold ${threshold}`
    : `not predicted: below the model's threshold ${threshold}`;
}

/**
 * The FHIR answer for scored notes: `predictions[note][model]`. One RiskAssessment when a lone DocumentReference
 * came in and one model scored it; otherwise a Bundle of type collection holding one RiskAssessment per note and
 * model, notes in input order. Every note must have come from FHIR (its `fhir` source).
 */
export function riskAssessmentAnswer(
  notes: readonly NoteInput[],
  models: readonly FhirModel[],
  predictions: readonly (readonly ModelPrediction[])[],
  occurrence: string,
): FhirResource {
  const resources = notes.flatMap((n, i) => {
    if (!n.fhir)
      throw new PrognosError(`note ${n.id}: not read from FHIR; a RiskAssessment needs its DocumentReference`);
    return predictions[i]!.map((p, k) => riskAssessment(n.fhir!, models[k]!, p, occurrence));
  });
  if (resources.length === 1 && !notes[0]!.fhir!.inBundle) return resources[0]!;
  return {
    resourceType: "Bundle",
    type: "collection",
    timestamp: occurrence,
    entry: resources.map((resource) => ({ resource })),
  };
}
