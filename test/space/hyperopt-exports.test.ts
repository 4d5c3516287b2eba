// Results exported from a hyperopt study, checked for \`add\`: its \`status\` column is the state, and a
// choice's index (what fmin and Trials hold) is refused naming its option (a user audit, hyperopt migration).
import { describe, expect, it } from 'vitest';
import { parseSpace } from '../../src/space/index.js';
import { checkRecord } from '../../src/space/records.js';

describe("hyperopt's exports, added", () => {
  const space = parseSpace('metric: loss\nparams:\n  model:\n    choice:\n      - naive_bayes\n      - svm:\n          C: lognormal(0, 1)\n');
  const options = { file: 'old.csv', metric: 'loss', partial: false };
  it("reads hyperopt's status column as the state: fail and ok", () => {
    const failed = checkRecord(space, { fields: { model: 'svm', C: '2.5', loss: '999', status: 'fail' }, line: 2, text: true }, options);
    expect([failed.state, failed.ignored]).toEqual(['fail', []]);
    const ok = checkRecord(space, { fields: { model: 'naive_bayes', loss: '0.3', status: 'ok' }, line: 3, text: true }, options);
    expect([ok.state, ok.value, ok.ignored]).toEqual(['ok', 0.3, []]);
  });
  it('keeps a parameter named status a parameter', () => {
    const own = parseSpace('params:\n  status: choice(fail, ok)\n');
    const record = checkRecord(own, { fields: { status: 'fail', loss: '1' }, line: 2, text: true }, options);
    expect([record.config, record.state]).toEqual([{ status: 'fail' }, null]);
  });
  it("names the option a hyperopt index stands for", () => {
    expect(() => checkRecord(space, { fields: { model: '1', C: '2', loss: '0.2' }, line: 2, text: true }, options)).toThrow(
      `old.csv:2: model: "1" is not one of "naive_bayes", "svm"; if 1 is hyperopt's index of an option (fmin's result, trials.vals), give the option itself, "svm", as space_eval does`,
    );
  });
});
