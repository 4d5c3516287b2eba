import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { UsageError } from '../../errors.js';
import { tellExternal } from '../../loop/index.js';
import { nonNegativeInteger, oneOf } from '../option-parsers.js';
import type { Output } from '../output.js';
import { addStoreOptions, loadNamedStudy, openStudyStore } from '../study-store.js';

interface TellFlags {
  study?: string;
  dir?: string;
  storage?: string;
  state?: 'complete' | 'failed' | 'pruned';
  error?: string;
}

function metricValue(text: string): number {
  const value = Number(text.trim());
  if (text.trim() === '' || Number.isNaN(value)) throw new InvalidArgumentError(`expected a number, got ${JSON.stringify(text)}`);
  return value;
}

export function registerTell(program: Command, output: Output): void {
  const command = program
    .command('tell')
    .summary('finish a trial created by ask: tell ID VALUE, or tell ID --state failed')
    .description('Record the result of a trial that `hypertune ask` created. A trial is told once; an unknown or finished trial is an error.')
    .argument('<id>', 'the trial id that ask printed', nonNegativeInteger)
    .argument('[value]', "the metric's value (as the program reported it, not sign-flipped)", metricValue)
    .option('--study <name>', 'the study (may be left out when the store holds one)')
    .option('--state <state>', 'complete (the default with a value) or failed', oneOf(['complete', 'failed', 'pruned'] as const))
    .option('--error <text>', 'why it failed, kept with the trial')
    .addHelpText('after', '\nExamples:\n  $ hypertune tell --study sweep 7 0.0312\n  $ hypertune tell --study sweep 8 --state failed --error "out of memory"\n');
  addStoreOptions(command);
  command.action(async (id: number, value: number | undefined, flags: TellFlags) => {
    const state = flags.state ?? (value === undefined ? undefined : 'complete');
    if (state === undefined) throw new UsageError('give the trial\'s value, or --state failed');
    if (state === 'complete' && (value === undefined || !Number.isFinite(value))) {
      throw new UsageError(`a complete trial needs a finite value${value === undefined ? '' : `, got ${value}`}; tell a run without one with --state failed`);
    }
    const { store } = await openStudyStore(flags);
    try {
      const { study } = await loadNamedStudy(store, flags.study);
      const error = state === 'failed' ? (flags.error ?? 'told failed by `hypertune tell`') : null;
      await tellExternal(store, study, id, { state, value: state === 'failed' ? null : (value ?? null), error });
      output.out(`Trial ${id} of study ${study}: ${state}${value === undefined ? '' : ` (${value})`}\n`);
    } finally {
      await store.close();
    }
  });
}
