import { describe, expect, it } from 'vitest';
import { paramsFileText } from '../../src/runner/params-file.js';

describe('paramsFileText (--pass json-file)', () => {
  it('nests dotted labels, keeps values as JSON types, and ends with a newline', () => {
    const text = paramsFileText({ 'optimizer.lr': 0.01, 'optimizer.name': 'adam', 'model.depth': 4, dropout: null, 'a.b.c': true });
    expect(text.endsWith('\n')).toBe(true);
    expect(JSON.parse(text)).toEqual({ optimizer: { lr: 0.01, name: 'adam' }, model: { depth: 4 }, dropout: null, a: { b: { c: true } } });
  });

  it('keeps a label flat under its full name when it cannot nest', () => {
    expect(JSON.parse(paramsFileText({ a: 1, 'a.b': 2 }))).toEqual({ a: 1, 'a.b': 2 });
    expect(JSON.parse(paramsFileText({ 'a.b': 2, a: 1, 'a.c.d': 3, 'e.f': 4 }))).toEqual({ 'a.b': 2, a: 1, 'a.c.d': 3, e: { f: 4 } });
    expect(JSON.parse(paramsFileText({ 'x..y': 1, '.z': 2 }))).toEqual({ 'x..y': 1, '.z': 2 });
  });

  it("writes a float parameter's whole value with a point, as Python reads a float (json.load gives 1.0, not 1)", () => {
    const text = paramsFileText({ 'optimizer.lr': 1, scale: -2, layers: 3, ratio: 0.5, name: 'adam' }, ['optimizer.lr', 'scale', 'ratio']);
    expect(text).toContain('"lr": 1.0');
    expect(text).toContain('"scale": -2.0');
    expect(text).toContain('"layers": 3,');
    expect(JSON.parse(text)).toEqual({ optimizer: { lr: 1 }, scale: -2, layers: 3, ratio: 0.5, name: 'adam' });
    // a text that holds the mark is passed as it is, and the numbers as JSON.stringify writes them
    expect(JSON.parse(paramsFileText({ scale: 1, name: '\u0000float:1' }, ['scale']))).toEqual({ scale: 1, name: '\u0000float:1' });
  });

  it('treats __proto__ as a plain key', () => {
    const parsed = JSON.parse(paramsFileText({ '__proto__.polluted': 1 })) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
