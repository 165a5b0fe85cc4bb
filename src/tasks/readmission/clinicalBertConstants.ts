/**
 * ClinicalBERT's chunking and pooling constants (docs/readmission-task.md), in a module of their own so that the
 * pooling (models/heads/clinicalBertPooling.ts, shipped to the in-browser page too) needs nothing else of the tasks.
 */

/** Words per chunk, and the fewest words a last (shorter) chunk needs to be kept. */
export const CHUNK_WORDS = 318;
export const MIN_LAST_CHUNK_WORDS = 11;
/** The constant c with which the reference pools its chunks' probabilities. */
export const CLINICALBERT_C = 2;
