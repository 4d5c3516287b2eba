import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { NODE, SH, program, tempDir, unshared, writeFile } from './helpers/hypertune.js';

// A distroless image has no /bin/sh, which the trial reaper runs on. util-linux's unshare gives the
// built binary a mount namespace of its own, where /dev/null is bound over the shell (root only,
// hence skipped elsewhere, with the reason); the host's /bin/sh is untouched.

function canHideShell(): boolean {
  try {
    execFileSync('unshare', ['-m', SH, '-c', 'mount --bind /dev/null /bin/sh && ! /bin/sh -c true 2>/dev/null'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const HIDDEN = canHideShell();
const skipReason = HIDDEN ? 'unshare -m' : 'skipped: a mount namespace needs root and util-linux unshare';
if (!HIDDEN) process.stderr.write(`no-shell tests ${skipReason}\n`);

describe.skipIf(!HIDDEN)(`a machine without /bin/sh, as a distroless image (${skipReason})`, () => {
  it('runs the trials, and says in one line of its own that the trial reaper could not start', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', 'metric: loss\nparams:\n  x: uniform(0, 1)\n');
    const run = await unshared(['-m'], 'mount --bind /dev/null /bin/sh && ', ['run', 'space.yaml', '--trials', '3', '--algo', 'random', '--', NODE, program('prints-loss.mjs'), '--x', '{x}'], dir);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('Done: 3 of 3 trials finished (3 complete, 0 failed)');
    // Node printed it as `(node:PID) [HYPERTUNE_REAPER] HypertuneWarning: ...` and a --trace-warnings hint
    const lines = run.stderr.split('\n').filter((line) => line !== '');
    expect(lines).toEqual([expect.stringMatching(/^hypertune: warning: cannot start the trial reaper \(\/bin\/sh\): spawn \/bin\/sh EACCES; trials keep running, but a tuner killed with kill -9 may leave its trials behind$/)]);
  }, 60_000);
});
