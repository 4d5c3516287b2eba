import type { MetricReading, ValueRead } from './metric-reading.js';
import type { MetricFileSource } from './types.js';

/** How often a metric file is looked at while the program runs: a pruning decision waits at most this long for its line. */
const POLL_MS = 50;

export interface MetricFilePoll {
  /** Stops looking, after a last look; `final`: the program ended by itself, so a last line without its ending counts. */
  stop(final: boolean): void;
}

/**
 * Looks at the metric file every POLL_MS while the program runs and hands the new values to
 * `onValues`. A file that cannot be read (permissions, a folder in its place) ends the looking and is
 * reported once to `onError`, which fails the trial, not the study.
 */
export function pollMetricFile(
  file: MetricFileSource,
  reading: MetricReading,
  onValues: (read: ValueRead[]) => void,
  onError: (message: string) => void,
  /** Each line read, for the failure message of a file that held no value of the metric. */
  onLine: (line: string) => void = () => {},
): MetricFilePoll {
  let failed = false;
  const look = (final: boolean): void => {
    if (failed) return;
    let values: ValueRead[];
    try {
      const read = file.read(final);
      for (const line of read.lines) onLine(line);
      values = reading.pushFile(read);
    } catch (error) {
      failed = true;
      clearInterval(timer);
      onError(`cannot read the metric file ${file.path}: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    onValues(values);
  };
  const timer = setInterval(() => look(false), POLL_MS);
  return {
    stop(final) {
      clearInterval(timer);
      look(final);
    },
  };
}
