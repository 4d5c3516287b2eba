import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TrialLaunch } from '../../src/runner/types.js';

/** test/fixtures/programs: the tiny training programs the runner tests start. */
export const fixturePrograms = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'programs');

/** A launch of one fixture program under Node.js, parameters in the environment, the loss read from stdout. */
export function fixtureLaunch(program: string, args: string[] = [], overrides: Partial<TrialLaunch> = {}): TrialLaunch {
  return {
    command: [process.execPath, join(fixturePrograms, program), ...args],
    params: {},
    trialId: 0,
    study: 'fixtures',
    pass: 'env',
    metric: 'loss',
    pattern: null,
    objective: 'last',
    timeoutS: null,
    ...overrides,
  };
}
