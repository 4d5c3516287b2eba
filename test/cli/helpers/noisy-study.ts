// A noisy study whose best is a lucky run, as `hypertune add --from` takes it: summary's noise note
// (test/cli/summary-noise.test.ts) and the report's (test/browser/noise-note.test.ts) read it.
import { createRng, normalDraw } from '../../../src/util/rng.js';

export const NOISY_SPACE = 'metric: val_loss\nparams:\n  x: uniform(-2, 2)\n  y: uniform(-2, 2)\n';

/**
 * 40 results of a noisy bowl (bottom at 0.5, -0.3), three far up its side, and one among them that
 * reported -0.9 (the last, trial 43): a lucky run where its neighbours tell the model otherwise.
 */
export function pastResults(): string {
  const rng = createRng('summary-noise');
  const rows = ['x,y,val_loss'];
  for (let i = 0; i < 40; i++) {
    const x = -2 + 4 * rng.next();
    const y = -2 + 4 * rng.next();
    rows.push(`${x.toFixed(4)},${y.toFixed(4)},${((x - 0.5) ** 2 + (y + 0.3) ** 2 + 0.15 * normalDraw(rng)).toFixed(4)}`);
  }
  for (const [x, y] of [[1.6, 1.5], [1.8, 1.7], [1.65, 1.7]] as const) rows.push(`${x},${y},${((x - 0.5) ** 2 + (y + 0.3) ** 2).toFixed(4)}`);
  return `${[...rows, '1.7,1.6,-0.9'].join('\n')}\n`;
}

/** The same bowl measured without noise and no lucky run: the model rates the best trial best, no note. */
export function cleanResults(): string {
  const rng = createRng('summary-noise');
  const rows = ['x,y,val_loss'];
  for (let i = 0; i < 40; i++) {
    const x = -2 + 4 * rng.next();
    const y = -2 + 4 * rng.next();
    rows.push(`${x.toFixed(4)},${y.toFixed(4)},${((x - 0.5) ** 2 + (y + 0.3) ** 2).toFixed(4)}`);
  }
  return `${rows.join('\n')}\n`;
}
