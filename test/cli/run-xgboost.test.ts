import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hypertune, summaryJson, tempDir, writeFile } from './helpers/hypertune.js';

// Debian's `xgboost` package: the real command-line trainer, which takes key=value arguments, prints
// its evaluation lines to stderr and writes its model into the current folder.
const found = spawnSync('xgboost', ['--help'], { stdio: 'ignore' }).error === undefined;
const title = found
  ? 'run: the XGBoost command-line trainer, tuned as it is'
  : 'run: the XGBoost command-line trainer (skipped: no `xgboost` on PATH; apt-get install xgboost)';
if (!found) process.stderr.write(`${title}\n`);

/** A small binary classification set in LIBSVM format, the same every time (a fixed LCG). */
function dataset(rows: number, seed: number): string {
  let state = seed;
  const next = (): number => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    const [a, b, noise] = [next(), next(), next() - 0.5];
    lines.push(`${a + 0.5 * b + 0.4 * noise > 0.8 ? 1 : 0} 1:${a.toFixed(4)} 2:${b.toFixed(4)}`);
  }
  return `${lines.join('\n')}\n`;
}

describe.skipIf(!found)(title, () => {
  it('passes label=value arguments, reads test-logloss from stderr, and keeps each model in its trial folder', async () => {
    const dir = tempDir();
    const train = writeFile(dir, 'train.txt', dataset(300, 1));
    const test = writeFile(dir, 'test.txt', dataset(100, 2));
    const conf = writeFile(
      dir,
      'train.conf',
      `booster = gbtree\nobjective = binary:logistic\neval_metric = logloss\nnum_round = 8\n` +
        `data = "${train}?format=libsvm"\neval[test] = "${test}?format=libsvm"\n`,
    );
    writeFile(dir, 'xgb.yaml', 'metric: test-logloss\nmetric_stream: stderr\nparams:\n  max_depth: randint(1, 6)\n  eta: loguniform(0.05, 0.5)\n');
    const result = await hypertune(['run', 'xgb.yaml', '--pass', 'args', '--cwd', 'trial', '--trials', '4', '--seed', '2', '--', 'xgboost', conf], { cwd: dir });
    expect(result.exitCode, result.stdout).toBe(0);
    const summary = await summaryJson(dir);
    expect(summary.counts.complete).toBe(4);
    for (const trial of summary.trials) {
      expect(trial.intermediate).toHaveLength(8);
      expect(trial.value).toBeGreaterThan(0);
      expect(trial.value).toBeLessThan(0.7);
      const folder = join(dir, '.hypertune', 'xgb', 'trials', String(trial.id));
      expect(readdirSync(folder)).toContain('0008.model');
    }
    expect(existsSync(join(dir, '0008.model'))).toBe(false);
  });
});
