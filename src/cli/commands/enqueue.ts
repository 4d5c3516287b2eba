import type { Command } from 'commander';
import { quoteArg } from '../shell-words.js';
import { UsageError } from '../../errors.js';
import { settingsFromStored } from '../../loop/index.js';
import { loadRecords } from '../../space/load.js';
import { wordsRecord } from '../../space/record-files.js';
import { checkRecord, type RawRecord } from '../../space/records.js';
import { countByState, finishedCount, targetRunningQueued, type StudyState } from '../../study/replay.js';
import type { Config } from '../../space/types.js';
import { hasTrialTarget } from '../../study/types.js';
import type { Output } from '../output.js';
import { leftOutColumns } from '../added-results.js';
import { repeatedQueueNotes, type QueuedSource } from '../enqueue-repeats.js';
import { addStoreOptions, loadNamedStudy, openStudyStore, storedSpace } from '../study-store.js';

interface EnqueueFlags {
  study?: string;
  dir?: string;
  storage?: string;
  from?: string;
  rerun?: number[];
}

/** `--rerun 71,62`: trial ids, each a whole number (an id given twice queues its configuration twice). */
function trialIds(text: string): number[] {
  const ids = text.split(',').map((word) => word.trim());
  if (ids.some((id) => !/^\d+$/.test(id))) throw new UsageError(`--rerun takes trial ids separated by commas, such as --rerun 71,62 (got ${JSON.stringify(text)})`);
  return ids.map(Number);
}

export function registerEnqueue(program: Command, output: Output): void {
  const command = program
    .command('enqueue')
    .summary('queue known configurations to run first: enqueue lr=0.01 opt=adam, or --from configs.csv')
    .description(
      "Queue configurations that the study runs before any proposal, in order, each exactly once however many workers run it (hyperopt's points_to_evaluate, Optuna's enqueue_trial). Each is checked against the study's space; a parameter left out is filled in by the optimizer.",
    )
    .argument('[assignments...]', 'label=value words: one configuration')
    .option('--from <file>', 'configurations from a .csv (a header of labels), .json or .yaml file, one per row or entry')
    .option('--rerun <ids>', "the configurations of these trials again (ids separated by commas): one more run of each, to tell a good configuration from a lucky run", trialIds)
    .option('--study <name>', 'the study (may be left out when the store holds one)')
    .addHelpText('after', '\nExamples:\n  $ hypertune enqueue --study mnist lr=0.001 optimizer=adam\n  $ hypertune enqueue --study mnist --from last-month-best.csv\n  $ hypertune enqueue --study mnist --rerun 71,62\n');
  addStoreOptions(command);
  command.action(async (words: string[], flags: EnqueueFlags) => {
    const given = [words.length > 0, flags.from !== undefined, flags.rerun !== undefined].filter(Boolean).length;
    if (given !== 1) throw new UsageError('give one configuration as label=value words, --from FILE, or --rerun IDS (one of them)');
    const records: RawRecord[] = flags.from !== undefined ? await loadRecords(flags.from) : words.length > 0 ? [wordsRecord(words)] : [];
    const { store, locationFlags } = await openStudyStore(flags, { access: 'write' });
    try {
      const { study, state } = await loadNamedStudy(store, flags.study);
      const space = storedSpace(state.meta);
      const metric = settingsFromStored(state.meta.options, space).metric;
      const file = flags.from ?? 'command line';
      // every configuration is checked before the first is queued: a bad file queues nothing
      const checked = flags.rerun === undefined ? records.map((record) => checkRecord(space, record, { file, metric, partial: true })) : [];
      const configs = flags.rerun === undefined ? checked.map((record) => record.config) : rerunConfigs(state, flags.rerun, study);
      const ignored = [...new Set(checked.flatMap((record) => record.ignored))];
      // an export's own columns (Optuna's number, datetimes) are left out, as add leaves them: said, since a misspelt params_ column is among them
      leftOutColumns(output, file, 'no parameter', ignored);
      if (configs.length === 0) throw new UsageError(`${file} holds no configuration to queue`);
      const ids = await store.enqueueTrials(study, configs, store.now());
      const waiting = countByState(state).queued;
      // consecutive ids as a range (3,000 rows printed 3,000 ids), and a study at its target says what runs them (a user audit)
      const consecutive = ids.every((id, i) => i === 0 || id === (ids[i - 1] as number) + 1);
      const named = ids.length > 2 && consecutive ? `${ids[0]} to ${ids[ids.length - 1]}` : ids.join(', ');
      const finished = finishedCount(state);
      const atTarget = hasTrialTarget(state.target) && finished >= state.target ? ` The study has its ${state.target} trial${state.target === 1 ? '' : 's'}: ${ids.length === 1 ? 'it runs' : 'they run'} once the target is raised: hypertune resume --study ${quoteArg(study)}${locationFlags.map((f) => ` ${f}`).join('')} --trials ${targetRunningQueued(state) + ids.length}` : '';
      const sources: QueuedSource[] = flags.rerun === undefined ? records.map((record) => ({ line: record.line })) : flags.rerun.map((trial) => ({ trial }));
      const repeated = repeatedQueueNotes(configs, ids, sources, file);
      output.out(
        `Enqueued ${ids.length} configuration${ids.length === 1 ? '' : 's'} in study ${study} as trial${ids.length === 1 ? '' : 's'} ${named}` +
          `${waiting > 0 ? `, after ${waiting} queued before` : ''}; ${ids.length > 1 ? 'they run first, in order, once each' : waiting > 0 ? 'it runs after them, before any proposal, once' : 'it runs first, once'}.${atTarget}\n` +
          repeated.map((note) => `${note}\n`).join(''),
      );
    } finally {
      await store.close();
    }
  });
}

/** The configurations of past trials, as they ran; a trial that is not there, or holds no configuration yet, is refused by id. */
function rerunConfigs(state: StudyState, ids: readonly number[], study: string): Config[] {
  return ids.map((id) => {
    const trial = state.trials.find((t) => t.id === id);
    if (trial === undefined) throw new UsageError(`--rerun: study ${study} has no trial ${id} (its trial ids run from ${state.trials[0]?.id ?? 0} to ${state.trials[state.trials.length - 1]?.id ?? 0})`);
    if (trial.state === 'queued') throw new UsageError(`--rerun: trial ${id} is queued and has not run yet: it runs once as it is`);
    return { ...trial.params };
  });
}
