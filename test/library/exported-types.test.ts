// The library's types as a user's TypeScript sees them: a file importing from 'hypertune' (the built
// package, through package.json's "exports"), checked by the real compiler. The trial records that
// trials() and best() return and their curves must be nameable (a user audit: the curve was not).
import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

const consumer = `import { createOptimizer, type TrialCurve, type TrialRecord } from 'hypertune';

const opt = createOptimizer('params:\\n  x: uniform(0, 1)\\n', { seed: 1, pruner: 'median' });
const { id } = opt.ask();
opt.report(id, 1, 0.5);
const trials: TrialRecord[] = opt.trials();
const best: TrialRecord | null = opt.best();
const curve: TrialCurve | undefined = trials[0]?.curve;
const steps: readonly number[] | undefined = curve?.steps;
// the very type of a record's curve, not merely one it fits
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const same: Same<TrialCurve, NonNullable<TrialRecord['curve']>> = true;
// @ts-expect-error a curve's values are numbers: the compiler checks this file
const wrong: TrialCurve = { steps: [1], values: ['0.5'] };
export { best, same, steps, wrong };
`;

describe("the library's exported types, checked by tsc against the built package", () => {
  const dir = mkdtempSync(join(tmpdir(), 'hypertune-types-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names the trial record and its curve that trials() returns (found by a user audit)', async () => {
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(root, join(dir, 'node_modules', 'hypertune'), 'dir');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', type: 'module', private: true }));
    writeFileSync(join(dir, 'consumer.ts'), consumer);
    const compilerOptions = { noEmit: true, strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', types: [], skipLibCheck: true };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['consumer.ts'] }));
    const result = await promisify(execFile)(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: dir }).then(
      () => ({ code: 0, out: '' }),
      (error: { code: number; stdout: string }) => ({ code: error.code, out: error.stdout }),
    );
    expect(result.out).toBe('');
    expect(result.code).toBe(0);
  });
});
