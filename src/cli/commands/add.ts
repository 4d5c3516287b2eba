import { hostname } from 'node:os';
import type { Command } from 'commander';
import { SpaceError } from '../../errors.js';
import { addResults, settingsFromStored, type AddedResult } from '../../loop/index.js';
import { checkRecord } from '../../space/records.js';
import { loadRecords } from '../../space/load.js';
import type { Config } from '../../study/types.js';
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
    .option('--skip-misfits', "leave out rows that do not fit the space (outside a narrowed range, a parameter missing or unknown) instead of refusing the file")
    .addHelpText('after', '\nExample:\n  $ hypertune summary --study old --format csv > old.csv\n  $ hypertune add --study new --from old.csv\n');
  addStoreOptions(command);
  command.action(async (flags: AddFlags) => {
    const records = await loadRecords(flags.from);
    const { store } = await openStudyStore(flags);
    try {
      const { study, state } = await loadNamedStudy(store, flags.study);
      const space = storedSpace(state.meta);
      const settings = settingsFromStored(state.meta.options, space);
      const at = store.now();
      // every row is checked before the first is written: a bad file adds nothing
      const results: AddedResult[] = [];
      const checkedColumns: string[] = [];
      const misfits: SpaceError[] = [];
      for (const record of records) {
        const checked = checkedOrSkipped(() => checkRecord(space, record, { file: flags.from, metric: settings.metric, partial: false }), flags.skipMisfits === true, misfits);
        if (checked === null) continue;
        checkedColumns.push(...checked.ignored);
        const where = { file: flags.from, line: checked.line };
        const stateName = checked.state === null ? (checked.value === null ? null : 'complete') : stateNamed(checked.state);
        if (stateName === 'interrupted' || stateName === 'running' || stateName === 'pruned') continue;
        if (stateName !== 'complete' && stateName !== 'failed') {
          const columns = checked.ignored.length > 0 ? `; the columns it has besides the parameters: ${checked.ignored.join(', ')}` : '';
          throw new SpaceError(stateName === null ? `no value: give the ${settings.metric} (or value) column, or state failed${columns}` : `state ${JSON.stringify(stateName)} is not complete or failed`, { ...where, label: stateName === null ? settings.metric : 'state' });
        }
        if (stateName === 'complete' && (checked.value === null || !Number.isFinite(checked.value))) {
          throw new SpaceError(`a complete result needs a finite value, got ${String(checked.value)}`, { ...where, label: settings.metric });
        }
        const error = stateName === 'failed' ? `added as failed from ${flags.from}` : null;
        results.push({ params: checked.config, finish: { state: stateName, value: stateName === 'complete' ? checked.value : null, error, at } });
      }
      const ignored = [...new Set(checkedColumns)];
      if (ignored.length > 0) output.err(`hypertune: note: ${flags.from}'s columns that are no parameter, ${settings.metric} (or value) or state were left out: ${ignored.slice(0, 8).join(', ')}${ignored.length > 8 ? ', ...' : ''}\n`);
      const ids = await addResults(store, study, `add@${hostname()}:${process.pid}`, results);
      // a file added twice (a script run again) doubles its results unseen (a user audit): said, not refused
      const held = new Set(state.trials.filter((t) => t.state === 'complete').map((t) => resultKey(t.params, t.value)));
      const repeated = results.filter((r) => r.finish.state === 'complete' && held.has(resultKey(r.params, r.finish.value))).length;
      if (repeated > 0) output.err(`hypertune: note: ${repeated} of these results equal trials the study already held (the same parameters and ${settings.metric}): was ${flags.from} added before?\n`);
      const failed = results.filter((r) => r.finish.state === 'failed').length;
      if (misfits.length > 0) output.err(`hypertune: note: ${misfits.length} row${misfits.length === 1 ? '' : 's'} that do not fit the space left out (--skip-misfits), the first: ${misfits[0]?.message ?? ''}\n`);
      const skipped = records.length - results.length - misfits.length;
      const range = ids.length === 0 ? '' : ids.length === 1 ? ` (trial ${ids[0]})` : ` (trials ${ids[0]} to ${ids[ids.length - 1]})`;
      output.out(
        `Added ${ids.length} result${ids.length === 1 ? '' : 's'} to study ${study}${range}: ${ids.length - failed} complete, ${failed} failed` +
          `${skipped > 0 ? `; ${skipped} running, interrupted or pruned row${skipped === 1 ? '' : 's'} skipped` : ''}.\n`,
      );
    } finally {
      await store.close();
    }
  });
}

/** A complete result as a key: its parameters in label order and its value. */
function resultKey(params: Config, value: number | null): string {
  return JSON.stringify([Object.entries(params).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)), value]);
}

/**
 * A state as other tools write it: Optuna's COMPLETE / FAIL / PRUNED, W&B's finished / crashed /
 * killed, Ray Tune's TERMINATED / ERROR (a user audit: only hypertune's own words were taken).
 */
function stateNamed(text: string): string {
  const word = text.trim().toLowerCase();
  if (['complete', 'completed', 'finished', 'terminated', 'success', 'succeeded', 'ok'].includes(word)) return 'complete';
  if (['failed', 'fail', 'error', 'errored', 'crashed'].includes(word)) return 'failed';
  if (['pruned', 'killed', 'stopped', 'early_stopped'].includes(word)) return 'pruned';
  if (['running', 'waiting', 'pending', 'queued'].includes(word)) return 'running';
  return word;
}

/** A record checked, or, with `skip`, null for one that does not fit the space (kept in `misfits`, to be said). */
function checkedOrSkipped<T>(check: () => T, skip: boolean, misfits: SpaceError[]): T | null {
  try {
    return check();
  } catch (error) {
    if (!skip || !(error instanceof SpaceError)) throw error;
    misfits.push(error);
    return null;
  }
}
