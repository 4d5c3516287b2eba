import { describe, expect, it } from 'vitest';
import { createMetricReading } from '../../src/runner/metric-reading.js';
import { otherRankLine } from '../../src/runner/rank-lines.js';

describe("a distributed launcher's line of another process", () => {
  it("tells the launchers' tags of a process past the first", () => {
    for (const line of ['[default1]:epoch 2 val_loss=0.4', '[default12]:loss: 3', '[trainer3]:x', '[rank1]:[W reducer.cpp] warning', '[1,3]<stdout>:loss=0.2', '[0,1]<stderr>:loss 0.2', '[2]<stdout>:loss=1']) {
      expect(otherRankLine(line), line).toBe(true);
    }
    for (const line of ['[default0]:epoch 2 val_loss=0.4', '[rank0]:x', '[1,0]<stdout>:loss=0.2', '[0]<stdout>:loss=1', 'epoch 2 val_loss=0.4', '[step10]: loss=0.5', '[epoch 3] val_loss=0.2', ' [default1]:indented is no tag', '[INFO]: loss=1']) {
      expect(otherRankLine(line), line).toBe(false);
    }
  });

  it("reads the metric and the extra metrics from the first process's lines only, in either stream", () => {
    const reading = createMetricReading('val_loss', null, 'last', 'both', ['acc']);
    const lines = ['[default0]:epoch 1 val_loss=0.9 acc=0.5', '[default1]:epoch 1 val_loss=0.8 acc=0.6', '[default1]:epoch 2 val_loss=0.6 acc=0.7', '[default0]:epoch 2 val_loss=0.7 acc=0.65'];
    const read = lines.flatMap((line, i) => reading.push(i % 2 === 0 ? 'stdout' : 'stderr', line));
    expect(read).toMatchObject([
      { value: 0.9, step: 1 },
      { value: 0.7, step: 2 },
    ]);
    expect(reading.result()).toMatchObject({ value: 0.7, intermediate: [0.9, 0.7], extras: { acc: 0.65 } });
  });
});
