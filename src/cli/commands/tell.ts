import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { RuntimeFailure, UsageError } from '../../errors.js';
import { reportExternal, settingsFromStored, tellExternal, type RunSettings } from '../../loop/index.js';
import { createMetricReading, parseMetricNumber, splitLog } from '../../runner/index.js';
import { nonNegativeInteger, oneOf } from '../option-parsers.js';
import type { Output } from '../output.js';
import { readLog } from '../read-log.js';
import { addStoreOptions, loadNamedStudy, openStudyStore, storedSpace } from '../study-store.js';

interface TellFlags {
  study?: string;
  dir?: string;
  storage?: string;
  state?: 'complete' | 'failed' | 'pruned' | 'interrupted';
  error?: string;
  log?: string;
  step?: number;
  made?: number;
  extra?: Record<string, number>;
}

/** What `run` would have read from the job's output: its values in order and the result (and its extra metrics), or why there is none. */
async function readLogResult(path: string, settings: RunSettings): Promise<{ values: number[]; steps: Array<{ value: number; step: number }>; value: number | null; problem: string | null; extras?: Record<string, number> }> {
  const reading = createMetricReading(settings.metric, settings.pattern, settings.objective, 'stdout', settings.extraMetrics);
  // each value at the step its line gives, else its ordinal, as run stores a trial's (a re-audit: ordinals only)
  const steps: Array<{ value: number; step: number }> = [];
  const keep = (read: ReadonlyArray<{ value: number; step: number | undefined }>): void => read.forEach(({ value, step }) => steps.push({ value, step: step ?? steps.length + 1 }));
  for (const line of splitLog(await readLog(path))) keep(reading.push('stdout', line.text, line.rewritten));
  keep(reading.finish());
  const result = reading.result();
  return { values: result.intermediate, steps, value: result.problem === null ? result.value : null, problem: result.problem, ...(result.extras === undefined ? {} : { extras: result.extras }) };
}

/** `--extra accuracy=0.91`, repeated: each name's value, as a metric's value is read. */
function extraMetric(text: string, given: Record<string, number> | undefined): Record<string, number> {
  const at = text.indexOf('=');
  const name = at < 0 ? '' : text.slice(0, at).trim();
  const value = at < 0 ? undefined : parseMetricNumber(text.slice(at + 1).trim());
  // a name may hold spaces, as a metric's may (LightGBM's `valid_0's auc`)
  if (name === '' || /[\r\n]/.test(name) || value === undefined || !Number.isFinite(value)) throw new InvalidArgumentError(`expected NAME=VALUE with a finite number, like accuracy=0.91, got ${JSON.stringify(text)}`);
  return { ...given, [name]: value };
}

/** A value as a program prints it (`0.031`, `1e-3`, `inf`), read as run reads one; hex and binary are no metric. */
function metricValue(text: string): number {
  const value = parseMetricNumber(text);
  if (value === undefined) throw new InvalidArgumentError(`expected a number, got ${JSON.stringify(text)}`);
  // NaN is a step's news (the run diverged: prune it), or a result's absence: told apart in the action
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
    .option('--state <state>', 'complete (the default with a value), failed, pruned (stopped early by your own rule; keeps the value as its last), or interrupted (the job was preempted: its parameters go to the next ask)', oneOf(['complete', 'failed', 'pruned', 'interrupted'] as const))
    .option('--error <text>', 'why it failed, kept with the trial')
    .option('--log <file>', "read the value from the job's output, as run reads a trial's (the study's metric, pattern and objective); none found: failed")
    .option('--made <ms>', "the study's `made` from ask's JSON (env: HYPERTUNE_STUDY_MADE): refused if the study was removed and made again since", nonNegativeInteger)
    .option('--extra <name=value>', "another metric to record beside the value (repeat it: --extra accuracy=0.91 --extra f1=0.8); with --log, the study's extra_metrics are read from the log", extraMetric)
    .option('--step <n>', "report VALUE at step N while the job runs (an epoch's value): the trial stays running; prints continue, or prune: and why, when the study's pruner would stop it", nonNegativeInteger)
    .addHelpText('after', '\nExamples:\n  $ hypertune tell --study sweep 7 0.41 --step 3     # prints continue, or prune: why\n  $ hypertune tell --study sweep 7 0.0312\n  $ hypertune tell --study sweep 7 --log train-7.log\n  $ hypertune tell --study sweep 8 --state failed --error "out of memory"\n');
  addStoreOptions(command);
  command.action(async (id: number, given: number | undefined, flags: TellFlags) => {
    // the study a job's `eval "$(hypertune ask --format env)"` exported (a user audit: every tell repeated --study)
    flags.study ??= process.env['HYPERTUNE_STUDY'] || undefined;
    if (flags.log !== undefined && given !== undefined) throw new UsageError('give the value or --log, not both');
    if (flags.state === 'interrupted' && (given !== undefined || flags.log !== undefined)) throw new UsageError('an interrupted trial has no result: tell ID --state interrupted, without a value or --log');
    if (flags.step === undefined && given !== undefined && Number.isNaN(given)) throw new UsageError('got nan: a run without a value is told with --state failed');
    // --extra with --step was dropped without a word (continue, exit 0; a user audit): extras go with the result
    if (flags.step !== undefined && (given === undefined || flags.log !== undefined || flags.state !== undefined || flags.extra !== undefined)) {
      throw new UsageError(`--step reports one value while the job runs: tell ID VALUE --step N, without --log or --state${flags.extra === undefined ? '' : "; --extra is recorded with the trial's result: give it to the tell that finishes the trial"}`);
    }
    try {
      if (flags.step !== undefined && given !== undefined) await reportStep(id, given, flags.step, flags, output);
      else await tellTrial(id, given, flags, output);
    } catch (error) {
      // the job is over and its result exists only in this command line: say so, not just why
      if (!(error instanceof RuntimeFailure)) throw error;
      throw new RuntimeFailure(`${error.message}; trial ${id} was not told: run the same tell again once the store is reachable`, { cause: error });
    }
  });
}

async function tellTrial(id: number, given: number | undefined, flags: TellFlags, output: Output): Promise<void> {
  const { store } = await openStudyStore(flags, { output, waitForServer: true, access: 'write' });
  try {
    const { study, state: loaded } = await loadNamedStudy(store, flags.study);
    refuseOtherStudy(study, id, loaded.meta.createdAt, flags.made);
    const read = flags.log === undefined ? null : await readLogResult(flags.log, settingsFromStored(loaded.meta.options, storedSpace(loaded.meta)));
    // a pruned job keeps its last reported value, as a pruned worker's trial does
    const value = read === null ? given : flags.state === 'pruned' ? read.values[read.values.length - 1] : (read.value ?? undefined);
    const state = flags.state ?? (value === undefined ? (read === null ? undefined : 'failed') : 'complete');
    if (state === undefined) throw new UsageError("give the trial's value, --log FILE, or --state failed");
    if (state === 'failed' && given !== undefined) throw new UsageError('a failed trial has no value: give --state failed without one (--error TEXT says why)');
    if (state === 'pruned' && value === undefined) {
      const why = read === null ? `give it (tell ${id} VALUE --state pruned), or --log FILE with the values the job printed` : `${flags.log} held none (${read.problem ?? 'no value'}): tell it as failed, or give the value`;
      throw new UsageError(`a pruned trial keeps its last value: ${why}`);
    }
    if (state === 'complete' && (value === undefined || !Number.isFinite(value))) {
      throw new UsageError(`a complete trial needs a finite value${value === undefined ? '' : `, got ${value}`}; tell a run without one with --state failed`);
    }
    const error = state === 'interrupted' ? (flags.error ?? 'handed back by `hypertune tell` (preempted): its parameters go to the next ask') : state === 'failed' ? (flags.error ?? (read?.problem == null ? 'told failed by `hypertune tell`' : `${flags.log}: ${read.problem}`)) : null;
    const extras = { ...read?.extras, ...flags.extra };
    const told = await tellExternal(store, study, id, { state, value: state === 'failed' || state === 'interrupted' ? null : (value ?? null), error, extras }, read?.steps ?? []);
    const already = told === 'already' ? ' (already recorded: told before, or the reply to this tell was lost)' : '';
    output.out(`Trial ${id} of study ${study}: ${state}${value === undefined ? '' : ` (${value})`}${error === null ? '' : `: ${error}`}${already}\n`);
  } finally {
    await store.close();
  }
}

/** `tell ID VALUE --step N`: the value stored at its step, and the study's pruner's word on the job. */
async function reportStep(id: number, value: number, step: number, flags: TellFlags, output: Output): Promise<void> {
  const { store } = await openStudyStore(flags, { output, waitForServer: true, access: 'write' });
  try {
    const { study, state } = await loadNamedStudy(store, flags.study);
    refuseOtherStudy(study, id, state.meta.createdAt, flags.made);
    const space = storedSpace(state.meta);
    const reason = await reportExternal(store, study, state, id, value, step, settingsFromStored(state.meta.options, space), space);
    output.out(reason === null ? 'continue\n' : `prune: ${reason}\n`);
  } finally {
    await store.close();
  }
}

/**
 * A job that evaluated `ask --format env` carries when its study was made (HYPERTUNE_STUDY_MADE): a
 * study of that name removed and made again since has a trial of that id that is not the job's, and
 * its result stored there would be another configuration's (a re-audit).
 */
function refuseOtherStudy(study: string, id: number, made: number, flag: number | undefined): void {
  const env = process.env;
  const fromEnv = env['HYPERTUNE_STUDY'] === study && env['HYPERTUNE_TRIAL_ID'] === String(id) ? env['HYPERTUNE_STUDY_MADE'] : undefined;
  const given = flag ?? (fromEnv === undefined ? undefined : Number(fromEnv));
  if (given === undefined || given === made) return;
  // no retry can tell it: a usage error (exit 2), not the unreachable store's advice to run it again (a re-audit)
  throw new UsageError(`trial ${id} was asked from study "${study}" as it was made at ${new Date(given).toISOString()}; the study of that name now was made at ${new Date(made).toISOString()} (removed and made again): this result is not its trial's, and was not told`);
}
