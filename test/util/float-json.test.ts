import { describe, expect, it } from 'vitest';
import { floatJson, floatLabelsAt } from '../../src/util/float-json.js';

describe('floatJson', () => {
  const samples: unknown[] = [{}, { a: 1, b: 'x', c: null, d: true, e: { f: 2.5, g: {} } }, { 'a.b': [1, [], { x: [2] }], q: 'say "hi"\n' }, [1, 'a'], 3, 'text', null];

  it('lays out as JSON.stringify does, compact and indented', () => {
    for (const sample of samples) {
      expect(floatJson(sample, () => false)).toBe(JSON.stringify(sample));
      expect(floatJson(sample, () => false, 2)).toBe(JSON.stringify(sample, null, 2));
    }
  });

  it('writes the whole numbers it is told are floats with a point, by label, nested or under a key', () => {
    const params = { lr: 1, layers: 3, scale: -2, huge: 1e21, ratio: 0.5 };
    expect(floatJson(params, floatLabelsAt(['lr', 'scale', 'huge', 'ratio']))).toBe('{"lr":1.0,"layers":3,"scale":-2.0,"huge":1e+21,"ratio":0.5}');
    expect(floatJson({ optimizer: { lr: 1 }, 'optimizer.x': 2 }, floatLabelsAt(['optimizer.lr', 'optimizer.x']))).toBe('{"optimizer":{"lr":1.0},"optimizer.x":2.0}');
    expect(floatJson({ id: 1, params: { id: 1 } }, floatLabelsAt(['id'], ['params']))).toBe('{"id":1,"params":{"id":1.0}}');
  });
});
