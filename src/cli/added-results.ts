// Results a study did not run, read from a file and checked against its space (`add`, and `run --add`
// when run makes the study), then written; every row is checked before the first is written.
import { hostname } from 'node:os';
import { SpaceError } from '../errors.js';
import { addResults, type AddedResult } from '../loop/index.js';
import { checkRecord } from '../space/records.js';
import { loadRecords } from '../space/load.js';
import { lastRowPerTrial, type FoldedRows } from './ray-rows.js';
import type { Space } from '../space/types.js';
import type { Store } from '../store/types.js';
import type { Config, Trial } from '../study/types.js';
import type { Command } from 'commander';
import type { Output } from './output.js';

/** `run`'s options for a warm start: results added when the run makes the study. */
export function addResultOptions(command: Command): void {
  command
    .option('--add <file>', "results to learn from before the first trial, added when this run makes the study: an old study's summary CSV or JSON, another tool's export (as hypertune add reads them)")
    .option('--skip-misfits', '--add, add: leave out rows that do not fit the space instead of refusing the file');
}

/** A file's results, checked, with what was left out of it. */
export interface CheckedResults {
  file: string;
  metric: string;
  results: AddedResult[];
  /** Rows of running, queued, interrupted or pruned trials: skipped. */
  skipped: number;
  /** Columns that are no parameter, metric or state (another tool's own). */
  ignored: string[];
  /** Rows that do not fit the space, with --skip-misfits. */
  misfits: SpaceError[];
  /** Ray Tune's rows per iteration, folded to each trial's last (ray-rows.ts). */
  folded?: FoldedRows | null;
}

/** Reads and checks `file` (a SpaceError naming its line and field for the first row that does not fit, unless `skipMisfits`). */
export async function checkedResults(file: string, space: Space, metric: string, skipMisfits: boolean, at: number, extraMetrics: readonly string[] = []): Promise<CheckedResults> {
  const { records, folded } = lastRowPerTrial(await loadRecords(file));
  const out: CheckedResults = { file, metric, results: [], skipped: 0, ignored: [], misfits: [], folded };
  for (const record of records) {
    const checked = checkedOrSkipped(() => checkRecord(space, record, { file, metric, partial: false }), skipMisfits, out.misfits);
    if (checked === null) continue;
    const read = extrasOf(record.fields, extraMetrics, space.nodes.map((node) => node.label));
    for (const column of checked.ignored) if (!out.ignored.includes(column) && !read.columns.has(column)) out.ignored.push(column);
    const where = { file, line: checked.line };
    const stateName = checked.state === null ? (checked.value === null ? null : 'complete') : stateNamed(checked.state);
    if (stateName === 'interrupted' || stateName === 'running' || stateName === 'pruned') {
      out.skipped += 1;
      continue;
    }
    if (stateName !== 'complete' && stateName !== 'failed') {
      const columns = checked.ignored.length > 0 ? `; the columns it has besides the parameters: ${checked.ignored.join(', ')}` : '';
      throw new SpaceError(stateName === null ? `no value: give the ${metric} (or value) column, or state failed${columns}` : `state ${JSON.stringify(stateName)} is not complete or failed`, { ...where, label: stateName === null ? metric : 'state' });
    }
    if (stateName === 'complete' && (checked.value === null || !Number.isFinite(checked.value))) {
      throw new SpaceError(`a complete result needs a finite value, got ${String(checked.value)}`, { ...where, label: metric });
    }
    const error = stateName === 'failed' ? `added as failed from ${file}` : null;
    out.results.push({ params: checked.config, finish: { state: stateName, value: stateName === 'complete' ? checked.value : null, error, at, ...(read.extras === null ? {} : { extras: read.extras }) } });
  }
  return out;
}

/** Writes checked results to a study (holding `held`), says what was left out, and returns the line that says what was added. */
export async function writeResults(store: Store, study: string, checked: CheckedResults, held: readonly Trial[], output: Output): Promise<string> {
  const { file, metric, results, misfits, skipped, ignored, folded } = checked;
  if (folded) output.err(`hypertune: note: ${file} holds ${folded.rows} rows of ${folded.trials} Ray Tune trials (trial_id, one row per training_iteration): each trial's last row is its result\n`);
  leftOutColumns(output, file, `no parameter, ${metric} (or value) or state`, ignored);
  const ids = await addResults(store, study, `add@${hostname()}:${process.pid}`, results);
  // a file added twice (a script run again) doubles its results unseen (a user audit): said, not refused
  const keys = new Set(held.filter((t) => t.state === 'complete').map((t) => resultKey(t.params, t.value)));
  const repeated = results.filter((r) => r.finish.state === 'complete' && keys.has(resultKey(r.params, r.finish.value))).length;
  if (repeated > 0) output.err(`hypertune: note: ${repeated} of these results equal trials the study already held (the same parameters and ${metric}): was ${file} added before?\n`);
  if (misfits.length > 0) output.err(`hypertune: note: ${misfits.length} ${misfits.length === 1 ? 'row that does' : 'rows that do'} not fit the space left out (--skip-misfits), the first: ${misfits[0]?.message ?? ''}\n`);
  const failed = results.filter((r) => r.finish.state === 'failed').length;
  const range = ids.length === 0 ? '' : ids.length === 1 ? ` (trial ${ids[0]})` : ` (trials ${ids[0]} to ${ids[ids.length - 1]})`;
  return (
    `Added ${ids.length} result${ids.length === 1 ? '' : 's'} to study ${study}${range}: ${ids.length - failed} complete, ${failed} failed` +
    `${skipped > 0 ? `; ${skipped} running, queued, interrupted or pruned row${skipped === 1 ? '' : 's'} skipped` : ''}.`
  );
}

/** Says which of a file's columns, another tool's own (Optuna's number, datetimes), were left out. */
export function leftOutColumns(output: Output, file: string, what: string, ignored: readonly string[]): void {
  if (ignored.length > 0) output.err(`hypertune: note: ${file}'s columns that are ${what} were left out: ${ignored.slice(0, 8).join(', ')}${ignored.length > 8 ? ', ...' : ''}\n`);
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

/** A complete result as a key: its parameters in label order and its value. */
function resultKey(params: Config, value: number | null): string {
  return JSON.stringify([Object.entries(params).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)), value]);
}

/**
 * The study's extra metrics a row holds (`extra_metrics:`): summary JSON's `extras`, a column `extra.<name>`
 * (summary's CSV names so one that clashes), or a column of the name when no parameter has it; with the
 * columns read, which are no leftovers to note.
 */
function extrasOf(fields: Record<string, unknown>, names: readonly string[], labels: readonly string[]): { extras: Record<string, number> | null; columns: Set<string> } {
  const nested = fields['extras'] !== null && typeof fields['extras'] === 'object' ? (fields['extras'] as Record<string, unknown>) : {};
  const extras: Record<string, number> = {};
  const columns = new Set<string>();
  for (const name of names) {
    const column = [`extra.${name}`, ...(labels.includes(name) ? [] : [name])].find((key) => Object.hasOwn(fields, key));
    if (column !== undefined) columns.add(column);
    const raw = nested[name] ?? (column === undefined ? undefined : fields[column]);
    const value = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
    if (Number.isFinite(value)) extras[name] = value;
  }
  return { extras: Object.keys(extras).length === 0 ? null : extras, columns };
}
