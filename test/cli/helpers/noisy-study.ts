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

export const RETURN_SPACE = 'metric: return\ngoal: maximize\nparams:\n  x: uniform(0, 1)\n  y: uniform(0, 1)\n';

/**
 * Returns of an RL-like program (test/fixtures/programs/noisy-return.mjs: a peak of 500 at 0.6, 0.4,
 * noise sd 40): 30 past runs, one at the peak (505), three far down its side and a lucky 700 among
 * them (the last, trial 34), as `run --add` takes them.
 */
export function pastReturns(): string {
  let seed = 7;
  const uniform = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const truth = (x: number, y: number): number => 500 - 900 * ((x - 0.6) ** 2 + (y - 0.4) ** 2);
  const rows = ['x,y,return'];
  for (let i = 0; i < 30; i++) {
    const [x, y] = [uniform(), uniform()];
    rows.push(`${x.toFixed(3)},${y.toFixed(3)},${(truth(x, y) + 40 * Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform())).toFixed(2)}`);
  }
  rows.push('0.6,0.4,505');
  for (const [x, y] of [[0.12, 0.88], [0.08, 0.92], [0.15, 0.85]] as const) rows.push(`${x},${y},${truth(x, y).toFixed(2)}`);
  return `${[...rows, '0.1,0.9,700'].join('\n')}\n`;
}
