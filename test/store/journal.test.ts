import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'vitest';
import type { StoreOptions } from '../../src/store/open.js';
import { storeConformance } from './conformance.js';
import { outsideTrialsConformance } from './conformance-outside.js';
import { batchConformance } from './conformance-batch.js';

const journal = {
  setUp: async (): Promise<StoreOptions> => ({ dir: await mkdtemp(join(tmpdir(), 'hypertune-journal-')) }),
  tearDown: async (options: StoreOptions): Promise<void> => {
    if (options.dir !== undefined) await rm(options.dir, { recursive: true, force: true });
  },
  exclusiveRunLock: true,
};

describe('journal store (conformance)', () => {
  storeConformance(journal);
  outsideTrialsConformance(journal);
  batchConformance(journal);
});
