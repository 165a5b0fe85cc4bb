export type ScheduleName = "constant" | "linear";

/**
 * The learning rate used by optimizer step `step` (0-based), as transformers' schedulers compute it with
 * scheduler.step() after each optimizer.step(): `linear` is get_linear_schedule_with_warmup (so with warm-up the
 * first update uses lr 0, as Hugging Face does), `constant` is the base rate.
 */
export function scheduledLr(
  schedule: ScheduleName,
  baseLr: number,
  step: number,
  warmupSteps: number,
  totalSteps: number,
): number {
  if (schedule === "constant") return baseLr;
  if (step < warmupSteps) return (baseLr * step) / Math.max(1, warmupSteps);
  return baseLr * Math.max(0, (totalSteps - step) / Math.max(1, totalSteps - warmupSteps));
}
