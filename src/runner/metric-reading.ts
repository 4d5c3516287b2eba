import { createMetricParser, type MetricResult } from './metrics.js';
import type { MetricObjective, MetricStream, OutputStream } from './types.js';

/** The metric read from the chosen stream(s), and what the other stream held, for the hint. */
export interface MetricReading {
  /** Feeds one line of either stream; returns the metric value it holds when that stream is read. */
  push(stream: OutputStream, line: string): number | undefined;
  /** The step the line of the read stream's last value gave for itself (MetricParser.lastStep). */
  lastStep(): number | undefined;
  result(): MetricResult;
  /** The stream not read and what the same rules found on it; null when both are read. */
  elsewhere(): { stream: OutputStream; result: MetricResult } | null;
}

/**
 * One parser for the stream(s) read: with `both`, a single parser sees the lines of the two streams
 * in the order they arrived, so `last` means the last line printed on either. The other stream gets
 * its own parser only to tell the user, when nothing matched, that the metric went there.
 */
export function createMetricReading(
  metric: string,
  pattern: string | null,
  objective: MetricObjective,
  stream: MetricStream,
): MetricReading {
  const read = createMetricParser(metric, pattern, objective);
  const otherStream: OutputStream | null = stream === 'both' ? null : stream === 'stdout' ? 'stderr' : 'stdout';
  const other = otherStream === null ? null : createMetricParser(metric, pattern, objective);
  return {
    push(from, line) {
      if (from === otherStream) {
        other?.push(line);
        return undefined;
      }
      return read.push(line);
    },
    lastStep: () => read.lastStep(),
    result: () => read.result(),
    elsewhere: () => (otherStream === null || other === null ? null : { stream: otherStream, result: other.result() }),
  };
}
