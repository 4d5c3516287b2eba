import { describe, expect, it } from 'vitest';
import { placeholderNotes } from '../../src/cli/placeholder-notes.js';
import { parseSpace } from '../../src/space/index.js';

const space = parseSpace('params:\n  lr: loguniform(0.001, 0.1)\n  epochs: randint(1, 9)\n  model:\n    choice:\n      - linear\n      - mlp:\n          width: randint(8, 64)\n', { file: 's.yaml' });

describe('notes on a command\'s placeholders (a user audit)', () => {
  it('names a placeholder that is no parameter, with the nearest label', () => {
    expect(placeholderNotes(space, ['python', 't.py', '--epochs', '{epoch}', '--lr', '{lr}', '{"a": 1}', 'runs/{trial_id}'])).toEqual([
      '{epoch} in "{epoch}" names no parameter and is passed as written (is it {epochs}?)',
    ]);
  });

  it('names a word mixing a parameter a trial does not always have with one it has: the whole word goes', () => {
    expect(placeholderNotes(space, ['python', 't.py', '--out', 'runs/{model}_{width}'])).toEqual([
      '"runs/{model}_{width}" names width, which a trial does not always have: in a trial without it the whole word is left out, with the value of model; give each its own word, or this one only names that every trial has',
    ]);
  });

  it('names a positional placeholder of such a parameter, which shifts the words after it; a flag\'s value or the last word is fine', () => {
    expect(placeholderNotes(space, ['./pos.sh', '{model}', '{width}', '{lr}'])).toEqual([
      '"{width}" is a positional word naming width, which a trial does not always have: left out, the words after it move up one place; give it as a flag (--width {width})',
    ]);
    expect(placeholderNotes(space, ['python', 't.py', '--width', '{width}', '--lr', '{lr}', '{width}'])).toEqual([]);
    // argparse's nargs='+': the flag takes every lone placeholder after it, as docs/running.md shows
    expect(placeholderNotes(space, ['python', 't.py', '--hidden', '{epochs}', '{width}', '--lr', '{lr}'])).toEqual([]);
  });

  it('names a boolean placed alone, which passes the word true or false; after a flag it is that flag\'s value', () => {
    const switches = parseSpace('params:\n  lr: loguniform(0.001, 0.1)\n  use_bn: choice(true, false)\n  augment: choice("--augment", "")\n', { file: 's.yaml' });
    expect(placeholderNotes(switches, ['python', 't.py', '--lr', '{lr}', '{use_bn}', '{augment}'])).toEqual([
      '{use_bn} stands alone for a boolean: the program gets the word true or false there; for a switch (store_true) write use_bn: choice("--use_bn", ""), an empty option leaving the word out',
    ]);
    expect(placeholderNotes(switches, ['python', 't.py', '--use_bn', '{use_bn}', '{augment}', 'use_bn={use_bn}'])).toEqual([]);
  });
});
