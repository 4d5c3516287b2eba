// hypertune add through the built binary with a hyperopt study's export: its `status` column says
// which rows failed (STATUS_FAIL with a placeholder loss), and a choice's index is refused with the
// option it stands for (a user audit, hyperopt migration).
import { describe, expect, it } from 'vitest';
import { hypertune, summaryJson, tempDir, writeFile } from './helpers/hypertune.js';

const SPACE = `metric: loss
params:
  classifier_type:
    choice:
      - naive_bayes
      - svm:
          svm_C: lognormal(0, 1)
`;

describe('hypertune add, from hyperopt', () => {
  it("reads status ok and fail as the rows' states: the fail row's loss is not learnt", async () => {
    const cwd = tempDir();
    writeFile(cwd, 'space.yaml', SPACE);
    writeFile(cwd, 'old.csv', 'classifier_type,svm_C,loss,status\nsvm,1.2,0.2,ok\nnaive_bayes,,0.3,ok\nsvm,40,999,fail\n');
    expect((await hypertune(['create', 'space.yaml', '--study', 'space'], { cwd })).exitCode).toBe(0);
    const added = await hypertune(['add', '--study', 'space', '--from', 'old.csv'], { cwd });
    expect(added.exitCode, added.stderr).toBe(0);
    expect(added.stdout).toBe('Added 3 results to study space (trials 0 to 2): 2 complete, 1 failed.');
    expect(added.stderr).toBe('');
    const summary = await summaryJson(cwd, ['--study', 'space']);
    expect(summary.trials.map((t) => [t.state, t.value])).toEqual([['complete', 0.2], ['complete', 0.3], ['failed', null]]);
  });

  it("refuses a choice's index, naming the option", async () => {
    const cwd = tempDir();
    writeFile(cwd, 'space.yaml', SPACE);
    writeFile(cwd, 'vals.csv', 'classifier_type,svm_C,loss\n1,1.2,0.2\n');
    expect((await hypertune(['create', 'space.yaml', '--study', 'space'], { cwd })).exitCode).toBe(0);
    const added = await hypertune(['add', '--study', 'space', '--from', 'vals.csv'], { cwd });
    expect(added.exitCode).toBe(2);
    expect(added.stderr).toBe(`hypertune: vals.csv:2: classifier_type: "1" is not one of "naive_bayes", "svm"; if 1 is hyperopt's index of an option (fmin's result, trials.vals), give the option itself, "svm", as space_eval does`);
  });
});
