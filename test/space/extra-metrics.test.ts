import { describe, expect, it } from 'vitest';
import { parseSpace } from '../../src/space/index.js';

const X = 'params:\n  x: uniform(0, 1)\n';

describe('extra_metrics in a space file', () => {
  it('reads a list or a comma-separated string of names; none by default', () => {
    expect(parseSpace(X).extraMetrics).toEqual([]);
    expect(parseSpace(`metric: val_loss\nextra_metrics: [accuracy, train_loss]\n${X}`).extraMetrics).toEqual(['accuracy', 'train_loss']);
    expect(parseSpace(`extra_metrics: accuracy, eval/f1\n${X}`).extraMetrics).toEqual(['accuracy', 'eval/f1']);
    expect(parseSpace(`extra_metrics:\n  - accuracy\n${X}`).extraMetrics).toEqual(['accuracy']);
    // a name may hold a space, as metric:'s may: LightGBM's evaluation lines, nanoGPT's `val loss`
    expect(parseSpace(`extra_metrics: ["valid_0's auc", train loss]\n${X}`).extraMetrics).toEqual(["valid_0's auc", 'train loss']);
  });

  it('refuses the study metric itself, a name twice and what is no name, naming the file, line and column', () => {
    const parse = (head: string) => () => parseSpace(`${head}\n${X}`, { file: 's.yaml' });
    expect(parse('metric: acc\nextra_metrics: [f1, acc]')).toThrow("s.yaml:2:21: extra_metrics: acc is the study's metric already (metric: acc); list only the others to record");
    expect(parse('extra_metrics: [f1, f1]')).toThrow('s.yaml:1:21: extra_metrics: f1 is listed twice');
    expect(parse('extra_metrics: [f1, 3]')).toThrow('s.yaml:1:21: extra_metrics must be a list of metric names, as the program prints them (e.g. extra_metrics: [accuracy, train_loss]); got 3');
    expect(parse('extra_metrics: {a: 1}')).toThrow(/^s\.yaml:1:16: extra_metrics must be a list of metric names/);
    expect(parse('extra_metrics: "f1,,acc2"')).toThrow(/^s\.yaml:1:16: extra_metrics must be a list of metric names.*got ""$/);
  });
});
