import Table from 'cli-table3';
import type { Command } from 'commander';
import { formatParamValue, shortened, shortList } from '../../report/format.js';
import { describeMetricPattern } from '../../runner/index.js';
import { floatLabels, loadSpace, PRUNE_KEYS, spaceAdvice, writtenArguments } from '../../space/index.js';
import type { ChoiceNode, ParamNode, ParamValue, Space, SpaceOrigin } from '../../space/types.js';
import { sharedEnvNotes } from '../dry-run.js';
import { originRunLine } from '../sweep-command.js';
import type { Output } from '../output.js';
import { formatDuration } from '../../util/duration.js';
import { objectiveText } from '../../util/objective.js';

export function registerCheck(program: Command, output: Output): void {
  program
    .command('check')
    .summary('validate a space file and show its parameters')
    .description(
      'Compile a search-space YAML file and print every parameter (family, arguments, the condition under which it exists, the type of value the program receives) and the study settings. Exit 2 with `file:line:col: label: reason` on the first mistake.',
    )
    .argument('<space>', 'search-space YAML file')
    .addHelpText('after', '\nExample:\n  $ hypertune check spaces/neural-network.yaml\n')
    .action(async (spaceFile: string) => {
      const space = await loadSpace(spaceFile);
      output.out(formatSpaceCheck(space, spaceFile, output.color));
    });
}

/** The parameter table and the settings lines `check` prints. */
function formatSpaceCheck(space: Space, file: string, color: boolean): string {
  const table = new Table({
    head: ['label', 'family', 'arguments', 'condition', 'type'],
    style: color ? { head: ['cyan'], border: ['grey'] } : { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const node of space.nodes) {
    const floats = floatLabels(space).includes(node.label);
    table.push([node.label, familyOf(node), argumentsOf(node, space, floats), conditionOf(node, space), valueType(node, floats)]);
  }
  const tuned = space.nodes.filter((node) => node.kind !== 'constant');
  const conditional = tuned.filter((node) => node.condition !== null).length;
  const constants = space.nodes.length - tuned.length;
  const lines = [
    `${file}: ${tuned.length} parameter${tuned.length === 1 ? '' : 's'} (${conditional} conditional), ${constants} constant${constants === 1 ? '' : 's'}`,
    table.toString(),
    `metric:    ${space.metric}`,
    `goal:      ${space.goal}`,
    `trials:    ${space.trials !== null ? String(space.trials) : space.timeBudgetS !== null ? 'not set: the time budget alone ends the study (run --trials)' : 'not set (run --trials, or the default)'}`,
    `objective: ${space.objective} (which reported value is the trial's result${space.objective.startsWith('last-') ? `: ${objectiveText(space.objective)}` : ''})`,
    `pattern:   ${space.pattern === null ? `none: reads ${describeMetricPattern(space.metric, null)}` : `/${space.pattern}/`}`,
  ];
  if (space.extraMetrics.length > 0) lines.push(`extra:     ${space.extraMetrics.join(', ')} (recorded beside the metric, each as printed with the result; never optimized)`);
  if (space.metricFile !== null) lines.push(`file:      ${space.metricFile} (where the metric is read, as the program writes it)`);
  else if (space.metricStream !== 'stdout') lines.push(`stream:    ${space.metricStream} (where the metric is read)`);
  // time_budget:, at_budget: and start: were read and never shown (a docs audit: check names the study settings)
  if (space.timeBudgetS !== null) lines.push(`budget:    ${formatDuration(space.timeBudgetS)} of trial time, running trials then ${space.atBudget === 'stop' ? 'stopped (at_budget: stop)' : 'left to finish'} (run's default; --time-budget and --at-budget override it)`);
  if (space.start.length > 0) lines.push(`start:     ${space.start.length} configuration${space.start.length === 1 ? '' : 's'} to try first, queued when the study is made`);
  if (space.algo !== null) lines.push(`algo:      ${space.algo} (run's default sampler; --algo overrides it)`);
  const prune = pruneText(space);
  if (prune !== null) lines.push(`prune:     ${prune} (run's default; --prune and its flags override it)`);
  // as the file writes the keys
  const stop = Object.entries({ at: space.stop.at, patience: space.stop.patience, min_delta: space.stop.minDelta })
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key} ${value}`);
  if (stop.length > 0) lines.push(`stop:      ${stop.join(', ')} (the study stops before its target then; --stop-at, --patience, --min-delta override it)`);
  if (space.grid !== null) lines.push(`grid:      ${space.grid} points per continuous parameter under --algo grid`);
  if (space.origin !== undefined) {
    const { read, runs } = ORIGINS[space.origin.format];
    const line = originRunLine(file, space.origin);
    lines.push(`sweep:     ${read}${line === null ? '' : `; ${runs}: ${line}`}`);
  }
  for (const note of [...spaceAdvice(space), ...sharedEnvNotes(space.nodes.map((node) => node.label))]) lines.push(`note: ${note}`);
  // run refuses it without a budget from somewhere: say so here, where the file is all there is
  if (space.atBudget === 'stop' && space.timeBudgetS === null) lines.push('note: at_budget: stop needs a time budget: give time_budget: here, or --time-budget to run');
  return `${lines.join('\n')}\n`;
}

/** How `check` names another tool's file, and the command its file names. */
const ORIGINS: Record<SpaceOrigin['format'], { read: string; runs: string }> = {
  wandb: { read: 'read as a W&B sweep configuration (docs/space.md, "W&B sweep files")', runs: 'its program runs with' },
  katib: { read: 'read as a Katib Experiment (docs/space.md, "Katib experiments")', runs: "its trial container's command runs with" },
  hydra: { read: 'read from hydra.sweeper.params (docs/space.md, "Hydra sweeper configs"); run passes them as Hydra overrides, key=value (--pass args)', runs: '' },
};

/** The file's pruning settings as it writes them (`asha, min_steps 1, max_steps 5`); null when it gives none. */
function pruneText(space: Space): string | null {
  const { name } = space.prune;
  const given = Object.entries(PRUNE_KEYS).flatMap(([key, field]) => (field === 'name' || space.prune[field] === undefined ? [] : [`${key} ${space.prune[field]}`]));
  if (name === undefined && given.length === 0) return null;
  return [name ?? 'none', ...given].join(', ');
}

function familyOf(node: ParamNode): string {
  if (node.kind === 'constant') return 'constant';
  if (node.kind === 'numeric' && node.grid !== null) return `${node.family} (grid ${node.grid})`;
  return node.family;
}

// A cell of the table: a choice of 300 options, or of 2 KB strings, padded every row to thousands of
// columns; the file itself has them whole
const ARGUMENTS_WIDTH = 72;
const VALUE_WIDTH = 40;

/** The arguments as the file writes them (`1e-5`, not `0.00001`), else as normalised; cut to the cell. */
function argumentsOf(node: ParamNode, space: Space, floats: boolean): string {
  if (node.kind === 'constant') return shortened(node.float === true && Number.isInteger(node.value) ? `${String(node.value)}.0` : formatParamValue(node.value), ARGUMENTS_WIDTH);
  if (node.kind === 'choice') return choiceArguments(node, floats);
  return shortened(writtenArguments(node, space), ARGUMENTS_WIDTH);
}

/** `a, b, c, ... (300 options)`, each option cut to VALUE_WIDTH. */
function choiceArguments(node: ChoiceNode, floats: boolean): string {
  const options = node.options.map((option, i) => {
    // a whole number written as a float (`2.0`), passed so: shown as written, not as `2`
    const text = floats && option.float === true && Number.isInteger(option.value) ? `${String(option.value)}.0` : formatParamValue(option.value);
    const value = shortened(option.value === null ? 'null' : readsAsOther(option.value) ? JSON.stringify(option.value) : text, VALUE_WIDTH);
    // rescaled probabilities (0.3333 x 3 sum to 0.9999) shown to 4 digits: at 16 the third option no longer fit (a user audit)
    return node.family === 'pchoice' ? `${value} (p ${Number((node.probabilities[i] ?? 0).toPrecision(4))})` : value;
  });
  return shortList(options, ARGUMENTS_WIDTH, Infinity, 'options');
}

/** A string option that would look like two options, a number, a boolean or null when shown bare: quoted. */
function readsAsOther(value: unknown): boolean {
  return typeof value === 'string' && (/[,"]|^\s|\s$|^$/.test(value) || /^(true|false|null|[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?)$/i.test(value));
}

function conditionOf(node: ParamNode, space: Space): string {
  if (node.condition === null) return '';
  const { parent, option } = node.condition;
  const choice = space.nodes.find((candidate) => candidate.label === parent);
  const value = choice?.kind === 'choice' ? choice.options[option]?.value : undefined;
  return `${parent} = ${value === undefined ? `option ${option + 1}` : value === null ? 'null' : shortened(formatParamValue(value), VALUE_WIDTH)}`;
}

function typeOfValue(value: ParamValue): string {
  if (value === null) return 'null';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'float';
  return typeof value;
}

/** float, integer, string, boolean, or mixed when a choice's options differ in type. */
function valueType(node: ParamNode, floats: boolean): string {
  // the values drawn, bounds included: randint(8, 128) stops at 127, uniformint(1, 4) at 4 (a user audit: Optuna's bounds are both in)
  if (node.kind === 'numeric' && (node.family === 'randint' || node.family === 'uniformint')) return `integer ${node.low}..${node.high}`;
  if (node.kind === 'numeric') return node.integer ? 'integer' : 'float';
  if (node.kind === 'constant') return node.float === true ? 'float' : typeOfValue(node.value);
  const types = new Set(node.options.map((option) => typeOfValue(option.value)));
  // choice(1.0, 2.0) passes 1.0 and 2.0 (floatLabels): a float, as the program receives it (it said integer);
  // choice(sqrt, 1.0) is still of mixed types
  if (floats && [...types].every((type) => type === 'integer' || type === 'float')) return 'float';
  if (types.size === 2 && types.has('integer') && types.has('float')) return 'float';
  return types.size === 1 ? [...types][0] ?? 'mixed' : 'mixed';
}
