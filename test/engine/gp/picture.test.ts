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

  it("tells two configurations' means apart by the sd of their difference: near neighbours hardly, the bottom from the side surely", () => {
    const picture = gpPicture(space, study(0.2));
    const bottom = { x: 0.5, y: -0.3 };
    const next = { x: 0.55, y: -0.25 };
    const side = { x: -1.5, y: 1.5 };
    const z = (a: typeof bottom, b: typeof bottom): number => picture?.separation(a, b) ?? Number.NaN;
    // the bottom's mean loss lies many sds of the difference below the side's; the order flips the sign
    expect(z(bottom, side)).toBeGreaterThan(5);
    expect(z(side, bottom)).toBeCloseTo(-z(bottom, side), 6);
    // neighbours' means move together: their difference is no surer than a 95 % test can tell
    expect(Math.abs(z(bottom, next))).toBeLessThan(1.645);
    expect(z(bottom, bottom)).toBe(0);
    // the sd of a configuration's mean, not of one run: below the noise where trials crowd
    const [atBottom] = picture?.predictLossSd([bottom]) ?? [];
    expect(atBottom?.sd).toBeGreaterThan(0);
    expect(atBottom?.sd).toBeLessThan(picture?.noiseSd ?? 0);
  });
});
