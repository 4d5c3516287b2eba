import { describe, expect, it } from 'vitest';
import { formatStudiesTable } from '../../src/report/studies-table.js';
import type { StudyRow } from '../../src/report/studies.js';

const row = (name: string, command: string): StudyRow => ({
  name, metric: 'val_loss', goal: 'minimize', target: 100, finished: 40, counts: { complete: 38, failed: 2, pruned: 0, running: 1, interrupted: 0, queued: 0 },
  silent: 0, best: { id: 17, value: 0.0412 }, trialTimeS: 5321, createdAt: Date.UTC(2026, 0, 2, 3, 4), lastActivityAt: Date.UTC(2026, 0, 3, 3, 4), command, diskBytes: 287_000, stoppedEarly: null,
});
const rows = [row('mnist-resnet', 'python /shared/project/train.py --epochs 10 --data /scratch/imagenet'), row('cifar', 'node train.mjs')];
const widest = (text: string): number => Math.max(...text.split('\n').map((line) => line.length));

describe('the studies table', () => {
  it('is whole without a terminal width (a file, a pipe): the command cut at 40 characters', () => {
    const text = formatStudiesTable(rows, { location: '.hypertune', color: false });
    expect(text).toContain('created');
    expect(text).toContain('python /shared/proje…a /scratch/imagenet');
    expect(widest(text)).toBeGreaterThan(150);
  });

  it('fits a terminal: the command shortened, then the columns of least use left out (a user audit: 230 characters wrapped)', () => {
    for (const width of [170, 160, 140]) {
      const text = formatStudiesTable(rows, { location: '.hypertune', color: false, width });
      expect(widest(text), `width ${width}`).toBeLessThanOrEqual(width);
      for (const kept of ['study', 'goal', 'trials', 'complete', 'failed', 'running', 'best (trial)', 'last activity', 'command', 'mnist-resnet', '0.0412 (17)']) expect(text).toContain(kept);
    }
    // narrower than the columns kept: as narrow as they go
    const narrow = formatStudiesTable(rows, { location: '.hypertune', color: false, width: 100 });
    expect(narrow).not.toMatch(/created|on disk|pruned|trial time/);
    expect(narrow).toContain('python /shar…ch/imagenet');
  });

  it('keeps every column of a table of short commands that fits', () => {
    const short = [row('a', 'node t.mjs')];
    const whole = formatStudiesTable(short, { location: '.hypertune', color: false });
    expect(formatStudiesTable(short, { location: '.hypertune', color: false, width: widest(whole) })).toBe(whole);
  });
});
