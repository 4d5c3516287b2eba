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

  it('writes a number in exponent form with a point in its mantissa, which a YAML 1.1 loader reads as a float (PyYAML read 1e-7 as a string)', () => {
    const text = paramsFileText({ lr: 1e-7, wd: -2.5e-9, big: 1e21, seed: 1e21, scale: 3e21 }, ['lr', 'wd', 'big']);
    expect(text).toContain('"lr": 1.0e-7,');
    expect(text).toContain('"wd": -2.5e-9,');
    expect(text).toContain('"big": 1.0e+21,');
    expect(text).toContain('"seed": 1e+21,'); // an integer stays one
    expect(JSON.parse(text)).toEqual({ lr: 1e-7, wd: -2.5e-9, big: 1e21, seed: 1e21, scale: 3e21 });
  });

  it('treats __proto__ as a plain key', () => {
    const parsed = JSON.parse(paramsFileText({ '__proto__.polluted': 1 })) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
