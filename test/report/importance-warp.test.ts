import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createOptimizer } from '../../src/engine/index.js';
import { computeImportance } from '../../src/report/importance.js';
import { modelSurface, studyImportance, studyPicture } from '../../src/report/importance-model.js';
import { parseSpace } from '../../src/space/index.js';
import type { TrialRecord } from '../../src/study/types.js';

const inert = ['c', 'd', 'e', 'f', 'g', 'h'];
const crowdSpace = parseSpace(`metric: loss\nparams:\n${['a', 'b', ...inert].map((l) => `  ${l}: uniform(0, 1)`).join('\n')}\n`, { file: null });

/** A converged `auto` study of 10 (a - 0.3)^2 + (b - 0.6)^2 + 1, six parameters doing nothing (the sampler's own trials, recorded). */
function crowdedAutoStudy(): TrialRecord[] {
  const file = new URL('../fixtures/importance-crowded-auto.json', import.meta.url);
  const { trials } = JSON.parse(readFileSync(file, 'utf8')) as { trials: Array<{ id: number; params: Record<string, number>; value: number }> };
  return trials.map((t) => ({ id: t.id, params: t.params, state: 'complete', value: t.value }));
}

const shares = (ranked: ReturnType<typeof computeImportance>) => Object.fromEntries(ranked.map((r) => [r.label, r.importance ?? 0]));

describe('the fit importance ranks (docs/importance.md, "Choosing the output warp")', () => {
  it('ranks a first on a converged auto study where the ask\'s own output warp ranked b, a tenth of a, first', () => {
    const trials = crowdedAutoStudy();
    const picture = studyPicture(crowdSpace, trials, 'minimize');
    // the old rule: the ask's warp (the likelihood takes the log warp for losses crowded at their best)
    expect(picture?.warp).toBe('log');
    const before = shares(computeImportance(crowdSpace, trials, 'minimize', { surface: modelSurface(crowdSpace, picture) }));
    expect(before.b).toBeGreaterThan(before.a as number);
    // PED-ANOVA of the function itself: a 0.90, b 0.09
    const after = studyImportance(crowdSpace, trials, 'minimize', {}, picture);
    expect(after.map((r) => r.label).slice(0, 2)).toEqual(['a', 'b']);
    expect(after[0]?.importance).toBeGreaterThan(0.8);
    expect(inert.reduce((sum, l) => sum + (shares(after)[l] ?? 0), 0)).toBeLessThan(0.05);
  });

  it('keeps a run that blew up to 1e12 from taking the ranking (where no warp did)', () => {
    const space = parseSpace('metric: loss\nparams:\n  a: uniform(0, 1)\n  b: uniform(0, 1)\n  c: uniform(0, 1)\n', { file: null });
    const optimizer = createOptimizer(space, { algo: 'random', seed: 1 });
    const trials: TrialRecord[] = [];
    for (let i = 0; i < 30; i++) {
      const { id, params } = optimizer.ask();
      const value = 10 * ((params.a as number) - 0.3) ** 2 + ((params.c as number) > 0.9 ? 1e12 : 0);
      optimizer.tell(id, value);
      trials.push({ id, params, state: 'complete', value });
    }
    expect(trials.some((t) => (t.value as number) > 1e11)).toBe(true);
    const ranked = studyImportance(space, trials, 'minimize');
    // PED-ANOVA of the function: a 0.98, c 0.015
    expect(ranked[0]?.label).toBe('a');
    expect(ranked[0]?.importance).toBeGreaterThan(0.8);
  });
});
