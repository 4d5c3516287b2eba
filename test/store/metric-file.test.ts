import { appendFileSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openMetricFile } from '../../src/store/metric-file.js';

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
});
