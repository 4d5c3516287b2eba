import type { Command } from 'commander';
import { quoteArg } from '../shell-words.js';
import { UsageError } from '../../errors.js';
import { settingsFromStored } from '../../loop/index.js';
import { loadRecords } from '../../space/load.js';
import { wordsRecord } from '../../space/record-files.js';
import { checkRecord, type RawRecord } from '../../space/records.js';
import { finishedCount } from '../../study/replay.js';
import { hasTrialTarget } from '../../study/types.js';
import type { Output } from '../output.js';
import { addStoreOptions, loadNamedStudy, openStudyStore, storedSpace } from '../study-store.js';

interface EnqueueFlags {
  study?: string;
  dir?: string;
  storage?: string;
  from?: string;
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
    .option('--study <name>', 'the study (may be left out when the store holds one)')
    .addHelpText('after', '\nExamples:\n  $ hypertune enqueue --study mnist lr=0.001 optimizer=adam\n  $ hypertune enqueue --study mnist --from last-month-best.csv\n');
  addStoreOptions(command);
  command.action(async (words: string[], flags: EnqueueFlags) => {
    if ((words.length === 0) === (flags.from === undefined)) throw new UsageError('give one configuration as label=value words, or --from FILE (not both)');
    const records: RawRecord[] = flags.from === undefined ? [wordsRecord(words)] : await loadRecords(flags.from);
    const { store, locationFlags } = await openStudyStore(flags, { access: 'write' });
    try {
      const { study, state } = await loadNamedStudy(store, flags.study);
      const space = storedSpace(state.meta);
      const metric = settingsFromStored(state.meta.options, space).metric;
      const file = flags.from ?? 'command line';
      // every configuration is checked before the first is queued: a bad file queues nothing
      const configs = records.map((record) => checkRecord(space, record, { file, metric, partial: true }).config);
      if (configs.length === 0) throw new UsageError(`${file} holds no configuration to queue`);
      const ids = await store.enqueueTrials(study, configs, store.now());
      const waiting = state.trials.filter((t) => t.state === 'queued').length;
      // consecutive ids as a range (3,000 rows printed 3,000 ids), and a study at its target says what runs them (a user audit)
      const consecutive = ids.every((id, i) => i === 0 || id === (ids[i - 1] as number) + 1);
      const named = ids.length > 2 && consecutive ? `${ids[0]} to ${ids[ids.length - 1]}` : ids.join(', ');
      const finished = finishedCount(state);
      const atTarget = hasTrialTarget(state.target) && finished >= state.target ? ` The study has its ${state.target} trials: they run once the target is raised: hypertune resume --study ${quoteArg(study)}${locationFlags.map((f) => ` ${f}`).join('')} --trials ${finished + waiting + ids.length}` : '';
      output.out(
        `Enqueued ${ids.length} configuration${ids.length === 1 ? '' : 's'} in study ${study} as trial${ids.length === 1 ? '' : 's'} ${named}` +
          `${waiting > 0 ? `, after ${waiting} queued before` : ''}; they run first, in order, once each.${atTarget}\n`,
      );
    } finally {
      await store.close();
    }
  });
}
