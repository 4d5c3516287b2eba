import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { JournalStore } from '../../src/store/journal/journal-store.js';
import { asked, makeMeta } from '../store/conformance.js';

/** A real journal in a folder of its own for each test, holding study `s` and its running trial 0 (x = 1); closed and removed after. */
export function journalWithTrial(prefix: string): { store: () => JournalStore } {
  let dir = '';
  let store: JournalStore | null = null;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix));
    store = new JournalStore(dir);
    await store.createStudy(makeMeta('s'));
    await store.createTrial('s', asked({ x: 1 }));
  });
  afterEach(async () => {
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });
  return {
    store: () => {
      if (store === null) throw new Error('the journal is made before each test');
      return store;
    },
  };
}
