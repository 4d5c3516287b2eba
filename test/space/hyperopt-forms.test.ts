// A hyperopt space written as hyperopt's documentation writes it: each mistake says the form to write
// (a user audit, hyperopt migration).
import { describe, expect, it } from 'vitest';
import { SpaceError } from '../../src/errors.js';
import { parseSpace } from '../../src/space/index.js';

function reasonOf(text: string): string {
  try {
    parseSpace(text, { file: 'space.yaml' });
  } catch (error) {
    expect(error).toBeInstanceOf(SpaceError);
    expect((error as SpaceError).exitCode).toBe(2);
    return (error as SpaceError).message;
  }
  throw new Error(`no error for:\n${text}`);
}

describe("hyperopt's dict options", () => {
  // hyperopt's documentation: hp.choice('classifier_type', [{'type': 'naive_bayes'}, {'type': 'svm', 'C': ..., 'kernel': ...}])
  it('names the option to write for {type: svm, C: ..., kernel: ...}', () => {
    const text = 'params:\n  classifier_type:\n    choice:\n      - naive_bayes\n      - type: svm\n        C: lognormal(0, 1)\n        kernel:\n          choice: [linear, RBF]\n';
    expect(reasonOf(text)).toBe(
      'space.yaml:5:9: classifier_type: an option is a scalar (- adam), or a mapping of one key, the option, to its own parameters (- sgd: with them on the lines below, indented); ' +
        `for hyperopt's {type: svm, ...} write - svm: with C, kernel indented below it (docs/space.md, "Nested choices")`,
    );
  });
  it('takes a number beside the name for one of its constants, not for the name', () => {
    const text = 'params:\n  m:\n    choice:\n      - type: svm\n        C: lognormal(0, 1)\n        max_iter: 1000\n      - linear\n';
    expect(reasonOf(text)).toMatch(/; for hyperopt's \{type: svm, \.\.\.\} write - svm: with C, max_iter indented below it/);
  });
  it('names the option for {type: naive_bayes}', () => {
    const text = 'params:\n  classifier_type:\n    choice:\n      - type: naive_bayes\n      - svm\n';
    expect(reasonOf(text)).toBe(`space.yaml:4:15: classifier_type: option "type" must map to its parameters; for hyperopt's {type: naive_bayes} write the option itself, - naive_bayes`);
  });
  it('says an option is no distribution for - x: uniform(0, 1)', () => {
    expect(reasonOf('params:\n  c:\n    choice:\n      - x: uniform(0, 1)\n      - 5\n')).toMatch(/must map to its parameters; an option cannot be a distribution: write - name: with x: uniform\(0, 1\) indented below it$/);
  });
  it('keeps the keys it has when no single word names the option', () => {
    expect(reasonOf('params:\n  c:\n    choice:\n      - units: 64\n        act: relu\n        mode: fast\n      - 5\n')).toMatch(/; this one has keys units, act, mode$/);
  });
});

describe("hyperopt's log-space bounds", () => {
  it.each([
    ['loguniform(np.log(1e-5), np.log(1))', '2:17', 'loguniform: ', 'loguniform(1e-5, 1)'],
    ['qloguniform(np.log(1e-6), np.log(1e-2), 1e-6)', '2:18', 'qloguniform: ', 'qloguniform(1e-6, 1e-2, 1e-6)'],
    ['uniform(math.log(0.001), math.log(0.1))', '2:14', 'uniform: ', 'loguniform(0.001, 0.1)'],
    ['quniform(numpy.log(10), numpy.log(1000), 1)', '2:15', 'quniform: ', 'qloguniform(10, 1000, 1)'],
  ])('%s says what to write', (expression, at, family, written) => {
    expect(reasonOf(`params:\n  x: ${expression}\n`)).toBe(`space.yaml:${at}: x: ${family}hyperopt's np.log(...) bounds are not needed, bounds are in the value's own units: write ${written}`);
  });
});
