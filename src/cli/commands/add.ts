import type { Command } from 'commander';
import { settingsFromStored } from '../../loop/index.js';
import { checkedResults, writeResults } from '../added-results.js';
import type { Output } from '../output.js';
import { addStoreOptions, loadNamedStudy, openStudyStore, storedSpace } from '../study-store.js';

interface AddFlags {
  study?: string;
  dir?: string;
  storage?: string;
  from: string;
  skipMisfits?: boolean;
}

export function registerAdd(program: Command, output: Output): void {
  const command = program
    .command('add')
    .summary('record finished results (CSV, JSON, YAML) in a study without running them')
    .description(
      "Teach a study results it did not run: earlier experiments, a spreadsheet, another study's `summary --format csv|json`. Each row is checked against the study's space first; nothing is written unless every row fits. They count toward the target and the optimizer learns from them.",
    )
    .requiredOption('--from <file>', "a .csv (a header of labels, the metric's column or `value`, optionally `state`), .json or .yaml file")
    .option('--study <name>', 'the study (may be left out when the store holds one)')
    .option('--skip-misfits', 'leave out rows that do not fit the space (outside a narrowed range, a parameter missing) instead of refusing the file')
    .addHelpText('after', '\nExample:\n  $ hypertune summary --study old --format csv > old.csv\n  $ hypertune add --study new --from old.csv\n');
  addStoreOptions(command);
  command.action(async (flags: AddFlags) => {
    const { store } = await openStudyStore(flags, { access: 'write' });
    try {
      const { study, state } = await loadNamedStudy(store, flags.study);
      const space = storedSpace(state.meta);
      const settings = settingsFromStored(state.meta.options, space);
      const checked = await checkedResults(flags.from, space, settings.metric, flags.skipMisfits === true, store.now(), settings.extraMetrics);
      output.out(`${await writeResults(store, study, checked, state.trials, output)}\n`);
    } finally {
      await store.close();
    }
  });
}
