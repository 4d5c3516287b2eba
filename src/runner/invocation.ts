import { UsageError } from '../errors.js';
import type { Config } from '../study/types.js';
import { fillShellScript, shellScriptAt } from './shell-script.js';
import { namesIn, scriptWithoutInactive, withoutInactive } from './inactive-words.js';
import { floatJson, floatLabelsAt } from '../util/float-json.js';
import type { TrialLaunch } from './types.js';
import { threadsChosen } from './threads.js';

export interface Invocation {
  /** The program to start (the command's first word, placeholders filled in). */
  file: string;
  args: string[];
  /** Only the variables hypertune adds; runTrial lays them over the tuner's own environment. */
  env: Record<string, string>;
}

type ParamValue = Config[string];

/** `HP_<LABEL>`: upper-cased, anything outside [A-Z0-9_] becomes `_`. */
export function envName(label: string): string {
  return `HP_${label.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}`;
}

/**
 * The text a program receives for a value. Numbers use String(n), the shortest form that
 * reads back to the same double in JS and Python (`1e-7`, `0.001`, `300`); null is `null`.
 */
export function formatValue(value: ParamValue, float = false): string {
  if (value === null) return 'null';
  // a float parameter's whole value (quniform(0.5, 2, 0.5) at 1) stays a float for the program's parser
  if (float && typeof value === 'number' && Number.isInteger(value) && Math.abs(value) < 1e21) return `${String(value)}.0`;
  // argparse takes `-5.5e-7` for an option (its negative-number pattern has no exponent): write it out
  if (typeof value === 'number' && value < 0 && String(value).includes('e')) return `-${plainDecimal(String(-value))}`;
  return String(value);
}

/** `5.5e-7` as `0.00000055`, `1e+21` as `1000000000000000000000`: the same digits, no exponent. */
function plainDecimal(text: string): string {
  const [mantissa = '', exponent = '0'] = text.split('e');
  const [whole = '', fraction = ''] = mantissa.split('.');
  const digits = whole + fraction;
  const point = whole.length + Number(exponent);
  if (point <= 0) return `0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return digits + '0'.repeat(point - digits.length);
  return `${digits.slice(0, point)}.${digits.slice(point)}`;
}

const PLACEHOLDER = /\{([^{}\s]+)\}/g;

type LaunchFields = 'command' | 'params' | 'labels' | 'floats' | 'trialId' | 'study' | 'pass' | 'env' | 'trialDir' | 'paramsFile' | 'configFile' | 'threads';

/** A parameter's value as the program receives it in a word or variable (formatValue, floats kept floats). */
function valueText(launch: Pick<TrialLaunch, 'floats'>, label: string, value: ParamValue): string {
  return formatValue(value, launch.floats?.includes(label) === true);
}

/** What a `{name}` in the command may refer to: the active params, then trial_id, study, trial_dir, params_file, config_file. */
function placeholderValues(launch: Pick<TrialLaunch, LaunchFields>): Map<string, string> {
  const values = new Map<string, string>([
    ['trial_id', String(launch.trialId)],
    ['study', launch.study],
  ]);
  if (launch.trialDir !== undefined) values.set('trial_dir', launch.trialDir);
  if (launch.paramsFile !== undefined) values.set('params_file', launch.paramsFile);
  if (launch.configFile !== undefined) values.set('config_file', launch.configFile);
  for (const [label, value] of Object.entries(launch.params)) values.set(label, valueText(launch, label, value));
  return values;
}

/**
 * `text` with its `{trial_dir}`, `{trial_id}`, `{study}`, `{params_file}` and `{label}` filled in, as a
 * command word's are; each value passed through `escape` first (a wildcard path escapes its own).
 */
export function fillPlaceholders(text: string, launch: Pick<TrialLaunch, LaunchFields>, escape: (value: string) => string = (value) => value): string {
  const values = new Map([...placeholderValues(launch)].map(([name, value]) => [name, escape(value)]));
  return substitute(text, values);
}

/** True when some word of the command holds `{label}` for one of `labels`. */
export function hasParamPlaceholders(command: readonly string[], labels: readonly string[]): boolean {
  return command.some((word) => namesIn(word).some((name) => labels.includes(name)));
}

/**
 * With `{label}` placeholders no flags are added: the parameters the command names nowhere reach the
 * program only through its environment. Empty when the command names none (flags carry them all).
 */
export function unplacedLabels(command: readonly string[], labels: readonly string[]): string[] {
  if (!hasParamPlaceholders(command, labels)) return [];
  const named = new Set(command.flatMap(namesIn));
  return labels.filter((label) => !named.has(label));
}


function substitute(word: string, values: Map<string, string>): string {
  // Unknown names stay as written: a command may carry literal braces (JSON, shell-free globs).
  return word.replace(PLACEHOLDER, (whole, name: string) => values.get(name) ?? whole);
}

/**
 * The exact argv and added environment for one trial. Pure: the same launch (and the same
 * `inherited`, the tuner's environment the program also gets) gives the same invocation, which is
 * what `run --dry-run` prints.
 */
export function buildInvocation(launch: Pick<TrialLaunch, LaunchFields>, inherited: Readonly<Record<string, string | undefined>> = {}): Invocation {
  const [first, ...rest] = launch.command;
  if (first === undefined || first === '') {
    throw new UsageError('no command to run: give it after `--`, e.g. `hypertune run space.yaml -- python train.py`');
  }
  const values = placeholderValues(launch);
  const labels = launch.labels ?? Object.keys(launch.params);
  // a null option is left out as an absent parameter is, but as Hydra's key=null (a user audit: `--heads {heads}` passed "null")
  const inactive = new Set(labels.filter((label) => !Object.hasOwn(launch.params, label) || (launch.params[label] === null && launch.pass !== 'args')));
  const file = substitute(first, values);
  // a shell's script is words of its own: a placeholder left out there takes its word, not the script (a re-audit)
  const script = shellScriptAt(first, rest);
  const SCRIPT = '\u0000script';
  const kept = withoutInactive(rest.map((word, i) => (i === script ? SCRIPT : word)), inactive);
  const scriptText = script < 0 ? '' : scriptWithoutInactive(rest[script] ?? '', inactive);
  // a value placed in a shell's script is shell-quoted for where it stands: `sh -c 'python t.py --name {name}'` split
  // "two words" in two, failed on it's, and ran $(...) (a user audit); argument words need no quoting
  const args = kept
    .map((word) => (word === SCRIPT ? fillShellScript(scriptText, values) : substitute(word, values)))
    // a word that is one placeholder of an empty option is no word: `choice("--use_bn", "")` gives a bare switch or nothing
    .filter((word, i) => !(word === '' && /^\{[^{}\s]+\}$/.test(kept[i] ?? '')));
  // one word per parameter: a value with spaces or quotes reaches the program as it is, no shell between
  const switches = launch.pass === 'switches' || launch.pass === 'switch-pairs';
  const prefix = launch.pass === 'flags' || switches ? '--' : launch.pass === 'args' ? '' : null;
  if (prefix !== null && !hasParamPlaceholders(launch.command, labels)) {
    for (const [label, value] of Object.entries(launch.params)) {
      // a switch (argparse's store_true, click's is_flag) takes no value: present when true, absent when
      // false; a pair (argparse's BooleanOptionalAction, click's --x/--no-x) is --no-label when false
      // a null option leaves its flag out, so the program's own default (argparse's None) applies: hyperopt's
      // hp.choice('heads', [None, 4, 8]) failed every None trial on a typed flag (a user audit); Hydra's key=null stays
      if (value === null && prefix === '--') continue;
      if (switches && typeof value === 'boolean') {
        if (value) args.push(`--${label}`);
        else if (launch.pass === 'switch-pairs') args.push(`--no-${label}`);
      } else args.push(`${prefix}${label}=${valueText(launch, label, value)}`);
    }
  }
  if ((launch.pass === 'json-file' && launch.paramsFile === undefined) || (launch.pass === 'config-file' && launch.configFile === undefined)) {
    throw new UsageError(`--pass ${launch.pass} needs a file for the parameters, and this trial has none`);
  }
  return { file, args, env: trialEnv(launch, inherited) };
}

function trialEnv(launch: Pick<TrialLaunch, LaunchFields>, inherited: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const env: Record<string, string> = {
    HYPERTUNE_PARAMS: floatJson(launch.params, floatLabelsAt(launch.floats ?? [])),
    HYPERTUNE_TRIAL_ID: String(launch.trialId),
    HYPERTUNE_STUDY: launch.study,
  };
  // Python block-buffers stdout into a pipe: a script that prints each epoch without flush=True would
  // hand over its lines only at exit, too late for pruning, live values and heartbeats. Unless the
  // user's environment says otherwise, its output comes line by line. Set but empty is unset to Python
  // (PYTHONUNBUFFERED= in a container's env file left every run buffered; a user audit).
  if ((inherited['PYTHONUNBUFFERED'] ?? '') === '') env['PYTHONUNBUFFERED'] = '1';
  // trials side by side share the cores (threads.ts), unless the user's environment chose a count
  if (launch.threads !== undefined && !threadsChosen(inherited)) env['OMP_NUM_THREADS'] = String(launch.threads);
  if (launch.trialDir !== undefined) env['HYPERTUNE_TRIAL_DIR'] = launch.trialDir;
  // W&B groups a study's runs and names each after its trial, where the program's wandb.init() says
  // neither, as Ray Tune's W&B callback does; the user's own variables win (set, even empty)
  if (inherited['WANDB_RUN_GROUP'] === undefined) env['WANDB_RUN_GROUP'] = launch.study;
  if (inherited['WANDB_NAME'] === undefined) env['WANDB_NAME'] = `${launch.study}-trial-${launch.trialId}`;
  if (launch.paramsFile !== undefined) env['HYPERTUNE_PARAMS_FILE'] = launch.paramsFile;
  if (launch.configFile !== undefined) env['HYPERTUNE_CONFIG_FILE'] = launch.configFile;
  for (const [label, value] of Object.entries(launch.params)) env[envName(label)] = valueText(launch, label, value);
  return { ...env, ...launch.env };
}
