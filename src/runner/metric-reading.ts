import { createMetricParser, type MetricParser, type MetricResult } from './metrics.js';
import type { MetricFileSource, MetricObjective, MetricStream, OutputStream } from './types.js';

/** Where the metric is read: one stream, both in the order their lines arrive, or a file the program writes. */
export type MetricSource = MetricStream | 'file';

/** A value read, with the step its line gave for itself (undefined: its ordinal counts). */
export interface ValueRead {
  value: number;
  step: number | undefined;
}

/** The metric read from the chosen source, and what a stream not read held, for the hint. */
export interface MetricReading {
  /** Feeds one line of either stream; returns the metric value it holds when that stream is read. */
  push(stream: OutputStream, line: string): number | undefined;
  /** Feeds what one look at the metric file found; returns the new values. */
  pushFile(read: ReturnType<MetricFileSource['read']>): ValueRead[];
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
 * metric file: stdout). A metric file rewritten whole is read again by a new parser, and its first
 * values, handed out already, are not handed out again.
 */
export function createMetricReading(metric: string, pattern: string | null, objective: MetricObjective, source: MetricSource): MetricReading {
  let read: MetricParser = createMetricParser(metric, pattern, objective);
  const otherStream: OutputStream | null = source === 'both' ? null : source === 'stdout' ? 'stderr' : 'stdout';
  const other = otherStream === null ? null : createMetricParser(metric, pattern, objective);
  let handedOut = 0;
  let skip = 0;
  return {
    push(from, line) {
      if (from === otherStream) other?.push(line);
      if (source === 'file' || from === otherStream) return undefined;
      return read.push(line);
    },
    pushFile({ context, restarted, lines }) {
      if (source !== 'file') return [];
      if (restarted) {
        read = createMetricParser(metric, pattern, objective);
        skip = handedOut;
      }
      if (context.length > 0) {
        for (const line of context) read.push(line);
        read.clearValues();
      }
      const out: ValueRead[] = [];
      for (const line of lines) {
        const value = read.push(line);
        if (value === undefined) continue;
        if (skip > 0) skip -= 1;
        else {
          handedOut += 1;
          out.push({ value, step: read.lastStep() });
        }
      }
      return out;
    },
    lastStep: () => read.lastStep(),
    result: () => read.result(),
    elsewhere: () => (otherStream === null || other === null ? null : { stream: otherStream, result: other.result() }),
  };
}
