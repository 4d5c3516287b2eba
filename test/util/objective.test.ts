import { describe, expect, it } from 'vitest';
import { averagedCount, objectiveText, readObjective } from '../../src/util/objective.js';

describe('objectives', () => {
  it('reads last, min, max and last-K-avg in one spelling each, K from 2 to a million', () => {
    expect(['last', 'min', 'max', 'last-2-avg', 'last-1000000-avg'].map(readObjective)).toEqual(['last', 'min', 'max', 'last-2-avg', 'last-1000000-avg']);
    expect(['last-1-avg', 'last-05-avg', 'last-1000001-avg', 'last-5', 'Last-5-avg', 'last-5-avg ', 5, null].map(readObjective)).toEqual(Array(8).fill(null));
  });

  it('says how many values an objective averages and what a result is', () => {
    expect(averagedCount('last-12-avg')).toBe(12);
    expect(averagedCount('max')).toBeNull();
    expect(objectiveText('last-5-avg')).toBe('the mean of its last 5 values');
    expect(objectiveText('min')).toBe('its lowest value');
  });
});
