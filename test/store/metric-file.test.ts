import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openMetricFile } from '../../src/store/metric-file.js';

const events = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'tfevents', 'simple-values.tfevents'));
const fileIn = (): string => join(mkdtempSync(join(tmpdir(), 'hypertune-metric-file-')), 'metrics.csv');

describe('openMetricFile: a metric file read as the program writes it', () => {
  it('waits for a file that is not there yet, then hands out each complete line once', () => {
    const path = fileIn();
    const tail = openMetricFile(path);
    expect(tail.read(false)).toEqual([]);
    expect(tail.written()).toBe(false);
    writeFileSync(path, 'epoch,loss\n0,0.5\n1,0.');
    expect(tail.read(false)).toEqual(['epoch,loss', '0,0.5']);
    expect(tail.written()).toBe(true);
    appendFileSync(path, '4\r\n2,0.3');
    expect(tail.read(false)).toEqual(['1,0.4']);
    expect(tail.read(false)).toEqual([]);
    // the program has ended: a last line without its line ending counts
    expect(tail.read(true)).toEqual(['2,0.3']);
  });

  it("reads an earlier run's file only once it changes: from where it ended if appended to, else from its start", () => {
    const appended = fileIn();
    writeFileSync(appended, 'epoch,loss\n0,0.9\n');
    const tail = openMetricFile(appended);
    expect(tail.read(false)).toEqual([]);
    expect(tail.written()).toBe(false);
    appendFileSync(appended, 'epoch,loss\n0,0.5\n');
    expect(tail.read(false)).toEqual(['epoch,loss', '0,0.5']);

    const truncated = fileIn();
    writeFileSync(truncated, 'epoch,loss\n0,0.9\n1,0.8\n2,0.7\n');
    const again = openMetricFile(truncated);
    writeFileSync(truncated, 'epoch,loss\n0,0.5\n');
    expect(again.read(false)).toEqual(['epoch,loss', '0,0.5']);
  });

  it('gives no line twice when the program rewrites the whole file each epoch, in place or by renaming a new one over it', () => {
    const path = fileIn();
    const tail = openMetricFile(path);
    writeFileSync(path, 'epoch,loss\n0,0.5\n');
    expect(tail.read(false)).toEqual(['epoch,loss', '0,0.5']);
    writeFileSync(path, ''); // caught half-way through a rewrite
    expect(tail.read(false)).toEqual([]);
    writeFileSync(path, 'epoch,loss\n0,0.5\n1,0.4\n');
    expect(tail.read(false)).toEqual(['1,0.4']);
    writeFileSync(`${path}.tmp`, 'epoch,loss\n0,0.5\n1,0.4\n2,0.3\n');
    renameSync(`${path}.tmp`, path);
    expect(tail.read(false)).toEqual(['2,0.3']);
  });

  it('keeps a character whose bytes arrive in two writes whole', () => {
    const path = fileIn();
    const tail = openMetricFile(path);
    const bytes = Buffer.from('note=été\nloss=0.5\n', 'utf8');
    writeFileSync(path, bytes.subarray(0, 6)); // half of the é
    expect(tail.read(false)).toEqual([]);
    appendFileSync(path, bytes.subarray(6));
    expect(tail.read(false)).toEqual(['note=été', 'loss=0.5']);
  });

  it("hands out a TensorBoard event file's scalars as JSON lines once their records are whole", () => {
    const path = join(mkdtempSync(join(tmpdir(), 'hypertune-metric-file-')), 'events.out.tfevents.1700000000.host.1.0');
    const tail = openMetricFile(path);
    writeFileSync(path, events.subarray(0, 300));
    const first = tail.read(false);
    appendFileSync(path, events.subarray(300));
    const lines = [...first, ...tail.read(false), ...tail.read(true)];
    expect(first.length).toBeGreaterThan(0);
    expect(lines.filter((line) => line.includes('val_loss'))).toEqual([0.5, 0.25, 0.16666667, 0.125, 0.1].map((v, step) => JSON.stringify({ val_loss: v, step })));
    expect(lines).toHaveLength(10);
  });

  it('takes the newest file a wildcard path matches that the program wrote, not one an earlier run left', () => {
    const root = mkdtempSync(join(tmpdir(), 'hypertune-metric-glob-'));
    mkdirSync(join(root, 'logs', 'version_0'), { recursive: true });
    writeFileSync(join(root, 'logs', 'version_0', 'metrics.csv'), 'epoch,loss\n0,0.9\n');
    const tail = openMetricFile(join(root, 'logs', 'version_*', 'metrics.csv'));
    expect(tail.read(false)).toEqual([]);
    expect(tail.written()).toBe(false);
    mkdirSync(join(root, 'logs', 'version_1'));
    writeFileSync(join(root, 'logs', 'version_1', 'metrics.csv'), 'epoch,loss\n0,0.5\n');
    expect(tail.read(false)).toEqual(['epoch,loss', '0,0.5']);
    expect(tail.written()).toBe(true);
  });
});
