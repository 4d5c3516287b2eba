// The GP's picture of a study as summary reads it: its mean in the loss's own units and the noise it
// reads, against studies whose noise is known.
import { describe, expect, it } from 'vitest';
import { gpPicture } from '../../../src/engine/index.js';
import { parseSpace } from '../../../src/space/index.js';
import type { TrialRecord } from '../../../src/study/types.js';
import { createRng, normalDraw } from '../../../src/util/rng.js';

const space = parseSpace('params:\n  x: uniform(-2, 2)\n  y: uniform(-2, 2)\n');
const bowl = (x: number, y: number): number => (x - 0.5) ** 2 + (y + 0.3) ** 2;

function study(noiseSd: number, n = 60, sign = 1): TrialRecord[] {
  const rng = createRng(`picture-${noiseSd}`);
  return Array.from({ length: n }, (_, id) => {
    const x = -2 + 4 * rng.next();
    const y = -2 + 4 * rng.next();
    return { id, params: { x, y }, state: 'complete' as const, value: sign * (bowl(x, y) + noiseSd * normalDraw(rng)) };
  });
}

describe('gpPicture', () => {
  it('reads the noise of a noisy study in the metric\'s units, and its mean near the noise-free truth', () => {
    const picture = gpPicture(space, study(0.2));
    expect(picture).not.toBeNull();
    expect(picture?.noiseSd).toBeGreaterThan(0.1);
    expect(picture?.noiseSd).toBeLessThan(0.4);
    const points = [{ x: 0.5, y: -0.3 }, { x: -1, y: 1 }, { x: 1.5, y: -1.5 }];
    const means = picture?.predictLoss(points) ?? [];
    points.forEach((p, i) => expect(Math.abs((means[i] as number) - bowl(p.x, p.y))).toBeLessThan(0.3));
  });

  it('reads next to no noise in a noise-free study, and the loss of a maximized study sign-flipped', () => {
    const clean = gpPicture(space, study(0));
    expect(clean?.noiseSd).toBeLessThan(0.01);
    const flipped = gpPicture(space, study(0, 60, -1), { goal: 'maximize' });
    // the loss is lower-better whatever the goal: the value negated
    expect(flipped?.predictLoss([{ x: 1, y: 1 }])[0]).toBeCloseTo(bowl(1, 1), 1);
  });

  it('has no picture before the GP has a model', () => {
    expect(gpPicture(space, study(0.2, 3))).toBeNull();
  });
});
