import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JournalStore } from '../../src/store/journal/journal-store.js';
import { createRng } from '../../src/util/rng.js';
import { finished, startChild, waitForLine } from './child.js';
import { makeMeta } from './conformance.js';

describe('journal store under kill -9', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hypertune-kill-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('never loses a finished trial nor corrupts the journal when the writer is SIGKILLed at random moments', async () => {
    const store = new JournalStore(dir);
    await store.createStudy(makeMeta('k'));
    const rng = createRng('kill-9');
    const reported = new Set<number>();
    const rounds = 8;
    for (let round = 0; round < rounds; round += 1) {
      // 6 KiB parameters make each record span pages, so a kill can land inside a write
      const child = startChild('run-trials-forever', { dir }, 'k', '6000');
      const exited = finished(child);
      await waitForLine(child, /^finished \d+$/);
      await sleep(5 + rng.next() * 60);
      child.kill('SIGKILL');
      const result = await exited;
      expect(result.signal).toBe('SIGKILL');
      for (const match of result.stdout.matchAll(/^finished (\d+)$/gm)) reported.add(Number(match[1]));
    }
    const reader = new JournalStore(dir);
    const state = await reader.load('k');
    expect(state).not.toBeNull();
    const byId = new Map(state?.trials.map((trial) => [trial.id, trial]));
    for (const id of reported) expect(byId.get(id)).toMatchObject({ state: 'complete', value: id, intermediate: [id / 2] });
    // ids stay dense and unique; at most one trial per kill is left running
    expect(state?.trials.map((trial) => trial.id)).toEqual(Array.from({ length: state?.trials.length ?? 0 }, (_, index) => index));
    expect(state?.trials.filter((trial) => trial.state === 'running').length).toBeLessThanOrEqual(rounds);
    // every line but possibly a terminated torn record parses, and the file ends with a newline or a torn tail only
    const text = await readFile(join(dir, 'k', 'journal.jsonl'), 'utf8');
    const lines = text.split('\n').filter((line) => line !== '');
    const unparsable = lines.filter((line) => {
      try {
        JSON.parse(line);
        return false;
      } catch {
        return true;
      }
    });
    expect(unparsable.length).toBeLessThanOrEqual(rounds);
    expect(lines.length - unparsable.length).toBe((await reader.readEvents('k')).length);
    expect(reported.size).toBeGreaterThan(rounds);
  });
});
