import { checkSettings, type RunSettings } from '../loop/index.js';
import type { Store } from '../store/types.js';

/**
 * Other metrics a run or resume of an existing study asks for (`--extra-metrics`, the space file's
 * `extra_metrics:`) that the study does not record yet are added to it, stored, so that every later
 * run records them too: a user who wants the accuracy beside the loss on day two had to start the
 * study again. Names are only ever added: two workers started from files that differ do not take
 * turns at changing the list, and the trials recorded so far keep what they recorded. Checked (a
 * name that is the metric, one given twice) before anything is stored. Returns the settings to run
 * with and what to tell the user, or null when nothing was added.
 */
export async function widenExtraMetrics(store: Store, study: string, settings: RunSettings, given: readonly string[] | undefined): Promise<{ settings: RunSettings; note: string } | null> {
  const current = settings.extraMetrics;
  const added = (given ?? []).filter((name, i, all) => !current.includes(name) && all.indexOf(name) === i);
  if (added.length === 0) return null;
  const widened = { ...settings, extraMetrics: [...current, ...added] };
  checkSettings(widened);
  await store.setExtraMetrics(study, widened.extraMetrics, store.now());
  const before = current.length === 0 ? 'none before' : `${current.join(', ')} before`;
  return { settings: widened, note: `study ${study} records ${added.join(', ')} beside ${settings.metric} from now on, for every later run (${before}; the trials so far keep what they recorded)` };
}
