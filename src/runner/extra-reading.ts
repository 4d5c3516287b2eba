import type { MetricResult, ValueRead } from './metrics.js';
import type { MetricReading } from './metric-reading.js';
import type { MetricObjective } from './types.js';

/** One extra metric's reading, and where each of its values was read: by line, and by the step its line gave. */
interface ExtraTrack {
  name: string;
  reading: MetricReading;
  byLine: Map<number, number>;
  byStep: Map<number, number>;
}

/**
 * The metric's reading with its extra metrics beside it (`extra_metrics:`). Each extra is the value
 * printed with the result: under `min` or `max` the one on the result's line, else at its step (the
 * accuracy of the epoch whose loss was best, not the last epoch's), else, as under `last` and
 * `last-K-avg`, its last value (a closing `test accuracy=0.83` included; a NaN after a number keeps
 * the number).
 */
export function readingWithExtras(main: MetricReading, objective: MetricObjective, named: ReadonlyArray<{ name: string; reading: MetricReading }>): MetricReading {
  const picks = objective === 'min' || objective === 'max';
  const extras: ExtraTrack[] = named.map(({ name, reading }) => ({ name, reading, byLine: new Map(), byStep: new Map() }));
  const mainReads: ValueRead[] = [];
  const note = (track: ExtraTrack, reads: readonly ValueRead[]): void => {
    if (!picks) return;
    for (const read of reads) {
      if (!Number.isFinite(read.value)) continue;
      track.byLine.set(read.line, read.value);
      if (read.step !== undefined) track.byStep.set(read.step, read.value);
    }
  };
  const seen = (reads: ValueRead[]): ValueRead[] => {
    if (picks) mainReads.push(...reads);
    return reads;
  };
  return {
    push(stream, line, rewritten = false) {
      for (const extra of extras) note(extra, extra.reading.push(stream, line, rewritten));
      return seen(main.push(stream, line, rewritten));
    },
    finish() {
      for (const extra of extras) note(extra, extra.reading.finish());
      return seen(main.finish());
    },
    pushFile(read) {
      for (const extra of extras) note(extra, extra.reading.pushFile(read));
      return seen(main.pushFile(read));
    },
    result() {
      const result = main.result();
      // the value min or max picked: its first reading (a later equal one did not replace it)
      const chosen = picks && result.value !== null ? mainReads.find((read) => Object.is(read.value, result.value)) : undefined;
      const found = extras.flatMap((extra): Array<[string, number]> => {
        const atChosen = chosen === undefined ? undefined : (extra.byLine.get(chosen.line) ?? (chosen.step === undefined ? undefined : extra.byStep.get(chosen.step)));
        const value = atChosen ?? lastOf(extra.reading.result());
        return value === undefined ? [] : [[extra.name, value]];
      });
      return found.length === 0 ? result : { ...result, extras: Object.fromEntries(found) };
    },
    elsewhere: () => main.elsewhere(),
  };
}

/** The value `last` picks (a closing line included), else the last finite one before a NaN. */
function lastOf(result: MetricResult): number | undefined {
  return result.value !== null && Number.isFinite(result.value) ? result.value : result.intermediate.filter(Number.isFinite).at(-1);
}
