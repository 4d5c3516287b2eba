import { spawn } from 'node:child_process';
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JournalStore } from '../../src/store/journal/journal-store.js';
import { createRng } from '../../src/util/rng.js';
import { finished, requireBuild, waitForLine } from './child.js';
import { asked, makeMeta } from './conformance.js';

const script = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'run-lock-child.mjs');

// The holder of a study's run lock appends trial events without the append lock (the journal's fast
// path); these check that other writers, torn tails and kill -9 still cannot cost it a record.
describe('journal store: appends of the run-lock holder', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hypertune-runlock-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('keeps its records whole after another writer appended, or left a torn record behind', async () => {
    const owner = new JournalStore(dir);
    await owner.createStudy(makeMeta('s'));
    const release = await owner.acquireRunLock('s', 'me');
    const id = await owner.createTrial('s', asked({ x: 1 }));
    await owner.append('s', { type: 'trial_started', id, worker: 'me', at: 2 });
    // another process raises the target (it takes the append lock), then a writer dies mid-record
    await new JournalStore(dir).setTarget('s', 30, 3);
    await owner.append('s', { type: 'trial_intermediate', id, value: 0.7, at: 4 });
    const path = join(dir, 's', 'journal.jsonl');
    await appendFile(path, '{"type":"target_changed","tar');
    await owner.append('s', { type: 'trial_finished', id, state: 'complete', value: 0.5, exitCode: 0, error: null, at: 5 });
    await release();
    await owner.close();
    const lines = (await readFile(path, 'utf8')).split('\n');
    expect(lines.at(-3)).toBe('{"type":"target_changed","tar');
    const state = await new JournalStore(dir).load('s');
    expect(state?.target).toBe(30);
    expect(state?.trials).toMatchObject([{ id: 0, state: 'complete', value: 0.5, intermediate: [0.7], startedAt: 2 }]);
  });

  it('never loses a finished trial when the run-lock holder is SIGKILLed at random moments', async () => {
    requireBuild();
    const store = new JournalStore(dir);
    await store.createStudy(makeMeta('k'));
    const rng = createRng('kill-9-run-lock');
    const reported = new Set<number>();
    const rounds = 6;
    for (let round = 0; round < rounds; round += 1) {
      // each child takes over the dead one's run lock; 6 KiB records span pages, so a kill can tear one
      const child = spawn(process.execPath, [script, dir, 'k', '6000'], { stdio: ['ignore', 'pipe', 'pipe'] });
      const exited = finished(child);
      await waitForLine(child, /^finished \d+$/);
      await sleep(5 + rng.next() * 50);
      child.kill('SIGKILL');
      const result = await exited;
      expect(result.signal).toBe('SIGKILL');
      for (const match of result.stdout.matchAll(/^finished (\d+)$/gm)) reported.add(Number(match[1]));
    }
    const state = await new JournalStore(dir).load('k');
    const byId = new Map(state?.trials.map((trial) => [trial.id, trial]));
    for (const id of reported) expect(byId.get(id)).toMatchObject({ state: 'complete', value: id, intermediate: [id / 2] });
    expect(state?.trials.map((trial) => trial.id)).toEqual(Array.from({ length: state?.trials.length ?? 0 }, (_, index) => index));
    expect(state?.trials.filter((trial) => trial.state === 'running').length).toBeLessThanOrEqual(rounds);
    expect(reported.size).toBeGreaterThan(rounds);
  });
});
