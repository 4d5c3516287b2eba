import { describe, expect, it } from 'vitest';
import { KEEP_HEAD_BYTES, KEEP_TAIL_BYTES } from '../../src/loop/trial-output.js';
import { createTrialWriter } from '../../src/loop/trial-writer.js';
import type { KeepOutput } from '../../src/loop/settings.js';
import { asked } from '../store/conformance.js';
import { journalWithTrial } from './journal-with-trial.js';

describe('a trial writer: what is kept of a trial output', () => {
  const journal = journalWithTrial('hypertune-output-');

  // the output goes to the store with the trial's writes; its finish writes the kept tail
  const bufferFor = (study: string, id: number, keep: KeepOutput) => {
    const writer = createTrialWriter(journal.store(), study, id, keep, () => undefined);
    return {
      add: writer.output,
      finish: () => writer.finish({ type: 'trial_finished', id, state: 'complete', value: 1, exitCode: 0, error: null, at: 1 }),
    };
  };

  const line = (n: number): string => `line ${String(n).padStart(7, '0')} ${'y'.repeat(86)}`; // 99 bytes + newline

  it('tail: the first and last MB of each stream, and one marker with what was dropped between', async () => {
    const buffer = bufferFor('s', 0, 'tail');
    const count = 50_000; // 5 MB
    for (let n = 0; n < count; n++) buffer.add('stdout', line(n));
    buffer.add('stderr', 'short');
    await buffer.finish();
    const text = await journal.store().readOutput('s', 0, 'stdout');
    const lines = text.split('\n').slice(0, -1);
    const head = Math.ceil(KEEP_HEAD_BYTES / 100);
    const tail = Math.floor(KEEP_TAIL_BYTES / 100);
    expect(lines.slice(0, head)).toEqual(Array.from({ length: head }, (_, n) => line(n)));
    const dropped = count - head - tail;
    expect(lines[head]).toBe(
      `[hypertune: ${dropped * 100} bytes (${dropped} lines) dropped here; --keep-output tail keeps the first 1 MB and the last 1 MB of each stream, --keep-output all keeps everything]`,
    );
    expect(lines.slice(head + 1)).toEqual(Array.from({ length: tail }, (_, n) => line(count - tail + n)));
    expect(await journal.store().readOutput('s', 0, 'stderr')).toBe('short\n');
  });

  it('tail: output under the cap is kept whole, without a marker', async () => {
    const buffer = bufferFor('s', 0, 'tail');
    for (let n = 0; n < 15_000; n++) buffer.add('stdout', line(n));
    await buffer.finish();
    const text = await journal.store().readOutput('s', 0, 'stdout');
    expect(text.length).toBe(1_500_000);
    expect(text).not.toContain('[hypertune:');
  });

  it('all keeps every line, none keeps nothing', async () => {
    const all = bufferFor('s', 0, 'all');
    for (let n = 0; n < 30_000; n++) all.add('stdout', line(n));
    await all.finish();
    expect((await journal.store().readOutput('s', 0, 'stdout')).length).toBe(3_000_000);
    await journal.store().createTrial('s', asked({ x: 2 }));
    const none = bufferFor('s', 1, 'none');
    none.add('stdout', 'x');
    await none.finish();
    expect(await journal.store().readOutput('s', 1, 'stdout')).toBe('');
  });
});
