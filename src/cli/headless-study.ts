import { RuntimeFailure } from '../errors.js';
import type { Store } from '../store/types.js';

/**
 * The error for a study folder whose journal lost its header (its first line damaged, or the file emptied)
 * yet holds trials: `study`'s, or with none named the first such folder; null when there is none. Such a
 * study is no study to the listing, so summary, show and resume said only "no study" (a fault audit).
 */
export async function headlessRefusal(store: Store, study: string | undefined): Promise<RuntimeFailure | null> {
  const found = (await store.headlessStudies?.()) ?? [];
  const matching = study === undefined ? found : found.filter((entry) => entry.study === study);
  const first = matching[0];
  if (first === undefined) return null;
  const more = matching.length > 1 ? ` (${matching.length - 1} more study folders there are like it: ${matching.slice(1).map((entry) => entry.study).join(', ')})` : '';
  return new RuntimeFailure(`${first.problem}${more}`);
}

/** One warning line per such folder, for a listing of the studies, which goes on without them. */
export async function headlessWarnings(store: Store): Promise<string[]> {
  const found = (await store.headlessStudies?.()) ?? [];
  return found.map((entry) => `hypertune: warning: study folder "${entry.study}" is not listed: ${entry.problem}`);
}
