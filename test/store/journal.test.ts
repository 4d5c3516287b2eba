import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'vitest';
import type { StoreOptions } from '../../src/store/open.js';
import { storeConformance } from './conformance.js';

describe('journal store (conformance)', () => {
  storeConformance({
    setUp: async () => ({ dir: await mkdtemp(join(tmpdir(), 'hypertune-journal-')) }),
    tearDown: async (options: StoreOptions) => {
      if (options.dir !== undefined) await rm(options.dir, { recursive: true, force: true });
    },
    exclusiveRunLock: true,
  });
});
