import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventScalars, maskedCrc32c, tfRecords } from '../../src/util/tfevents.js';

// written by TensorBoard's own EventFileWriter: test/fixtures/tfevents/make-fixtures.py
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'tfevents', name)));

describe('TensorBoard event files', () => {
  it('checks records with the masked CRC-32C TFRecord uses', () => {
    // CRC-32C of "123456789" is 0xe3069283 (RFC 3720's check value); masked: rotated right by 15, plus 0xa282ead8
    const crc = 0xe3069283;
    expect(maskedCrc32c(new TextEncoder().encode('123456789'))).toBe((((crc >>> 15) | (crc << 17)) + 0xa282ead8) >>> 0);
  });

  it("reads the scalars PyTorch's SummaryWriter writes (simple_value), with their steps and tags", () => {
    const bytes = fixture('simple-values.tfevents');
    const { records, used } = tfRecords(bytes);
    expect(used).toBe(bytes.length);
    const scalars = records.flatMap(eventScalars);
    expect(scalars.filter((s) => s.tag === 'val_loss')).toEqual([0, 1, 2, 3, 4].map((step) => ({ step, tag: 'val_loss', value: Math.fround(0.5 / (step + 1)) })));
    expect(scalars.filter((s) => s.tag === 'train/loss').map((s) => s.step)).toEqual([0, 100, 200, 300, 400]);
  });

  it('reads the tensor scalars TF2 and Keras write: float_val, float content, double_val, double content', () => {
    const scalars = tfRecords(fixture('tensor-values.tfevents')).records.flatMap(eventScalars);
    expect(scalars.slice(0, 5)).toEqual([
      { step: 1, tag: 'epoch_loss', value: 0.75 },
      { step: 2, tag: 'epoch_loss', value: 0.5 },
      { step: 3, tag: 'epoch_loss', value: 0.25 },
      { step: 4, tag: 'epoch_loss', value: 0.125 },
      { step: 5, tag: 'epoch_accuracy', value: Math.fround(0.9) },
    ]);
    expect(scalars[5]?.value).toBeNaN();
  });

  it('stops before a record still being written, and skips one whose checksum fails', () => {
    const bytes = fixture('simple-values.tfevents');
    const whole = tfRecords(bytes);
    for (const cut of [5, 11, 12, 60, bytes.length - 1]) {
      const part = tfRecords(bytes.subarray(0, cut));
      expect(part.used).toBeLessThanOrEqual(cut);
      expect(part.records.length).toBeLessThan(whole.records.length);
      // what was read is a prefix of the whole
      part.records.forEach((r, i) => expect(r).toEqual(whole.records[i]));
    }
    const damaged = bytes.slice();
    damaged[whole.records[0]?.byteOffset as number] ^= 0xff; // the first record's data, not its length
    const read = tfRecords(damaged);
    expect(read.used).toBe(bytes.length);
    expect(read.records).toHaveLength(whole.records.length - 1);
  });
});
