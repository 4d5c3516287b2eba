import type { OutputStream } from '../runner/index.js';

/** A bar's states shown under --verbose: at most one per this long for each trial's stream. */
export const BAR_STATE_EVERY_MS = 5_000;

type Print = (trialId: number, stream: OutputStream, line: string) => void;

export interface VerboseLines {
  line(trialId: number, stream: OutputStream, line: string, rewritten: boolean): void;
  /** The trial ended: a bar state not shown yet is its last word on screen. */
  finish(trialId: number): void;
}

/**
 * `--verbose` as a terminal shows the program: a progress bar's states (lines ended by a lone `\r`)
 * rewrite one line there, but each was printed as a line of its own, a thousand an epoch for a tqdm
 * or Keras bar, and an empty `[trial 0]` line for the `\r` a bar starts with (a user audit). A state is
 * printed when none of that stream was for BAR_STATE_EVERY_MS (a long epoch still shows its bar
 * moving), and the last one before a line that is no bar's (on either stream), or before the trial
 * ends, always is.
 */
export function verboseLines(print: Print, everyMs = BAR_STATE_EVERY_MS): VerboseLines {
  const shownAt = new Map<string, number>();
  const held = new Map<string, { trialId: number; stream: OutputStream; line: string }>();
  const release = (key: string): void => {
    const state = held.get(key);
    held.delete(key);
    if (state !== undefined) print(state.trialId, state.stream, state.line);
  };
  return {
    line(trialId, stream, line, rewritten) {
      const key = `${trialId} ${stream}`;
      if (!rewritten) {
        // on a terminal the other stream's line comes below the bar's last state too
        release(`${trialId} stdout`);
        release(`${trialId} stderr`);
        print(trialId, stream, line);
        return;
      }
      if (line.trim() === '') return;
      const now = Date.now();
      if (now - (shownAt.get(key) ?? -Infinity) < everyMs) {
        held.set(key, { trialId, stream, line });
        return;
      }
      held.delete(key);
      shownAt.set(key, now);
      print(trialId, stream, line);
    },
    finish(trialId) {
      for (const stream of ['stdout', 'stderr'] as const) {
        release(`${trialId} ${stream}`);
        shownAt.delete(`${trialId} ${stream}`);
      }
    },
  };
}
