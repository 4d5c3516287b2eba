import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runTrial } from '../../src/runner/run-trial.js';
import type { TrialLaunch } from '../../src/runner/types.js';

const examples = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples');
// the interpreter itself, as test/cli/helpers/hypertune.ts's PYTHON: a `python3` on PATH may be pyenv's
// shim, 0.5 s of CPU a start on a 2-core machine where the interpreter takes 0.07 s
const python = ((): string | undefined => {
  for (const name of ['python3', 'python']) {
    const asked = spawnSync(name, ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' });
    if (asked.status === 0 && asked.stdout.trim() !== '') return asked.stdout.trim();
  }
  return undefined;
})();

function launchOf(command: string[], params: TrialLaunch['params']): TrialLaunch {
  return { command, params, trialId: 0, study: 'examples', pass: 'flags', metric: 'loss', pattern: null, objective: 'last', timeoutS: 30 };
}

describe('examples/', () => {
  const good = { lr: 0.05, momentum: 0.5, optimizer: 'sgd', batch_size: 16 };
  const poor = { lr: 0.001, momentum: 0.1, optimizer: 'sgd', batch_size: 64 };

  it('train.mjs takes the flags and reports five epochs, better for better parameters', async () => {
    const command = [process.execPath, join(examples, 'train.mjs')];
    const [goodRun, poorRun, adamRun] = await Promise.all([
      runTrial(launchOf(command, good)),
      runTrial(launchOf(command, poor)),
      runTrial(launchOf(command, { ...good, optimizer: 'adam' })),
    ]);
    expect(goodRun).toMatchObject({ state: 'complete', value: 0.0119306 });
    expect(goodRun.intermediate).toHaveLength(5);
    expect(poorRun.value ?? 0).toBeGreaterThan(1);
    expect(adamRun.state).toBe('complete');
  });

  it.skipIf(python === undefined)('train.py (argparse) prints the same numbers as train.mjs', async () => {
    const outcome = await runTrial(launchOf([python ?? 'python3', join(examples, 'train.py')], good));
    expect(outcome).toMatchObject({ state: 'complete', value: 0.0119306 });
    expect(outcome.intermediate).toEqual([0.370355, 0.0634593, 0.0206204, 0.0133639, 0.0119306]);
  });
});

describe('a Python program that never flushes', () => {
  const program = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'programs', 'unflushed.py');
  // 2 s: Python's start-up through pyenv's shim took over 1 s on a loaded 2-core machine, before the
  // line was printed (3 s then); the interpreter itself starts in a tenth of that
  const stoppedEarly = (): TrialLaunch => ({ ...launchOf([python ?? 'python3', program], {}), timeoutS: 2, killGraceS: 1 });

  it.skipIf(python === undefined)('hands over each line as printed: a trial stopped early keeps the values it printed', async () => {
    const inherited = process.env['PYTHONUNBUFFERED'];
    try {
      delete process.env['PYTHONUNBUFFERED'];
      const unbuffered = await runTrial(stoppedEarly());
      expect(unbuffered).toMatchObject({ state: 'failed', timedOut: true, intermediate: [0.5] });
      // set but empty in the tuner's environment: unset to Python, which would buffer, so set all the same (a user audit)
      process.env['PYTHONUNBUFFERED'] = '';
      const empty = await runTrial(stoppedEarly());
      expect(empty).toMatchObject({ state: 'failed', timedOut: true, intermediate: [0.5] });
    } finally {
      if (inherited === undefined) delete process.env['PYTHONUNBUFFERED'];
      else process.env['PYTHONUNBUFFERED'] = inherited;
    }
  });
});
