import type { Store } from '../store/types.js';
import type { TrialState } from '../study/types.js';

/**
 * What a run says of a trial whose finish the store refused. With PostgreSQL the result may be in the
 * database already when the copy of its output into this machine's trial folder fails (a full disk):
 * it was said to be lost, "could not be recorded", while summary showed it complete (a fault audit).
 */
export async function unrecordedNotice(store: Store, study: string, id: number, state: TrialState, result: string, params: unknown, error: unknown): Promise<string> {
  const where = await store.trialFolder(study, id).catch(() => null);
  // only a kept output file refused here can follow a stored result (a journal's failed sync may not have
  // made it durable); a lost server is not asked again (its reconnect window)
  const outputRefused = /(stdout|stderr)\.log$/.test((error as NodeJS.ErrnoException | null)?.path ?? '');
  const stored = outputRefused ? await store.load(study).then((read) => read?.trials.find((trial) => trial.id === id)?.state, () => undefined) : undefined;
  if (stored === state) return `trial ${id} ended ${result} and is recorded, but its output could not all be kept${where === null ? '' : ` in ${where}`}`;
  return `trial ${id} ended ${result} but could not be recorded${where === null ? '' : `; its output is in ${where}`}; params: ${JSON.stringify(params)}`;
}
