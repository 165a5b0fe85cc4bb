import { randomUUID } from "node:crypto";
import { isProcedureTask } from "../fhir/labelCoding.ts";
import type { ModelPrediction } from "../notePredictions.ts";

/** A CDS Hooks 2.0 card, as Prognos answers (no suggestions: it informs, it does not order). */
export interface CdsCard {
  uuid: string;
  summary: string;
  indicator: "info" | "warning" | "critical";
  detail: string;
  source: { label: string };
  links: { label: string; url: string; type: "absolute" }[];
}

/** Card summaries are shorter than this (the CDS Hooks specification's limit). */
export const MAX_SUMMARY = 140;
/** A predicted risk at or above this is critical; a predicted one below it is a warning (docs/fhir.md). */
export const CRITICAL_RISK = 0.5;

const RISK_NAMES: Readonly<Record<string, string>> = { MP_IN_adm: "In-hospital mortality risk" };

/** What a binary task's risk is called: CORe's mortality task by name, any other by its class 1 title or task. */
function riskName(p: ModelPrediction): string {
  const known = RISK_NAMES[p.task];
  if (known) return known;
  const positive = p.labels.find((l) => l.threshold !== null);
  return positive?.title ? `Risk of ${positive.title}` : `${p.task} risk`;
}

const percent = (x: number) => `${(x * 100).toFixed(x < 0.1 ? 1 : 0)}%`;

/** Markdown's special characters in a label title, escaped. */
const md = (s: string) => s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);

/**
 * The indicator of one binary model's risk: critical when the model predicts the outcome (the risk reaches its
 * threshold) and the risk is at least CRITICAL_RISK; warning when predicted below that; info when not predicted.
 */
export function riskIndicator(p: ModelPrediction): CdsCard["indicator"] {
  const positive = p.labels.find((l) => l.threshold !== null);
  if (p.risk === null || !positive?.predicted) return "info";
  return p.risk >= CRITICAL_RISK ? "critical" : "warning";
}

const RANK: Record<CdsCard["indicator"], number> = { info: 0, warning: 1, critical: 2 };

/**
 * One card for one note's predictions (every model): the summary names each risk and how many labels the
 * multi-label models predict; the indicator is the most severe of the risks' (riskIndicator; info without a
 * binary model); the detail (markdown) gives each model's answer, the top `top` predicted labels with titles and
 * probabilities; the link opens the server's page. `basis` names the DocumentReference; no note text is used.
 */
export function noteCard(basis: string, predictions: readonly ModelPrediction[], pageUrl: string, top = 5): CdsCard {
  const parts: string[] = [];
  const detail: string[] = [`Scored from ${md(basis)} by Prognos.`];
  let indicator: CdsCard["indicator"] = "info";
  for (const p of predictions) {
    if (p.risk !== null) {
      const ind = riskIndicator(p);
      if (RANK[ind] > RANK[indicator]) indicator = ind;
      const positive = p.labels.find((l) => l.threshold !== null)!;
      parts.push(`${riskName(p)} ${percent(p.risk)}`);
      detail.push(
        `**${md(riskName(p))}: ${percent(p.risk)}** (model ${md(p.model)}; threshold ${positive.threshold}: ${positive.predicted ? "predicted" : "not predicted"})`,
      );
    } else if (p.problem_type === "multi_label_classification") {
      const kind = isProcedureTask(p.task) ? "procedures" : "diagnoses";
      const predicted = p.labels.filter((l) => l.predicted);
      parts.push(`${predicted.length} ${kind} predicted`);
      const shown = (predicted.length > 0 ? predicted : p.labels).slice(0, top);
      detail.push(
        `**${predicted.length > 0 ? `Predicted ${kind}` : `No ${kind} reach their thresholds; the most probable`}** (model ${md(p.model)}):\n\n${shown
          .map((l) => `- ${md(l.label)}${l.title ? ` ${md(l.title)}` : ""}: ${percent(l.probability)}`)
          .join("\n")}`,
      );
    } else {
      const best = p.labels[0]!;
      const name = best.title ?? best.label;
      parts.push(`${p.task}: ${name}`);
      detail.push(`**${md(p.task)}**: most probable ${md(name)} (${percent(best.probability)}; model ${md(p.model)})`);
    }
  }
  let summary = `Prognos: ${parts.join("; ")}`;
  if (summary.length >= MAX_SUMMARY) summary = `${summary.slice(0, MAX_SUMMARY - 2)}…`;
  return {
    uuid: randomUUID(),
    summary,
    indicator,
    detail: detail.join("\n\n"),
    source: { label: "Prognos" },
    links: [{ label: "Open Prognos", url: pageUrl, type: "absolute" }],
  };
}
