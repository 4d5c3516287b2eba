import { setTimeout as sleep } from 'node:timers/promises';
import { formatValue } from '../report/format.js';
import { trialById } from '../study/replay.js';
import type { OutputStream, Store } from '../store/types.js';
import type { Output } from './output.js';

/**
 * `show N --follow`: the trial's kept output as it grows, stdout to stdout and stderr to stderr, until
 * the trial ends (`tail -f` of its log, from any machine: a PostgreSQL worker's output is in the
 * database). The store gets a running trial's output in batches, with its heartbeats (every 5 s by
 * default), and keeps text appended only, so each look prints what is past the last one. Past
 * --keep-output tail's first MB nothing more comes until the trial ends (its last MB then).
 */
export async function followOutput(store: Store, study: string, id: number, metric: string, output: Output, everyMs = 1000): Promise<void> {
  const printed: Record<OutputStream, number> = { stdout: 0, stderr: 0 };
  for (;;) {
    // the state first: a trial found ended has all its output stored by the reads after
    const state = await store.load(study);
    const trial = state === null ? undefined : trialById(state, id);
    for (const stream of ['stdout', 'stderr'] as const) {
      const text = await store.readOutput(study, id, stream);
      if (text.length <= printed[stream]) continue;
      (stream === 'stdout' ? output.out : output.err)(text.slice(printed[stream]));
      printed[stream] = text.length;
    }
    if (trial === undefined) return output.err(`hypertune: trial ${id} of study ${study} is gone (the study was removed)\n`);
    if (trial.state !== 'running' && trial.state !== 'queued') {
      const value = trial.value === null ? '' : ` (${metric} ${formatValue(trial.value)})`;
      return output.err(`hypertune: trial ${id} ended: ${trial.state}${value}\n`);
    }
    await sleep(everyMs);
  }
}
