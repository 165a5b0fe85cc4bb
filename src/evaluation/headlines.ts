/**
 * The headline metric of each kind of task: the one number runs are compared on, with its definition. It travels in
 * every metrics.json (`headline.name`, `headline.definition`), so a file says what its number means. Kinds and
 * where they apply: docs/evaluation-outputs.md.
 */
export const HEADLINES = {
  macro_auroc: {
    appliesTo: "CORe's note tasks (diagnoses, procedures, mortality, length of stay) and the EHR cohorts",
    definition:
      "macro-averaged AUROC: multi-label, the mean of roc_auc_score over the labels with a positive and a negative row " +
      "(scikit-learn average='macro'); binary, roc_auc_score of class 1; multi-class, one-vs-one macro AUROC " +
      "(roc_auc_score multi_class='ovo', average='macro')",
  },
  auroc: {
    appliesTo: "binary outcomes scored as ClinicalBERT does (30-day readmission); AUPRC and RP80 beside it",
    definition: "roc_auc_score of class 1 (AUPRC: average_precision_score; RP80: recall at precision ≥ 0.8)",
  },
  entity_f1: {
    appliesTo: "token classification (clinical concept extraction, BIO tags)",
    definition:
      "micro-averaged F1 of entities matched exactly (same type, same first and last word), as seqeval's default mode",
  },
  curve_auroc: {
    appliesTo: "training-size experiments (Med-BERT's curves)",
    definition: "test AUROC per training-set size: the mean and spread over bootstrap samples of the training set",
  },
} as const;

export type HeadlineName = keyof typeof HEADLINES;
