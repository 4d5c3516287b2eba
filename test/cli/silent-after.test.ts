// HYPERTUNE_SILENT_AFTER sets how long a worker's trial may send no heartbeat before it counts as
// silent (docs/reports.md); a value that is no duration is refused in one line, exit 2, before any work.
import { describe, expect, it } from 'vitest';
import { hypertune, tempDir, writeFile } from './helpers/hypertune.js';

describe.concurrent('HYPERTUNE_SILENT_AFTER', () => {
  for (const [given, shown] of [['soon', '"soon"'], ['0', '"0"'], ['-3s', '"-3s"']] as const) {
    it(`refuses ${given} in one line with exit code 2`, async () => {
      const run = await hypertune(['studies'], { cwd: tempDir(), env: { HYPERTUNE_SILENT_AFTER: given } });
      expect(run.exitCode).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim()).toBe(`hypertune: HYPERTUNE_SILENT_AFTER: expected a duration like 10s or a number of seconds, got ${shown}`);
    });
  }

  it('takes a duration and goes on', async () => {
    const cwd = tempDir();
    writeFile(cwd, 'space.yaml', 'metric: loss\nparams:\n  x: uniform(0, 1)\n');
    const run = await hypertune(['check', 'space.yaml'], { cwd, env: { HYPERTUNE_SILENT_AFTER: '4s' } });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
  });
});
