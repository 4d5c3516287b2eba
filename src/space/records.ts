// Configurations and results written by hand or by another tool (enqueue, add, `start:`), checked
// against a space: each becomes a typed Config, or one line naming where it went wrong.
import { SpaceError, type SpaceErrorLocation } from '../errors.js';
import { activeLabels } from './active.js';
import { validateConfig } from './validate.js';
import { didYouMean } from './suggest.js';
import type { ChoiceNode, Config, ParamNode, ParamValue, Space } from './types.js';

/** One configuration as read from a file: its fields, and whether they are text (CSV, key=value) to be typed. */
export interface RawRecord {
  fields: Record<string, unknown>;
  /** Where it starts in its file (1-based), for messages. */
  line: number;
  text: boolean;
  /** Text fields whose empty value is an empty string (a CSV's `""`), not an inactive parameter. */
  emptyStrings?: ReadonlySet<string>;
  /** Where each field's value sits (a space file's `start:` entry), for messages that name its line and column. */
  positions?: ReadonlyMap<string, { line: number; column: number }>;
}

/**
 * Where a row says how its trial ended: ours and W&B's `state`/`State`, and hyperopt's result `status`
 * (`ok`, `fail`): a hyperopt export's STATUS_FAIL rows, with the placeholder loss such an objective
 * returns, were added as complete results (a user audit, hyperopt migration).
 */
const STATE_COLUMNS = ['state', 'State', 'status'];

/** Columns of `summary --format csv|json` that say nothing about the configuration: read back and ignored. */
const SUMMARY_COLUMNS = new Set(['id', 'duration_s', 'exit_code', 'startup', 'sampler', 'error', 'running_s', 'worker', 'intermediate', 'steps', 'stopped_at_step', 'extras']);

export interface CheckedRecord {
  config: Config;
  /** The reported value and state, for `add`; null when the record has none. */
  value: number | null;
  state: string | null;
  line: number;
  /** Columns that are no parameter, result or state (another tool's own), left out by `add`. */
  ignored: string[];
}

export interface RecordOptions {
  file: string;
  /** The study's metric: a column of that name (or `value`) holds the result. */
  metric: string;
  /** enqueue: a missing parameter is left for the optimizer; add: every active parameter must be there. */
  partial: boolean;
}

/** A number as text names the number it reads as: `2.0` is the option 2, as hypertune passed it (a user audit). */
const sameNumber = (value: ParamValue, raw: unknown): boolean => typeof value === 'number' && typeof raw === 'string' && raw.trim() !== '' && Number(raw) === value;

/** Whether a parameter can be the empty string: a choice with a `""` option, or such a constant. */
const takesEmpty = (node: ParamNode): boolean => (node.kind === 'choice' ? node.options.some((option) => option.value === '') : node.kind === 'constant' && node.value === '');

function typedChoice(node: ChoiceNode, raw: unknown, text: boolean): ParamValue | undefined {
  const exact = node.options.find((option) => option.value === raw);
  if (exact !== undefined) return exact.value;
  // CSV cells and key=value words are text: `true`, `3` or `null` name the option whose text they are;
  // pandas writes Python's True, False and None (Optuna's and Ray Tune's exports; a re-audit)
  const python: Record<string, string> = { True: 'true', False: 'false', None: 'null' };
  const said = typeof raw === 'string' ? (python[raw.trim()] ?? raw) : raw;
  const named = (given: unknown): ParamValue | undefined => node.options.find((option) => String(option.value) === String(given) || sameNumber(option.value, given))?.value;
  if (text || typeof raw === 'string') return named(raw) ?? named(said);
  return undefined;
}

/** hyperopt's Trials (misc.vals) and fmin's result hold a choice's index, not its option: a user audit (hyperopt migration) added such an export. */
function indexHint(node: ChoiceNode, raw: unknown): string {
  const index = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d+(\.0*)?\s*$/.test(raw) ? Number(raw) : Number.NaN;
  const option = Number.isInteger(index) ? node.options[index] : undefined;
  if (option === undefined || node.options.some((o) => typeof o.value === 'number')) return '';
  return `; if ${index} is hyperopt's index of an option (fmin's result, trials.vals), give the option itself, ${JSON.stringify(option.value)}, as space_eval does`;
}

function typedValue(node: ParamNode, raw: unknown, text: boolean): { value: ParamValue } | { problem: string } {
  if (node.kind === 'choice') {
    const value = typedChoice(node, raw, text);
    if (value !== undefined) return { value };
    return { problem: `${JSON.stringify(raw)} is not one of ${node.options.map((o) => JSON.stringify(o.value)).join(', ')}${indexHint(node, raw)}` };
  }
  if (node.kind === 'constant') return { value: text && typeof node.value !== 'string' && (String(node.value) === raw || sameNumber(node.value, raw)) ? node.value : (raw as ParamValue) };
  const number = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
  if (Number.isNaN(number)) return { problem: `expected a number, got ${JSON.stringify(raw)}` };
  return { value: number };
}

function resultOf(raw: unknown, where: (field: string) => { file: string; line: number | undefined; label: string }, field: string): number | null {
  if (raw === undefined || raw === null || raw === '') return null;
  const number = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw.trim().toLowerCase().replace(/^nan$/, 'NaN').replace(/^(-?)inf$/, '$1Infinity')) : Number.NaN;
  if (Number.isNaN(number) && String(raw).toLowerCase() !== 'nan') throw new SpaceError(`expected a number, got ${JSON.stringify(raw)}`, where(field));
  return number;
}

/** How other tools' exports name a parameter's column: Optuna's `params_lr`, Ray Tune's `config/lr`, summary's own `params.lr`. */
const PARAM_PREFIXES = ['params.', 'params_', 'params/', 'config/', 'config.'];

/**
 * A column named with a prefix (PARAM_PREFIXES) whose rest is a label, and that is no label itself, is
 * that parameter: summary's CSV writes a parameter named as one of its own columns (`sampler`, `state`)
 * as `params.<label>`, Optuna's trials_dataframe every one as `params_<label>` (a user audit).
 */
function unprefixed(
  fields: Record<string, unknown>,
  emptyStrings: ReadonlySet<string> | undefined,
  labels: readonly string[],
  metric: string,
  where: (label: string) => SpaceErrorLocation,
): { params: Record<string, unknown>; emptyStrings: ReadonlySet<string> | undefined; exported?: boolean } {
  const labelOf = (key: string): string | null => {
    if (labels.includes(key)) return null;
    const prefix = PARAM_PREFIXES.find((p) => key.startsWith(p) && labels.includes(key.slice(p.length)));
    return prefix === undefined ? null : key.slice(prefix.length);
  };
  const prefixed = new Set(Object.keys(fields).flatMap((key) => labelOf(key) ?? []));
  if (prefixed.size === 0) return { params: fields, emptyStrings };
  // beside params.x, a plain x is summary's own column, or the parameter given twice (a user audit)
  const own = (label: string): boolean => label === metric || label === 'value' || label === 'state' || SUMMARY_COLUMNS.has(label);
  const twice = [...prefixed].find((label) => Object.hasOwn(fields, label) && !own(label));
  if (twice !== undefined) throw new SpaceError(`given twice, as ${twice} and ${Object.keys(fields).find((key) => labelOf(key) === twice) ?? ''}`, where(twice));
  const out: Record<string, unknown> = {};
  // a quoted empty cell ("") under config/use_bn is use_bn's empty string, not a value left out (a docs audit)
  const empties = new Set<string>();
  for (const [key, raw] of Object.entries(fields)) {
    if (prefixed.has(key)) continue;
    out[labelOf(key) ?? key] = raw;
    if (emptyStrings?.has(key) === true) empties.add(labelOf(key) ?? key);
  }
  return { params: out, emptyStrings: empties, exported: true };
}

/** Type and check one record; throws a SpaceError naming the file, line and field. */
export function checkRecord(space: Space, record: RawRecord, options: RecordOptions): CheckedRecord {
  const where = (label: string): { file: string; line: number | undefined; column?: number; label: string } => {
    const at = record.positions?.get(label);
    return at === undefined ? { file: options.file, line: record.line > 0 ? record.line : undefined, label } : { file: options.file, ...at, label };
  };
  // summary --format json writes {id, state, value, params}; a flat record holds the parameters beside them
  const nested = typeof record.fields['params'] === 'object' && record.fields['params'] !== null && !Array.isArray(record.fields['params']);
  const labels = space.nodes.map((node) => node.label);
  const { params, emptyStrings, exported } = nested
    ? { params: record.fields['params'] as Record<string, unknown>, emptyStrings: undefined }
    : unprefixed(record.fields, record.emptyStrings, labels, options.metric, where);
  const config: Config = {};
  const ignored: string[] = [];
  for (const [label, raw] of Object.entries(params)) {
    const node = space.nodes.find((n) => n.label === label);
    if (node === undefined) {
      if (label === options.metric || label === 'value' || STATE_COLUMNS.includes(label) || SUMMARY_COLUMNS.has(label)) continue;
      // add: another tool's export has columns of its own (Optuna's number and datetimes, W&B's Name):
      // left out and named; a misspelt parameter's column shows as that parameter missing. enqueue too
      // where the parameters are params_ or config/ columns (an export), and pandas' index everywhere:
      // `enqueue --from` Optuna's trials_dataframe failed at its index, ': not a parameter' (a user audit)
      if (!options.partial || exported === true || label === '') {
        if (label !== '') ignored.push(label); // pandas' unnamed index column
        continue;
      }
      // a result column under another name (val_loss for a study of loss) is the likely mistake (a user audit)
      const result = options.partial || Object.hasOwn(params, options.metric) || Object.hasOwn(params, 'value') ? '' : `; if it holds the result, name the column ${options.metric} (the study's metric) or value`;
      throw new SpaceError(`not a parameter of this space${didYouMean(label, labels)}${result}`, where(label));
    }
    // an empty CSV cell is a parameter that was inactive (as summary writes it); so is a quoted one
    // where the parameter has no empty-string option: W&B's export quotes every cell, so an adam run's
    // momentum was `""` and the file was refused (a user audit, Optuna/Ray migration)
    if (raw === undefined || (record.text && raw === '' && (emptyStrings?.has(label) !== true || !takesEmpty(node)))) continue;
    const typed = typedValue(node, raw, record.text);
    if ('problem' in typed) throw new SpaceError(typed.problem, where(label));
    config[label] = typed.value;
  }
  // constants are the space's, not the user's to repeat
  const active = new Set(activeLabels(space, config));
  for (const node of space.nodes) if (node.kind === 'constant' && active.has(node.label) && !Object.hasOwn(config, node.label)) config[node.label] = node.value;
  for (const problem of validateConfig(space, config)) {
    const [label = '', reason = problem] = problem.split(/: (.*)/s);
    if (options.partial && reason === 'missing') continue;
    const columns = reason === 'missing' && ignored.length > 0 ? `; the file's columns that are no parameter of the space: ${ignored.join(', ')}` : '';
    // a parameter added to the space since the results ran: the way on, which the refusal to add did not say (a re-audit)
    const addColumn = reason === 'missing' && ignored.length === 0 ? `: add a column ${label} holding the value those runs had (the program's default), or --skip-misfits to leave such rows out` : '';
    throw new SpaceError(`${reason}${columns}${addColumn}`, where(label));
  }
  const valueField = Object.hasOwn(record.fields, options.metric) ? options.metric : 'value';
  const value = resultOf(record.fields[valueField], where, valueField);
  const stateColumn = STATE_COLUMNS.find((column) => !labels.includes(column) && record.fields[column] !== undefined && record.fields[column] !== '');
  const state = stateColumn === undefined ? undefined : record.fields[stateColumn];
  return { config, value, state: state === undefined || state === null || state === '' ? null : String(state), line: record.line, ignored };
}

/** The labels a partial configuration leaves to the optimizer (active but missing). */
export function missingLabels(space: Space, config: Config): string[] {
  return validateConfig(space, config)
    .filter((problem) => problem.endsWith(': missing'))
    .map((problem) => problem.slice(0, -': missing'.length));
}
