import { createMetricParser, type MetricResult } from './metrics.js';
import type { MetricObjective, MetricStream, OutputStream } from './types.js';

/** Where the metric is read: one stream, both in the order their lines arrive, or a file the program writes. */
export type MetricSource = MetricStream | 'file';

/** The metric read from the chosen source, and what a stream not read held, for the hint. */
export interface MetricReading {
  /** Feeds one line of either stream; returns the metric value it holds when that stream is read. */
  push(stream: OutputStream, line: string): number | undefined;
  /** Feeds one line of the metric file; returns the metric value it holds when the file is read. */
  pushFile(line: string): number | undefined;
  /** The step the line of the last value read gave for itself (MetricParser.lastStep). */
  lastStep(): number | undefined;
  result(): MetricResult;
  /** A stream not read and what the same rules found on it; null when both streams are read. */
  elsewhere(): { stream: OutputStream; result: MetricResult } | null;
}

/**
 * One parser for the source read: with `both`, a single parser sees the lines of the two streams
 * in the order they arrived, so `last` means the last line printed on either. A stream not read gets
 * its own parser only to tell the user, when nothing matched, that the metric went there (with a
 * metric file: stdout).
 */
export function createMetricReading(metric: string, pattern: string | null, objective: MetricObjective, source: MetricSource): MetricReading {
  const read = createMetricParser(metric, pattern, objective);
  const otherStream: OutputStream | null = source === 'both' ? null : source === 'stdout' ? 'stderr' : 'stdout';
  const other = otherStream === null ? null : createMetricParser(metric, pattern, objective);
  return {
    push(from, line) {
      if (source === 'file' || from === otherStream) {
        if (from === otherStream) other?.push(line);
        return undefined;
      }
      return read.push(line);
    },
    pushFile: (line) => (source === 'file' ? read.push(line) : undefined),
    lastStep: () => read.lastStep(),
    result: () => read.result(),
    elsewhere: () => (otherStream === null || other === null ? null : { stream: otherStream, result: other.result() }),
  };
}
