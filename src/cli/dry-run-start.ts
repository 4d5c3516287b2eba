// What a dry run goes on from, as the run would: a study that exists is continued (its trials, its seed and
// sampler, its queued configurations and interrupted trials first), and a new study starts with the space
// file's start: configurations and the results --add writes before its first trial. A dry run that showed
// trial 0 of a fresh start for a study of 50 trials named the wrong trials and values (a user audit).
import { settingsFromStored, settingsToStored, type AddedResult, type RunSettings } from '../loop/index.js';
import type { Space } from '../space/types.js';
import type { StudyMeta } from '../study/events.js';
import { finishedCount, type StudyState } from '../study/replay.js';
import type { Config, TrialRecord } from '../study/types.js';
import { awaitsRerun, learnedRecordOf, reRunIds } from '../study/history.js';
import { freeStudyName } from '../store/study-name.js';
import { continuingSettings, type RunFlags } from './run-flags.js';
import { checkStudyMatches } from './study-match.js';
import { checkPrunerKept } from './prune-options.js';
import { openStudyStore, storedSpace } from './study-store.js';
import { editedBounds } from './edited-bounds.js';
import type { CheckedResults } from './added-results.js';
import { liveRunLine, liveRunOf } from './live-run.js';

export interface DryRunStart {
  /** The trials before the shown ones, queued ones included, as the samplers read them. */
  history: TrialRecord[];
  /** Interrupted trials' parameters, run again before anything else (in id order). */
  reruns: { id: number; params: Config }[];
  /** What a queued configuration is called in this study. */
  queuedBy: string;
  settings: RunSettings;
  /** The study exists: its seed is its own (kept), whatever the flags say. */
  existing: boolean;
  /** The study's target as the run would have it (a stored study's own unless --trials is given). */
  target: number;
  /** Said before the trials: what the run would continue from, or that it would run none. */
  intro: string[];
}

/** The study a run of these words and settings asks for (compared with a stored one, or stored when new). */
export function requestedMeta(study: string, space: Space, spaceFile: string, words: readonly string[], settings: RunSettings, target: number, at: number): StudyMeta {
  return { name: study, spaceText: space.text, spaceFile, command: [...words], options: { ...settingsToStored(settings), cwd: process.cwd() }, target, createdAt: at };
}

/** A new study: its start: configurations queued first, then the added results (the ids the run gives them). */
export function newStudyStart(space: Space, settings: RunSettings, target: number, added: CheckedResults | null): DryRunStart {
  const history: TrialRecord[] = space.start.map((given, id) => ({ id, params: given, state: 'queued', value: null }));
  const intro: string[] = [];
  if (added !== null && added.misfits.length > 0) {
    intro.push(`--add ${added.file}: ${added.misfits.length} ${added.misfits.length === 1 ? 'row that does' : 'rows that do'} not fit the space would be left out (--skip-misfits), the first: ${added.misfits[0]?.message ?? ''}`);
  }
  if (added !== null && added.results.length > 0) {
    const first = history.length;
    added.results.forEach((result: AddedResult) => history.push({ id: history.length, params: result.params, state: result.finish.state, value: result.finish.value }));
    const failed = added.results.filter((r) => r.finish.state === 'failed').length;
    intro.push(`--add ${added.file}: ${added.results.length} results would be added first (trials ${first} to ${history.length - 1}: ${added.results.length - failed} complete, ${failed} failed); the samplers learn from them.`);
    if (added.results.length >= target) intro.push(`They meet the target of ${target} trials: the run would add them and run none (raise it with --trials).`);
  }
  return { history, reruns: [], queuedBy: 'a start: configuration of the space file', settings, existing: false, target, intro };
}

/**
 * A study that exists: the run continues it with its own seed, sampler and pruner (this run's flags for
 * the rest). On the journal (`shared` false) a trial still running was left so by a tuner that stopped
 * (a kill -9): the run runs it again first, as it does an interrupted one (a re-audit). `shared` is
 * true too when a run of the journal study is going on: its running trials are its own.
 */
export function existingStudyStart(state: StudyState, space: Space, flags: Parameters<typeof continuingSettings>[1], target: number, shared: boolean, slots: 'stored' | 'flags' = 'flags'): DryRunStart {
  const settings = continuingSettings(settingsFromStored(state.meta.options, space), flags, slots);
  const left = (t: StudyState['trials'][number]): boolean => awaitsRerun(state, t) || (!shared && t.state === 'running');
  const reruns = state.trials.filter(left).map((t) => ({ id: t.id, params: t.params }));
  // the left-over running ones become interrupted, run again under new ids, as the run records them
  const rerun = reRunIds(state.trials);
  const history = state.trials.map((t) => learnedRecordOf(!shared && t.state === 'running' ? { ...t, state: 'interrupted' } : t, rerun));
  const finished = finishedCount(state);
  const intro = [`Study ${state.meta.name} exists (${state.trials.length} trial${state.trials.length === 1 ? '' : 's'}, ${finished} finished): the run would continue it, with its seed and sampler.`];
  if (finished >= target) intro.push(`Its ${finished} finished trials meet the target of ${target}: the run would run none (raise it with --trials).`);
  return { history, reruns, queuedBy: 'a queued configuration', settings, existing: true, target, intro };
}

/** What this run would go on from: the stored study if there is one (refused as the run would refuse it), else a new one. */
export async function dryRunStart(flags: RunFlags, requested: StudyMeta, space: Space, settings: RunSettings, target: number, added: CheckedResults | null): Promise<DryRunStart> {
  const { store, locationFlags, shared } = await openStudyStore(flags);
  try {
    const state = await store.load(requested.name);
    if (state === null) return newStudyStart(space, settings, target, added);
    const freeName = freeStudyName(new Set(await store.listStudies()), requested.name);
    checkStudyMatches(state.meta, requested, { seedGiven: flags.seed !== undefined, algoGiven: flags.algo !== undefined || space.algo !== null, freeName, locationFlags });
    checkPrunerKept(requested.name, flags, settings.prune, settingsFromStored(state.meta.options, space).prune);
    // a run going on now holds its running trials: they are not left over to be run again
    const live = await liveRunOf(store, state, settings.heartbeatTimeoutS);
    // an edited trials: in the space file is the study's new target, as the run takes it (a user audit)
    const start = existingStudyStart(state, space, flags, flags.trials ?? editedBounds(storedSpace(state.meta), space, flags).trials ?? state.target, shared || live !== null);
    if (live !== null) start.intro.push(liveRunLine(requested.name, live, 'run'));
    if (added !== null) start.intro.push(`--add adds results only to a study this run makes: ${added.file} would be left out (hypertune add adds them to this one).`);
    return start;
  } finally {
    await store.close();
  }
}
