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

/**
 * A warning when the linear warm-up does not end within the run (the learning rate then never reaches its peak;
 * the reference's default of 5,000 warm-up steps on a run of 100 leaves it at 2% of the peak), else undefined.
 */
export function warmupWarning(
  schedule: ScheduleName,
  baseLr: number,
  warmupSteps: number,
  totalSteps: number,
): string | undefined {
  if (schedule !== "linear" || warmupSteps < totalSteps) return undefined;
  const peak = scheduledLr(schedule, baseLr, Math.max(0, totalSteps - 1), warmupSteps, totalSteps);
  return (
    `--warmup-steps ${warmupSteps} is not shorter than the whole run (${totalSteps} steps): the learning rate ` +
    `never reaches --lr ${baseLr} (its largest value is ${peak.toPrecision(2)}); lower --warmup-steps`
  );
}
