import { createMetricParser, type MetricParser, type MetricResult, type ValueRead } from './metrics.js';
import type { MetricFileSource, MetricObjective, MetricStream, OutputStream } from './types.js';
import { readingWithExtras } from './extra-reading.js';
import { otherRankLine } from './rank-lines.js';

/** Where the metric is read: one stream, both in the order their lines arrive, or a file the program writes. */
export type MetricSource = MetricStream | 'file';

export type { ValueRead };

/** The metric read from the chosen source, and what a stream not read held, for the hint. */
export interface MetricReading {
  /**
   * Feeds one line of either stream (`rewritten`: it ended with a lone `\r`); returns the metric values
   * that stand now when that stream is read (MetricParser.push).
   */
  push(stream: OutputStream, line: string, rewritten?: boolean): ValueRead[];
  /** The streams ended: a progress bar's last state stands. */
  finish(): ValueRead[];
  /** Feeds what one look at the metric file found; returns the new values. */
  pushFile(read: ReturnType<MetricFileSource['read']>): ValueRead[];
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
export function createMetricReading(metric: string, pattern: string | null, objective: MetricObjective, source: MetricSource, extraMetrics: readonly string[] = []): MetricReading {
  const main = createMainReading(metric, pattern, objective, source);
  if (extraMetrics.length === 0) return main;
  // each extra metric is read by the same rules (key=value, JSON, tables, bars) from the same source
  const extras = extraMetrics.map((name) => ({ name, reading: createMainReading(name, null, 'last', source, false) }));
  return readingWithExtras(main, objective, extras);
}

/** `hint`: a parser for the stream not read too, for the hint where the metric went (not needed for an extra metric). */
function createMainReading(metric: string, pattern: string | null, objective: MetricObjective, source: MetricSource, hint = true): MetricReading {
  let read: MetricParser = createMetricParser(metric, pattern, objective);
  const otherStream: OutputStream | null = source === 'both' ? null : source === 'stdout' ? 'stderr' : 'stdout';
  const other = otherStream === null || !hint ? null : createMetricParser(metric, pattern, objective);
  let handedOut = 0;
  let skip = 0;
  return {
    push(from, line, rewritten = false) {
      // another process's line of a data-parallel run (rank-lines.ts): its metric is not the study's
      if (otherRankLine(line)) return [];
      if (from === otherStream) other?.push(line, rewritten);
      if (source === 'file' || from === otherStream) return [];
      return read.push(line, rewritten);
    },
    finish() {
      other?.finish();
      return source === 'file' ? [] : read.finish();
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
      for (const value of lines.flatMap((line) => read.push(line))) {
        if (skip > 0) skip -= 1;
        else {
          handedOut += 1;
          out.push(value);
        }
      }
      return out;
    },
    result: () => read.result(),
    elsewhere: () => (otherStream === null || other === null ? null : { stream: otherStream, result: other.result() }),
  };
}
