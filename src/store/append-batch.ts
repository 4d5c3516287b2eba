import type { Store, TrialWrite } from './types.js';

/** Store.appendBatch made of appendOutput and append calls, in order: for a store with no cheaper way. */
export async function appendOneByOne(store: Pick<Store, 'append' | 'appendOutput'>, study: string, writes: readonly TrialWrite[]): Promise<void> {
  for (const write of writes) {
    if ('event' in write) await store.append(study, write.event);
    else await store.appendOutput(study, write.output.trialId, write.output.stream, write.output.text);
  }
}
