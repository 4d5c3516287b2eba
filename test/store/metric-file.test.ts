import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeGlob } from '../../src/store/glob.js';
import { openMetricFile } from '../../src/store/metric-file.js';

const events = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'tfevents', 'simple-values.tfevents'));
const folder = (): string => mkdtempSync(join(tmpdir(), 'hypertune-metric-file-'));
const fileIn = (): string => join(folder(), 'metrics.csv');
const fresh = (lines: string[]): object => ({ context: [], restarted: false, lines });

describe('openMetricFile: a metric file read as the program writes it', () => {
  it('waits for a file that is not there yet, then hands out each complete line once', () => {
    const path = fileIn();
    const tail = openMetricFile(path);
    expect(tail.read(false)).toEqual(fresh([]));
    expect(tail.written()).toBe(false);
    writeFileSync(path, 'epoch,loss\n0,0.5\n1,0.');
    expect(tail.read(false)).toEqual(fresh(['epoch,loss', '0,0.5']));
    expect(tail.written()).toBe(true);
    appendFileSync(path, '4\r\n2,0.3');
    expect(tail.read(false)).toEqual(fresh(['1,0.4']));
    expect(tail.read(false)).toEqual(fresh([]));
    // the program has ended by itself: a last line without its line ending counts
    expect(tail.read(true)).toEqual(fresh(['2,0.3']));
  });

  it("reads an earlier run's file once it changes: appended to, its old lines are context; rewritten, it is read from its start", () => {
    const appended = fileIn();
    writeFileSync(appended, 'epoch,loss\n0,0.9\n');
    const tail = openMetricFile(appended);
    expect(tail.read(false)).toEqual(fresh([]));
    expect(tail.written()).toBe(false);
    appendFileSync(appended, '0,0.5\n'); // Keras' CSVLogger(append=True) writes no second header
    expect(tail.read(false)).toEqual({ context: ['epoch,loss', '0,0.9'], restarted: false, lines: ['0,0.5'] });

    for (const rewrite of ['epoch,loss\n0,0.5\n', 'epoch,loss\n0,0.45\n1,0.35\n2,0.25\n3,0.125\n']) {
      const path = fileIn();
      writeFileSync(path, 'epoch,loss\n0,0.9\n1,0.8\n2,0.7\n');
      const again = openMetricFile(path);
      writeFileSync(path, rewrite); // in place, shorter or longer than the old run's file
      expect(again.read(false)).toEqual(fresh(rewrite.trim().split('\n')));
    }

    // the same result written again at the end of the next run: the same bytes, yet this run's
    const same = join(folder(), 'results.json');
    writeFileSync(same, '{"val_accuracy": 0.9}');
    const rewritten = openMetricFile(same);
    const later = Date.now() + 50;
    while (Date.now() < later); // a later modification time than the earlier run's, however coarse the clock
    writeFileSync(same, '{"val_accuracy": 0.9}');
    expect(rewritten.read(false)).toEqual(fresh([]));
    expect(rewritten.read(true)).toEqual(fresh(['{"val_accuracy": 0.9}']));
  });

  it('reads a file rewritten while the program runs again from its start, in place or renamed over it', () => {
    const path = fileIn();
    const tail = openMetricFile(path);
    writeFileSync(path, 'epoch,loss\n0,0.5\n');
    expect(tail.read(false)).toEqual(fresh(['epoch,loss', '0,0.5']));
    writeFileSync(path, 'epoch,loss\n0,0.5\n1,0.4\n'); // the same beginning: as good as appended
    expect(tail.read(false)).toEqual(fresh(['1,0.4']));
    writeFileSync(path, ''); // caught half-way through a rewrite
    expect(tail.read(false)).toEqual({ context: [], restarted: true, lines: [] });
    writeFileSync(path, 'epoch,loss,val_loss\n0,0.5,\n1,0.4,\n1,,0.45\n'); // a new column: rewritten longer, in place
    expect(tail.read(false)).toEqual(fresh(['epoch,loss,val_loss', '0,0.5,', '1,0.4,', '1,,0.45']));
    writeFileSync(`${path}.tmp`, 'epoch,loss,val_loss\n0,0.5,\n1,0.4,\n1,,0.45\n2,0.3,\n');
    renameSync(`${path}.tmp`, path);
    expect(tail.read(false)).toEqual({ context: [], restarted: true, lines: ['epoch,loss,val_loss', '0,0.5,', '1,0.4,', '1,,0.45', '2,0.3,'] });
  });

  it('keeps a character whose bytes arrive in two writes whole', () => {
    const path = fileIn();
    const tail = openMetricFile(path);
    const bytes = Buffer.from('note=été\nloss=0.5\n', 'utf8');
    writeFileSync(path, bytes.subarray(0, 6)); // half of the é
    expect(tail.read(false).lines).toEqual([]);
    appendFileSync(path, bytes.subarray(6));
    expect(tail.read(false).lines).toEqual(['note=été', 'loss=0.5']);
  });

  it("hands out a TensorBoard event file's scalars as JSON lines once their records are whole", () => {
    const path = join(folder(), 'events.out.tfevents.1700000000.host.1.0');
    const tail = openMetricFile(path);
    writeFileSync(path, events.subarray(0, 300));
    const first = tail.read(false).lines;
    appendFileSync(path, events.subarray(300));
    const lines = [...first, ...tail.read(false).lines, ...tail.read(true).lines];
    expect(first.length).toBeGreaterThan(0);
    expect(lines.filter((line) => line.includes('val_loss'))).toEqual([0.5, 0.25, 0.16666667, 0.125, 0.1].map((v, step) => JSON.stringify({ val_loss: v, step })));
    expect(lines).toHaveLength(10);
  });

  it('takes the file a wildcard path matches that the program wrote, not one an earlier run left nor a hidden one', () => {
    const root = folder();
    mkdirSync(join(root, 'logs', 'version_0'), { recursive: true });
    writeFileSync(join(root, 'logs', 'version_0', 'metrics.csv'), 'epoch,loss\n0,0.9\n');
    const tail = openMetricFile(join(root, 'logs', 'version_*', 'metrics.csv'), true);
    expect(tail.read(false)).toEqual(fresh([]));
    expect(tail.written()).toBe(false);
    mkdirSync(join(root, 'logs', '.version_9'));
    writeFileSync(join(root, 'logs', '.version_9', 'metrics.csv'), 'epoch,loss\n0,0.1\n');
    expect(tail.read(false)).toEqual(fresh([]));
    mkdirSync(join(root, 'logs', 'version_1'));
    writeFileSync(join(root, 'logs', 'version_1', 'metrics.csv'), 'epoch,loss\n0,0.5\n');
    expect(tail.read(false)).toEqual(fresh(['epoch,loss', '0,0.5']));
    expect(tail.written()).toBe(true);
  });

  it("reads a folder whose name has brackets or stars literally, once they are escaped", () => {
    const root = join(folder(), 'proj [copy] *');
    mkdirSync(join(root, 'run1'), { recursive: true });
    const tail = openMetricFile(join(escapeGlob(root), 'run?', 'metrics.csv'), true);
    writeFileSync(join(root, 'run1', 'metrics.csv'), 'loss=0.5\n');
    expect(tail.read(false)).toEqual(fresh(['loss=0.5']));
  });
});
