// Pruned trials as censored full runs (docs/pruning.md, "Pruned trials as censored full runs"): each
// pruned row adds a full-run row at the mean of the posterior there cut below at the cutoff.
import { describe, expect, it } from 'vitest';
import { censorPruned } from '../../../src/engine/gp/censored.js';
import { encodeSpace } from '../../../src/engine/gp/encode.js';
import type { FitTrial } from '../../../src/engine/gp/failures.js';
import { dataOf } from '../../../src/engine/gp/model.js';
import { buildPosterior, predict, withTail } from '../../../src/engine/gp/posterior.js';
import { parseSpace } from '../../../src/space/parse.js';
import { normalCdf } from '../../../src/util/normal.js';

const space = parseSpace('metric: loss\nparams:\n  x: uniform(0, 1)\n');
const encoding = encodeSpace(space);
const trial = (id: number, x: number, state: FitTrial['state']): FitTrial => ({ id, params: { x }, loss: 0, state, step: state === 'pruned' ? 2 : 10, firstStep: 1 });

describe('censorPruned', () => {
  // complete runs at 0.1, 0.5 and 0.9 (fidelity 1); runs pruned at 0.3 and 0.95 (fidelity 0.3)
  const trials = [trial(0, 0.1, 'complete'), trial(1, 0.5, 'complete'), trial(2, 0.9, 'complete'), trial(3, 0.3, 'pruned'), trial(4, 0.95, 'pruned')];
  const y = Float64Array.from([0.2, -1, 1, 0.5, 1.5]);
  const fidelity = Float64Array.from([1, 1, 1, 0.3, 0.3]);
  const theta = Float64Array.from([Math.log(0.3), Math.log(0.6), 0, Math.log(0.01)]);
  const post = withTail(buildPosterior(dataOf(encoding, trials, y, fidelity), theta), [1]);

  it('adds one full-run row per pruned trial at E[f | f > cutoff] of the posterior there, the best full run as the cutoff', () => {
    const made = censorPruned(encoding, post, trials, y, fidelity, 0);
    expect(made).not.toBeNull();
    expect(made?.trials.map((t) => t.id)).toEqual([0, 1, 2, 3, 4, 3, 4]);
    expect(Array.from(made?.fidelity ?? [])).toEqual([1, 1, 1, 0.3, 0.3, 1, 1]);
    for (const [row, x] of [[5, 0.3], [6, 0.95]] as const) {
      const { mean, variance } = predict(post, [x]);
      const sd = Math.sqrt(variance);
      const a = (-1 - mean) / sd;
      // the truncated normal's mean by its textbook formula: mean + sd phi(a) / (1 - Phi(a))
      const phi = Math.exp(-0.5 * a * a) / Math.sqrt(2 * Math.PI);
      expect(made?.y[row]).toBeCloseTo(mean + (sd * phi) / (1 - normalCdf(a)), 9);
      expect(made?.y[row]).toBeGreaterThan(-1);
      expect(made?.y[row]).toBeGreaterThanOrEqual(mean);
    }
    // the acquisition's posterior now expects a full run at a pruned point to be no better than the cutoff
    expect(predict(made!.post, [0.3]).mean).toBeGreaterThan(predict(post, [0.3]).mean - 1e-9);
    expect(predict(made!.post, [0.3]).variance).toBeLessThan(predict(post, [0.3]).variance);
  });

  it('takes a higher cutoff at a higher quantile, and is null without a pruned row or a full run', () => {
    const best = censorPruned(encoding, post, trials, y, fidelity, 0);
    const median = censorPruned(encoding, post, trials, y, fidelity, 0.5);
    expect(median?.y[5]).toBeGreaterThan(best?.y[5] ?? Infinity);
    expect(censorPruned(encoding, post, trials.slice(0, 3), y.slice(0, 3), fidelity.slice(0, 3), 0)).toBeNull();
    expect(censorPruned(encoding, post, trials.slice(3), y.slice(3), fidelity.slice(3), 0)).toBeNull();
  });
});
