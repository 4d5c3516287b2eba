// A program that prints its loss every batch reports tens of thousands of values a trial. Each was a
// journal line, so a study of such trials grew to gigabytes, and replaying it for `resume` ran out of
// memory (a user audit: 2,300 trials of 10,000 steps, a 2 GB journal). As TensorBoard keeps 1,000
// points of a scalar, a trial's first KEEP_ALL values are stored, and after them a value only at a step
// 1 % past the last one stored: about 230 more per tenfold of steps, however long the run. The value
// a trial ends on is stored too, so its last step (a full run's length) stays exact. The pruner judges
// stored values; a value that is not finite stops the trial whether stored or not (trial-job.ts).

/** Values a trial stores before its curve is thinned. */
export const KEEP_ALL = 1000;
/** After KEEP_ALL, a stored step is at least this factor past the last one stored. */
const STEP_FACTOR = 1.01;

export interface CurveThinning {
  /** Whether the value at `step` is stored (and judged). */
  keep(step: number): boolean;
}

export function createCurveThinning(keepAll = KEEP_ALL): CurveThinning {
  let stored = 0;
  let lastStep: number | null = null;
  return {
    keep(step) {
      const keep = stored < keepAll || lastStep === null || step < lastStep || (step > lastStep && step >= lastStep * STEP_FACTOR);
      if (keep) {
        stored += 1;
        lastStep = step;
      }
      return keep;
    },
  };
}
