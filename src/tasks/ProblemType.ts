/** What a classifier predicts, in Hugging Face's names (config.json's `problem_type`). */
export const PROBLEM_TYPES = ["multi_label_classification", "single_label_classification"] as const;
export type ProblemType = (typeof PROBLEM_TYPES)[number];

/** The finer kind the evaluation uses: single-label with 2 classes is binary (index 1 = the risk). */
export type LabelType = "multi-label" | "binary" | "multi-class";
