// Changes of an existing study's stored settings that a run, resume or create makes before it goes
// on: its time budget, its stop rule, the extra metrics it records; each seen by every later worker.
import { checkSettings, type RunSettings } from '../loop/index.js';
import type { Store } from '../store/types.js';
import type { StudyState } from '../study/replay.js';
import { sameStopRule, type StopRule } from '../study/stop-rule.js';
import { studyTimeBudget } from '../study/trial-time.js';

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

/**
 * The study's time budget as last changed (else as created, `storedS`). A `--time-budget` that differs
 * is stored with the study first, as a new `--trials` is, so every worker and later resume runs by it.
 */
export async function studyBudget(store: Store, study: string, state: StudyState | null, storedS: number | null, flag: number | undefined): Promise<number | null> {
  const budget = state === null ? storedS : studyTimeBudget(state, storedS);
  if (flag === undefined || flag === budget) return budget;
  await store.setTimeBudget(study, flag, store.now());
  return flag;
}

/**
 * The stop rule this run goes by: `resolved` (the flags over the study's rule as last changed,
 * `current`). One that differs is stored with the study first, as a new --time-budget is, so the
 * workers already running stop by it too, and a later resume and `summary` judge by it.
 */
export async function studyStop(store: Store, study: string, current: StopRule, resolved: StopRule): Promise<StopRule> {
  if (!sameStopRule(current, resolved)) await store.setStopRule(study, resolved, store.now());
  return resolved;
}
