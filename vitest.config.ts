import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// NODE_EXTRA_CA_CERTS, set on these machines for their proxy, makes every Node process parse a file of
// certificates at start: 0.10 s of CPU where `node -e 0` takes 0.04 s without it (session 66). The suite
// starts the built binary and Node fixture programs a few thousand times and makes no TLS connection,
// so the workers (forked from this process, which loads the config first) and all they start run without.
// test/cli/ask-tell.test.ts with run-prune.test.ts: 69 s of CPU -> 52 s.
delete process.env['NODE_EXTRA_CA_CERTS'];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // dist/ built once from the current sources before any file starts (test/global-setup.ts)
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // vitest's default is cores - 1 workers: one on 2 cores, so files would run one after another.
    // Most tests wait on child processes, a server or a browser; two at a time took the suite from
    // 260-278 s to 191-194 s on a 2-core machine, every test passing (session 12, twice). Three on two
    // cores took it from 382 s to 326 s (session 52), but the tests' timing margins, set under two,
    // failed under three: a time budget's last start came 57 ms late on CI. Two stay.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Each worker process runs its files one after another without a fresh module graph per file: the
    // suite is bound by CPU on two cores, and re-importing src and vitest per file cost 90 s of
    // "import" (19 s without). Whole suite 484 s -> 395 s, every test passing; the pure unit tests
    // (engine, space, study, util) 59 s -> 31 s (session 51). Tests that change process.env restore it.
    isolate: false,
    // the JSON file lets .ci/run print one plain 'N passed, N failed, N skipped' line
    reporters: ['default', 'json'],
    outputFile: { json: 'test-artifacts/vitest.json' },
  },
});
