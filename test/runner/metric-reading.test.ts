import { describe, expect, it } from 'vitest';
import { createMetricReading } from '../../src/runner/metric-reading.js';

const look = (lines: string[], extra: { context?: string[]; restarted?: boolean } = {}) => ({ context: extra.context ?? [], restarted: extra.restarted ?? false, lines });

describe('createMetricReading from a metric file', () => {
  it('reads a file rewritten whole with a new column again, handing out only the values not handed out before', () => {
    const reading = createMetricReading('val_loss', null, 'last', 'file');
    expect(reading.pushFile(look(['epoch,val_loss', '0,0.5', '1,0.4']))).toMatchObject([
      { value: 0.5, step: 0 },
      { value: 0.4, step: 1 },
    ]);
    // Lightning's CSVLogger, a new metric logged: the whole file again under a wider header
    const rewritten = ['epoch,train_loss,val_loss', '0,,0.5', '1,,0.4', '1,0.9,', '2,,0.3'];
    expect(reading.pushFile(look(rewritten, { restarted: true }))).toMatchObject([{ value: 0.3, step: 2 }]);
    expect(reading.result()).toMatchObject({ value: 0.3, intermediate: [0.5, 0.4, 0.3] });
  });

  it("takes an earlier run's lines as context only: their header, none of their values", () => {
    const reading = createMetricReading('loss', null, 'min', 'file');
    const values = reading.pushFile(look(['2,0.5', '3,0.4'], { context: ['epoch,loss', '0,0.1', '1,0.05'] }));
    expect(values).toMatchObject([
      { value: 0.5, step: 2 },
      { value: 0.4, step: 3 },
    ]);
    expect(reading.result()).toMatchObject({ value: 0.4, intermediate: [0.5, 0.4] });
  });

  it('reads no metric from the streams, but says when stdout held it', () => {
    const reading = createMetricReading('loss', null, 'last', 'file');
    expect(reading.push('stdout', 'loss=0.3')).toEqual([]);
    expect(reading.result().value).toBeNull();
    expect(reading.elsewhere()).toMatchObject({ stream: 'stdout', result: { intermediate: [0.3] } });
  });
});

describe('createMetricReading with extra metrics', () => {
  it("keeps each extra metric's value beside the result, read by the metric's own rules: under last its last, under min the chosen epoch's", () => {
    const lines = [
      'epoch 1 train_loss=0.9 val_loss=0.5 accuracy=0.71',
      '{"epoch": 2, "train_loss": 0.7, "val_loss": 0.45, "accuracy": 0.78}',
      'epoch 3 train_loss=nan val_loss=0.47 accuracy: 0.80',
    ];
    const read = (objective: 'last' | 'min') => {
      const reading = createMetricReading('val_loss', null, objective, 'stdout', ['accuracy', 'train_loss', 'f1']);
      for (const line of lines) reading.push('stdout', line);
      // values on the other stream are not the source's
      reading.push('stderr', 'accuracy=0.99');
      return reading.result();
    };
    expect(read('last')).toMatchObject({ value: 0.47, intermediate: [0.5, 0.45, 0.47] });
    // a NaN after a number leaves the last finite value; a metric never printed is left out
    expect(read('last').extras).toEqual({ accuracy: 0.8, train_loss: 0.7 });
    // the best val_loss was epoch 2's: its accuracy and train_loss, not the last epoch's
    expect(read('min')).toMatchObject({ value: 0.45, extras: { accuracy: 0.78, train_loss: 0.7 } });
  });

  it("under max takes the chosen epoch's extras by its step when they are printed on lines of their own", () => {
    const reading = createMetricReading('val_acc', null, 'max', 'stdout', ['val_loss']);
    for (const line of ['Epoch 1/3', 'val_acc=0.6', 'val_loss=0.9', 'Epoch 2/3', 'val_acc=0.8', 'val_loss=0.5', 'Epoch 3/3', 'val_acc=0.7', 'val_loss=0.4']) reading.push('stdout', line);
    expect(reading.result()).toMatchObject({ value: 0.8, extras: { val_loss: 0.5 } });
  });

  it('takes a closing line after the loop, and reads the extras of a metric file too', () => {
    const stream = createMetricReading('loss', null, 'last', 'both', ['accuracy']);
    stream.push('stdout', 'epoch 1 loss=0.5 accuracy=0.7');
    stream.push('stderr', 'final test accuracy=0.83');
    expect(stream.result().extras).toEqual({ accuracy: 0.83 });
    const file = createMetricReading('val_loss', null, 'last', 'file', ['val_acc']);
    file.pushFile(look(['epoch,val_loss,val_acc', '0,0.5,0.6', '1,0.4,0.7']));
    expect(file.result()).toMatchObject({ value: 0.4, extras: { val_acc: 0.7 } });
    expect(createMetricReading('loss', null, 'last', 'stdout', ['accuracy']).result().extras).toBeUndefined();
  });
});
