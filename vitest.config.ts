import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // vitest's default is cores - 1 workers: one on 2 cores, so files would run one after another.
    // Most tests wait on child processes, a server or a browser; two at a time took the suite from
    // 260-278 s to 191-194 s on a 2-core machine, every test passing (session 12, twice).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // the JSON file lets .ci/run print one plain 'N passed, N failed, N skipped' line
    reporters: ['default', 'json'],
    outputFile: { json: 'test-artifacts/vitest.json' },
  },
});
