// How `run` reads a real program's metric lines: the step words it knows, a locale's decimal comma, and
// a result line printed after the training loop. Through the built binary, as a user runs it.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NODE, hypertune, program, summaryJson, tempDir, writeFile } from './helpers/hypertune.js';

// Each test its own folder or study, none racing a clock: they run side by side (describe.concurrent).
describe.concurrent('run: a step from the iteration a line names', () => {
  it("stores Caffe's test accuracy at the iterations its solver tested at, not at ordinals (a user audit)", async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', 'metric: accuracy\ngoal: maximize\nparams:\n  x: uniform(0, 1)\n');
    const result = await hypertune(['run', 'space.yaml', '--metric-stream', 'stderr', '--trials', '1', '--seed', '1', '--', NODE, program('caffe-log.mjs')], { cwd: dir, env: { ITERS: '1500' } });
    expect(result.exitCode, result.stderr).toBe(0);
    const [trial] = (await summaryJson(dir)).trials;
    expect(trial?.steps).toEqual([0, 500, 1000, 1500]);
    const x = Number(trial?.params['x']);
    expect(trial?.value).toBeCloseTo(1 - (x - 0.3) ** 2 - 0.5 / 16, 4);
    const shown = await hypertune(['show', '0'], { cwd: dir });
    expect(shown.stdout).toMatch(/accuracy {4}4 values, steps 0\.\.1500 /);
  });
});

describe.concurrent('run: a number with a comma', () => {
  it("fails a trial whose program prints %.3f under a German locale, naming the line, where 2,512 was stored as 2512 (a user audit)", async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', 'metric: val_loss\nparams:\n  x: uniform(0, 1)\n');
    const result = await hypertune(['run', 'space.yaml', '--trials', '1', '--seed', '1', '--', NODE, program('prints-localized.mjs')], { cwd: dir, env: { VALUES: '2.512 1.875 1.203' } });
    expect(result.exitCode).toBe(1);
    const [trial] = (await summaryJson(dir)).trials;
    expect(trial?.state).toBe('failed');
    expect(trial?.intermediate).toEqual([]);
    expect(trial?.error).toMatch(/^no line matched .*\(line 1 has val_loss \d,\d{3}: a decimal comma \(\d\.\d{3}\) or thousands \(\d{4}\)\? no value of val_loss before it showed a decimal point/);
  });

  it('reads the thousands of a count printed with {:,} once its smaller values showed a point', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', 'metric: tokens\ngoal: maximize\nparams:\n  x: uniform(0, 1)\n');
    const env = { LOCALE: 'en-US', GROUPING: '1', DIGITS: '0', METRIC: 'tokens', VALUES: '512 987 1024 3295' };
    const result = await hypertune(['run', 'space.yaml', '--trials', '1', '--seed', '1', '--', NODE, program('prints-localized.mjs')], { cwd: dir, env });
    expect(result.exitCode, result.stderr).toBe(0);
    const [trial] = (await summaryJson(dir)).trials;
    expect(trial?.intermediate).toEqual([512, 987, 1024, 3295]);
    expect(trial?.value).toBe(3295);
  });
});

describe.concurrent('run: thousands written with a point', () => {
  it("fails a trial whose German-locale program prints a count of 1234 as 1.234, naming the line, where it was stored as 1.234 (a user audit)", async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', 'metric: samples\ngoal: maximize\nparams:\n  x: uniform(0, 1)\n');
    const env = { COUNTS: '512 987 1234 2468', DIGITS: '4', VALUES: '0.9 0.7 0.5 0.3' };
    const result = await hypertune(['run', 'space.yaml', '--trials', '1', '--seed', '1', '--', NODE, program('prints-localized.mjs')], { cwd: dir, env });
    expect(result.exitCode).toBe(1);
    const [trial] = (await summaryJson(dir)).trials;
    expect(trial?.state).toBe('failed');
    expect(trial?.intermediate).toEqual([512, 987]);
    expect(trial?.error).toMatch(/^not every value of the metric was read \(line 3 has samples 1\.234: a decimal point \(1\.234\) or thousands \(1234\)\? line 1 writes val_loss=\d,\d{4} as a locale such as LC_NUMERIC=de_DE does, and no value of samples showed a decimal point \(0\.41\), so hypertune reads neither; run the program with LC_ALL=C/);
  });

  it('fails a trial whose JSON lines hold the value as a string with a decimal comma, as it does for the bare value (a user audit)', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', 'metric: val_loss\nparams:\n  x: uniform(0, 1)\n');
    const result = await hypertune(['run', 'space.yaml', '--trials', '1', '--seed', '1', '--', NODE, program('prints-localized.mjs')], { cwd: dir, env: { JSON: '1', VALUES: '2.512 1.875' } });
    expect(result.exitCode).toBe(1);
    const [trial] = (await summaryJson(dir)).trials;
    // "2,512" was read as 2512
    expect(trial?.intermediate).toEqual([]);
    expect(trial?.error).toMatch(/^no line matched .*\(line 1 has val_loss \d,\d{3}: a decimal comma \(\d\.\d{3}\) or thousands \(\d{4}\)\? no value of val_loss before it showed a decimal point/);
  });
});

describe.concurrent('run: a result line after the training loop', () => {
  it('takes `best` and `test` val_loss printed after the loop as the result, not as points at the last epoch (a user audit)', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', 'metric: val_loss\nparams:\n  x: uniform(0, 1)\n');
    const result = await hypertune(['run', 'space.yaml', '--trials', '1', '--seed', '1', '--', NODE, program('reports-final.mjs')], { cwd: dir, env: { AFTER: 'best test' } });
    expect(result.exitCode, result.stderr).toBe(0);
    const [trial] = (await summaryJson(dir)).trials;
    const x = Number(trial?.params['x']);
    expect(trial?.steps).toEqual([1, 2, 3, 4, 5]);
    expect(trial?.intermediate.map((v) => v - (x - 0.3) ** 2)).toEqual([1, 1 / 2, 1 / 3, 1 / 4, 1 / 5].map((v) => expect.closeTo(v, 12)));
    expect(trial?.value).toBeCloseTo((x - 0.3) ** 2 + 0.2 + 0.05, 12);
    const shown = await hypertune(['show', '0'], { cwd: dir });
    expect(shown.stdout).toMatch(/val_loss {4}5 values, steps 1\.\.5 /);
    const parsed = await hypertune(['parse', '--metric', 'val_loss', join(dir, '.hypertune', 'space', 'trials', '0', 'stdout.log')], { cwd: dir });
    expect(parsed.stdout).toContain('5 values in 7 lines.');
    expect(parsed.stdout).toMatch(/Result \(last\): \S+ \(line 7: test val_loss=\S+; a line after the curve, not a step of it\)$/);
  });
});

describe.concurrent("run: a pandas DataFrame printed at the end", () => {
  for (const named of ['0', '1']) {
    it(`reads its rows past the index column the header does not name${named === '1' ? ', the named index as the step' : ''} (a user audit: no line matched)`, async () => {
      const dir = tempDir();
      writeFile(dir, 'space.yaml', 'metric: val_loss\nparams:\n  x: uniform(0, 1)\n');
      const result = await hypertune(['run', 'space.yaml', '--trials', '1', '--seed', '1', '--', NODE, program('prints-pandas-frame.mjs')], { cwd: dir, env: { NAMED_INDEX: named } });
      expect(result.exitCode, result.stderr).toBe(0);
      const [trial] = (await summaryJson(dir)).trials;
      const x = Number(trial?.params['x']);
      expect(trial?.steps).toEqual([1, 2, 3, 4]);
      expect(trial?.value).toBeCloseTo((x - 0.3) ** 2 + 0.25, 5);
    });
  }
});
