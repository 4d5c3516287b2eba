import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { QUADRATIC_SPACE, SH, hypertune, summaryJson, tempDir, writeFile } from './helpers/hypertune.js';

// PyTorch, NumPy's BLAS and OpenMP programs start a thread per core in every trial: two trials at once
// asked for twice the cores, and on a shared 2-core machine a study of four PyTorch trials took 99-106 s
// instead of 23-30 s with one thread each (a user audit). Trials side by side get their share of the cores.
const PRINTS_THREADS = [SH, '-c', 'echo "loss=${OMP_NUM_THREADS:-0}"', 'sh'];

async function threadsSeen(parallel: number, env: Record<string, string>): Promise<{ values: Array<number | null>; headline: string }> {
  const dir = tempDir();
  writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
  const run = await hypertune(['run', 'space.yaml', '--trials', '2', '--algo', 'random', '--parallel', String(parallel), '--', ...PRINTS_THREADS], { cwd: dir, env });
  expect(run.exitCode, run.stderr).toBe(0);
  return { values: (await summaryJson(dir)).trials.map((t) => t.value), headline: run.stdout.split('\n')[0] ?? '' };
}

describe.concurrent('compute threads of trials that run side by side', () => {
  it('--parallel 2 gives each trial its share of the cores in OMP_NUM_THREADS, and the first line says so', async () => {
    const share = Math.max(1, Math.floor(availableParallelism() / 2));
    const { values, headline } = await threadsSeen(2, { OMP_NUM_THREADS: '' });
    expect(values).toEqual([share, share]);
    expect(headline).toContain(`, 2 at a time, ${share} thread${share === 1 ? '' : 's'} each (OMP_NUM_THREADS);`);
  });

  it("keeps the count the tuner's environment chose, and sets none for one trial at a time", async () => {
    const chosen = await threadsSeen(2, { OMP_NUM_THREADS: '3' });
    expect(chosen.values).toEqual([3, 3]);
    expect(chosen.headline).not.toContain('OMP_NUM_THREADS');
    const alone = await threadsSeen(1, { OMP_NUM_THREADS: '' });
    expect(alone.values).toEqual([0, 0]);
    expect(alone.headline).not.toContain('OMP_NUM_THREADS');
  });
});
