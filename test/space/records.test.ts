import { describe, expect, it } from 'vitest';
import { parseSpace } from '../../src/space/index.js';
import { parseCsvRows, wordsRecord } from '../../src/space/record-files.js';
import { checkRecord, missingLabels } from '../../src/space/records.js';

const space = parseSpace(`metric: loss
params:
  lr: loguniform(1e-4, 1)
  flag:
    choice: [true, false, 3]
  opt:
    choice:
      - adam
      - sgd:
          momentum: uniform(0, 1)
  fixed: 7
`);
const options = { file: 'f.csv', metric: 'loss', partial: false };

describe('CSV rows', () => {
  it('keeps commas, quotes and line breaks inside quoted fields, and counts lines', () => {
    expect(parseCsvRows('a,b\r\n"x, y","say ""hi"""\n"two\nlines",z\n\n')).toEqual([
      { cells: ['a', 'b'], line: 1 },
      { cells: ['x, y', 'say "hi"'], line: 2 },
      { cells: ['two\nlines', 'z'], line: 3 },
    ]);
  });
  it('tells a quoted empty cell (an empty string) from an empty one (no value)', () => {
    expect(parseCsvRows('a,b,c\n"",,x\n,""\n""\n')).toEqual([
      { cells: ['a', 'b', 'c'], line: 1 },
      { cells: ['', '', 'x'], line: 2, quotedEmpty: [0] },
      { cells: ['', ''], line: 3, quotedEmpty: [1] },
      { cells: [''], line: 4, quotedEmpty: [0] },
    ]);
  });
  it('refuses a quote that never closes, naming its line', () => {
    expect(() => parseCsvRows('a\n"open\n')).toThrow('line 2: a quoted field is never closed');
  });
});

describe('checkRecord', () => {
  it('types text by the space: numbers, options by their text, constants filled in', () => {
    const checked = checkRecord(space, { fields: { lr: '0.01', flag: 'true', opt: 'sgd', momentum: '0.5', loss: 'nan' }, line: 4, text: true }, options);
    expect(checked.config).toEqual({ lr: 0.01, flag: true, opt: 'sgd', momentum: 0.5, fixed: 7 });
    expect(checked.value).toBeNaN();
    const three = checkRecord(space, { fields: { lr: 0.1, flag: 3, opt: 'adam', value: 2 }, line: 1, text: false }, options);
    expect(three.config['flag']).toBe(3);
    expect(three.value).toBe(2);
  });
  it('takes a number as the program got it: 2.0 for the option 2, 1.0 for the constant 1.0 (found by a user audit)', () => {
    const floats = parseSpace('metric: loss\nparams:\n  x: uniform(0, 1)\n  scale: 1.0\n  ratio: choice(0.1, 1.0, 2)\n');
    const checked = checkRecord(floats, { fields: { x: '0.5', scale: '1.0', ratio: '2.0', loss: '0.3' }, line: 2, text: true }, options);
    expect(checked.config).toEqual({ x: 0.5, scale: 1, ratio: 2 });
    expect(checkRecord(floats, { fields: { x: '0.5', scale: '1', ratio: '1.0', loss: '0.3' }, line: 2, text: true }, options).config.ratio).toBe(1);
  });

  it("reads pandas' True, False and None as the options true, false and null; a string option \"True\" stays itself (a re-audit)", () => {
    const bools = parseSpace('metric: loss\nparams:\n  bn: choice(true, false)\n  heads: choice(null, 4)\n  fire: choice("True", "False")\n');
    const checked = checkRecord(bools, { fields: { bn: 'True', heads: 'None', fire: 'True', loss: '0.3' }, line: 2, text: true }, options);
    expect(checked.config).toEqual({ bn: true, heads: null, fire: 'True' });
    expect(checkRecord(bools, { fields: { bn: 'False', heads: '4', fire: 'False', loss: '0.3' }, line: 2, text: true }, options).config).toEqual({ bn: false, heads: 4, fire: 'False' });
  });

  it('leaves missing labels to the optimizer only when partial', () => {
    const partial = checkRecord(space, { fields: { opt: 'sgd' }, line: 2, text: true }, { ...options, partial: true });
    expect(missingLabels(space, partial.config)).toEqual(['lr', 'flag', 'momentum']);
    expect(() => checkRecord(space, { fields: { opt: 'sgd' }, line: 2, text: true }, options)).toThrow('f.csv:2: lr: missing');
  });
  it('reads key=value words, values holding = signs', () => {
    expect(wordsRecord(['lr=0.01', 'opt=a=b']).fields).toEqual({ lr: '0.01', opt: 'a=b' });
    expect(() => wordsRecord(['lr'])).toThrow('expected label=value, got "lr"');
  });
});
