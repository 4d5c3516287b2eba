import { describe, expect, it } from 'vitest';
import { lastWords, metricNameHint } from '../../src/runner/failure-hints.js';

describe('failure hints', () => {
  it('names the value the output shows whose name is close to a metric that matched nothing', () => {
    const lines = ['epoch 1 train_loss=0.5 loss=0.4', "{'eval_acc': 0.91, 'step': 3}"];
    expect(metricNameHint('los', lines)).toBe('; the output has loss values: is the metric loss? (a study keeps its metric: give --metric loss to a new study, --study NAME)');
    expect(metricNameHint('eval_ac', lines)).toContain('is the metric eval_acc?');
    // nothing close: no guess
    expect(metricNameHint('accuracy', lines)).toBe('');
    expect(metricNameHint('los', ['no numbers here'])).toBe('');
  });

  it("gives the program's last stderr line, cut at 200 characters", () => {
    expect(lastWords(['Traceback (most recent call last):', '  File "x.py"', 'ValueError: bad', ''])).toBe(': ValueError: bad');
    expect(lastWords([])).toBe('');
    expect(lastWords(['x'.repeat(300)])).toHaveLength(2 + 200);
  });
});
