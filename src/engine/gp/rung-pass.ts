// Under pruning the GP's full-run mean beside a pruned trial can stay good (its stopped rows sit at a
// low fidelity and say little of a full run), so the acquisition asks there again and the pruner stops
// the copy at the same step (docs/pruning.md, "Asking again where the pruner stopped"). A run there
// gives nothing unless it gets past that step: the acquisition is weighed by the chance that the run
// passes the step where the pruner stopped others, from the GP's own posterior at that step's fidelity
// against the value that passed there. Beside a run stopped twice that chance is small; in a basin
// where runs pass and stop alike it is near a half, and refining there goes on.
import type { Goal } from '../../space/types.js';
import type { TrialRecord } from '../../study/types.js';
import { LOG_SQRT_2PI, erfcx, normalCdf } from '../../util/normal.js';
import { bestRunReaching } from '../prune/best-run.js';
import { lastStep, lossOf } from '../prune/curves.js';
import type { Curve } from '../prune/types.js';
import { predict, withTail, type Posterior } from './posterior.js';
import type { PrunedPenalty } from './pruned-penalty.js';

/** A step where the pruner stopped runs: its fidelity, and the standardized value a run had to beat there. */
export interface RungCutoff {
  fidelity: number;
  cutoff: number;
}

/** The curves of the trials that ran, as the pruners read them. */
export function curvesOf(history: readonly TrialRecord[]): Curve[] {
  return history.flatMap((t) =>
    t.curve !== undefined && (t.state === 'complete' || t.state === 'pruned' || t.state === 'running') ? [{ id: t.id, state: t.state, steps: t.curve.steps, values: t.curve.values }] : [],
  );
}

/**
 * For each step where a pruned trial stopped: the loss below which `share` of every value reported at
 * that step lies: the pruner's own share (asha keeps the best 1/eta of a rung, the median rule half).
 * With `share` null, the share of the finished runs that went past the step (a run that reached it
 * passed when it reported a later one). With `bestRunPasses` (asha's and hyperband's guard, best-run.ts)
 * a run as good there as the best complete run was passes too. `fidelityAt` places the step on the
 * GP's scale; `toTarget` warps and standardizes a loss as the fit's targets are.
 */
export function rungCutoffs(
  curves: readonly Curve[],
  goal: Goal,
  rule: { share: number | null; bestRunPasses: boolean },
  fidelityAt: (step: number) => number,
  toTarget: (loss: number) => number,
): RungCutoff[] {
  const stops = new Set<number>();
  for (const c of curves) if (c.state === 'pruned' && c.steps.length > 0) stops.add(lastStep(c));
  const out: RungCutoff[] = [];
  for (const step of [...stops].sort((a, b) => a - b)) {
    const values: number[] = [];
    let reached = 0;
    let passed = 0;
    for (const c of curves) {
      const at = c.steps.indexOf(step);
      if (at < 0) continue;
      const loss = lossOf(c.values[at] as number, goal);
      if (Number.isFinite(loss)) values.push(loss);
      if (c.state !== 'complete' && c.state !== 'pruned') continue;
      reached++;
      if (at < c.steps.length - 1) passed++;
    }
    if (values.length < 2 || reached === 0) continue;
    values.sort((a, b) => a - b);
    const at = Math.max(0, Math.min(values.length - 1, (rule.share ?? passed / reached) * values.length - 0.5));
    const below = Math.floor(at);
    const t = at - below;
    const loss = (1 - t) * (values[below] as number) + t * (values[Math.min(values.length - 1, below + 1)] as number);
    const guard = rule.bestRunPasses ? bestRunReaching(curves, step, goal) : undefined;
    out.push({ fidelity: fidelityAt(step), cutoff: toTarget(guard !== undefined && guard > loss ? guard : loss) });
  }
  return out;
}

/** log Phi(z) and its slope d/dz, stable far into the lower tail. */
export function logNormalCdf(z: number): { value: number; slope: number } {
  if (z > -5) {
    const p = normalCdf(z);
    return { value: Math.log(p), slope: Math.exp(-0.5 * z * z - LOG_SQRT_2PI) / p };
  }
  // Phi(z) = phi(z) m, m = erfcx(-z / sqrt 2) sqrt(pi / 2): the Mills ratio, as in acquisition.ts
  const m = erfcx(-z / Math.SQRT2) * Math.sqrt(Math.PI / 2);
  return { value: -0.5 * z * z - LOG_SQRT_2PI + Math.log(m), slope: 1 / m };
}

/**
 * `weight` times log P(a run at x passes the hardest of the rungs) as a term of the acquisition, with its
 * gradient; the value at a rung is the latent function at that fidelity plus the fit's noise.
 */
export function rungPassTerm(post: Posterior, rungs: readonly RungCutoff[], weight: number): PrunedPenalty | null {
  if (rungs.length === 0 || weight <= 0) return null;
  const at = rungs.map((r) => ({ post: withTail(post, [r.fidelity]), cutoff: r.cutoff }));
  const hardest = (x: ArrayLike<number>, withGradient: boolean): { value: number; gradient: Float64Array | null } => {
    let best: { value: number; gradient: Float64Array | null } | null = null;
    for (const rung of at) {
      const p = predict(rung.post, x, withGradient);
      const variance = p.variance + post.noise;
      const sd = Math.sqrt(variance);
      const z = (rung.cutoff - p.mean) / sd;
      const log = logNormalCdf(z);
      if (best !== null && log.value >= best.value) continue;
      let gradient: Float64Array | null = null;
      if (p.dMean !== null && p.dVariance !== null) {
        gradient = new Float64Array(p.dMean.length);
        for (let k = 0; k < gradient.length; k++) {
          const dz = (-(p.dMean[k] as number) - (z * (p.dVariance[k] as number)) / (2 * sd)) / sd;
          gradient[k] = log.slope * dz;
        }
      }
      best = { value: log.value, gradient };
    }
    return best ?? { value: 0, gradient: null };
  };
  return {
    value: (x) => weight * hardest(x, false).value,
    addGradient(x, inputs, grad) {
      const g = hardest(x, true).gradient;
      if (g === null) return;
      inputs.forEach((k, i) => {
        grad[i] = (grad[i] as number) + weight * (g[k] as number);
      });
    },
  };
}
