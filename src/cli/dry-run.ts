import { join, resolve } from 'node:path';
import { gridSize, nextTrialId, propose, type Sampler } from '../engine/index.js';
import { completeQueued, metricFilePath, proposeOptionsOf, type RunSettings } from '../loop/index.js';
import { buildInvocation, configCopyName, describeMetricPattern, envName, formatValue, paramsFileText, threadsField, unplacedLabels, type MetricStream } from '../runner/index.js';
import { formatParams } from '../report/format.js';
import { floatLabels, spaceAdvice } from '../space/index.js';
import type { Objective, Space } from '../space/types.js';
import { averagedCount } from '../util/objective.js';
import { hasTrialTarget, type TrialRecord } from '../study/types.js';
import { quoteArg } from './shell-words.js';
import { placeholderNotes } from './placeholder-notes.js';
import { trialFilesIn } from './trial-command.js';
import type { DryRunStart } from './dry-run-start.js';
import { atBudgetText, limitsText, stopRuleLimits } from './run-flags.js';
import { DEFAULT_DIR } from './study-store.js';

const SHOWN_CONFIGURATIONS = 3;

const ALGO_TEXT: Record<RunSettings['algo'], string> = {
  auto: 'Sampler: start-up trials first, then per trial the Gaussian process while the space suits it, else TPE.',
  gp: 'Sampler: start-up trials first, then the Gaussian process.',
  tpe: 'Sampler: start-up trials first, then TPE.',
  random: 'Sampler: random search, every trial drawn from the space.',
  grid: 'Sampler: grid search, every point of the grid in turn.',
  hyperopt: "Sampler: hyperopt's TPE (20 random start-up trials, then its tpe.suggest).",
};

const SAMPLER_TEXT: Record<Sampler, string> = {
  startup: 'start-up sampler, space-filling',
  gp: 'proposed by the Gaussian process',
  tpe: 'proposed by TPE',
  random: 'random sampler',
  grid: 'grid sampler',
};

/**
 * What the first trials would get, without running anything: the exact argv and the environment
 * hypertune adds for the first, and the parameters of the next few.
 */
export function formatDryRun(
  space: Space,
  command: readonly string[],
  /** What the run goes on from (dry-run-start.ts). */
  start: DryRunStart,
  study: string,
  /**
   * `seedGiven`: --seed (an existing study's seed is its own too); `dir`: --dir, where the trials' folders
   * would be; `cwd`: where the trials would run (a resume: the study's start folder), this folder by default.
   */
  { seedGiven, dir, cwd = process.cwd() }: { seedGiven: boolean; dir: string | undefined; cwd?: string },
): string {
  const settings = start.settings;
  // the journal's folder, or this machine's with --storage: a path, nothing made
  const trialsRoot = join(resolve(dir ?? DEFAULT_DIR), study, 'trials');
  const limits = `${limitsText(start.target, settings.timeBudgetS)}${atBudgetText(settings)}${stopRuleLimits(settings)}`;
  const lines = [
    `Dry run of study ${study}: nothing is run and nothing is stored.`,
    `${settings.goal} ${settings.metric} over ${limits}, --algo ${settings.algo}, seed ${settings.seed}${seedGiven || start.existing ? '' : ' (random; pass --seed to repeat it)'}`,
    ALGO_TEXT[settings.algo],
    ...start.intro,
  ];
  if (settings.algo === 'grid') lines.push(`The grid has ${gridSize(space)} points; --trials ${gridSize(space)} tries them all.`);
  const labels = space.nodes.map((node) => node.label);
  const floats = floatLabels(space);
  // as the run asks: interrupted trials again, then queued configurations, then proposals
  const history = start.history.slice();
  const reruns = start.reruns.slice();
  // no more than the target leaves to run (at least one, for its argv): trial 32 of a target of 32 was shown
  const finished = history.filter((t) => t.state === 'complete' || t.state === 'failed' || t.state === 'pruned').length;
  const left = hasTrialTarget(start.target) ? start.target - finished : Infinity;
  const shownCount = Math.max(1, Math.min(SHOWN_CONFIGURATIONS, left));
  for (let shown = 0; shown < shownCount; shown++) {
    const rerun = reruns.shift();
    const queued = history.findIndex((t) => t.state === 'queued');
    const trialId = rerun !== undefined || queued < 0 ? nextTrialId(history) : (history[queued]?.id ?? 0);
    const given = queued < 0 ? undefined : history[queued]?.params;
    // sampler null: a configuration given, filled in as the run claims it
    const proposal =
      rerun !== undefined ? { params: rerun.params, sampler: null } : given !== undefined ? { params: completeQueued(space, history, trialId, settings, start.target, given), sampler: null } : propose(space, history, trialId, proposeOptionsOf(settings, start.target));
    if (proposal === null) {
      lines.push('', '(the grid has no point left)');
      break;
    }
    // later proposals see the earlier ones as running, as they would in a parallel study
    const record: TrialRecord = { id: trialId, params: proposal.params, state: 'running', value: null };
    if (rerun === undefined && queued >= 0) history[queued] = record;
    else history.push(record);
    // the trial's folder is made when it runs; a dry run names it without creating it
    const trialDir = join(trialsRoot, String(trialId));
    const launch = {
      command: [...command],
      params: proposal.params,
      labels,
      floats,
      trialId,
      study,
      pass: settings.pass,
      trialDir,
      ...trialFilesIn(trialDir, settings),
      ...threadsField(settings.parallel),
    };
    const invocation = buildInvocation(launch, process.env);
    const by = rerun !== undefined ? `a re-run of interrupted trial ${rerun.id}` : proposal.sampler === null ? start.queuedBy : SAMPLER_TEXT[proposal.sampler];
    // the target met: the one shown is for its argv only (a re-audit)
    lines.push('', `trial ${trialId} (${by}${left <= 0 ? '; not run: the target is met' : ''}): ${formatParams(proposal.params) || '(no parameters)'}`);
    lines.push(`  argv: ${JSON.stringify([invocation.file, ...invocation.args])}`);
    // a later proposal sees the ones before it as running; once their results are in it differs (a user audit)
    if (shown === 1 && proposal.sampler !== null && proposal.sampler !== 'startup') lines.push('  (proposed while the trials before it run: with their results in, the run proposes otherwise)');
    if (shown > 0) continue;
    lines.push('  environment added:');
    for (const [name, value] of Object.entries(invocation.env)) lines.push(`    ${name}=${value}`);
    if (settings.gpus.length > 0) lines.push(`    CUDA_VISIBLE_DEVICES=${settings.gpus[0] ?? ''} (one free ${settings.gpus[0]?.includes(',') === true ? 'group' : 'id'} of --gpus per running trial)`);
    if (settings.pass === 'json-file') lines.push(`  params.json: ${paramsFileText(proposal.params, floats).replace(/\s*\n\s*/g, ' ').trim()}`);
    if (settings.configFile !== null) lines.push(`  ${configCopyName(settings.configFile)}: a copy of ${settings.configFile} with ${Object.entries(proposal.params).map(([label, value]) => `${label}: ${formatValue(value, floats.includes(label))}`).join(', ') || 'no parameter'}`);
    if (settings.cwdMode === 'trial') lines.push('  runs in its trial folder (--cwd trial)');
    // where this trial's metric file would be looked for, placeholders filled in (wildcards stay)
    if (settings.metricFile) lines.push(`  metric file: ${metricFilePath(settings.metricFile, settings.cwdMode === 'trial' ? trialDir : cwd, launch).path}`);
  }
  if (left > shownCount && Number.isFinite(left)) lines.push('', `... and ${left - shownCount} more trial${left - shownCount === 1 ? '' : 's'} to the target`);
  lines.push(
    '',
    `The result is read from ${settings.metricFile ? `the file ${settings.metricFile} as the program writes it` : streamText(settings.metricStream)}: ${describeMetricPattern(settings.metric, settings.pattern)}, ${reportedText(settings.objective)}.`,
    settings.metricFile ? `Check a saved file with: hypertune parse ${parseFlags(settings)} <the file>` : `Check a saved log with: hypertune parse ${parseFlags(settings)}${settings.metricStream === 'stdout' ? '' : ` --metric-stream ${settings.metricStream}`} < train.log`,
  );
  // check names them; the dry run, where a misspelt one would be seen before a long study, did not
  if (settings.extraMetrics.length > 0) lines.push(`Also recorded, read the same way, never optimized: ${settings.extraMetrics.join(', ')} (each one's value with the result: its last, or the chosen epoch's under objective min or max).`);
  if (settings.prune.name !== 'none') {
    lines.push(
      `Pruning: ${settings.prune.name}; each value is judged at its step (its ordinal, or the N of "epoch N" / "step N" / "iteration N" on its line),`,
      'and a stopped trial gets SIGTERM, then SIGKILL after --kill-grace (docs/pruning.md).',
    );
  }
  for (const note of [...spaceAdvice(space), ...placeholderAdvice(space, command)]) lines.push(`Note: ${note}`);
  return `${lines.join('\n')}\n`;
}

/**
 * What a run says of how parameters reach the command: with `{label}` placeholders no flags are added,
 * so some reach it only by environment; and two labels that share an `HP_` name (`a.b`, `a_b`).
 */
export function placeholderAdvice(space: Space, command: readonly string[]): string[] {
  const labels = space.nodes.map((node) => node.label);
  const notes: string[] = [];
  const unplaced = unplacedLabels(command, labels);
  if (unplaced.length > 0) {
    const env = [...new Set(unplaced.map(envName))].join(', ');
    notes.push(`the command has {placeholders} for some parameters, so no flags are added: ${unplaced.join(', ')} ${unplaced.length === 1 ? 'reaches' : 'reach'} it only through the environment (${env}, HYPERTUNE_PARAMS)`);
  }
  return [...notes, ...placeholderNotes(space, command), ...sharedEnvNotes(labels)];
}

/** Two labels that share an `HP_` name (`a.b`, `a_b`): the variable holds one of them. */
export function sharedEnvNotes(labels: readonly string[]): string[] {
  const byName = new Map<string, string[]>();
  for (const label of labels) byName.set(envName(label), [...(byName.get(envName(label)) ?? []), label]);
  return [...byName]
    .filter(([, same]) => same.length > 1)
    .map(([name, same]) => `${same.join(' and ')} share the environment variable ${name}, which holds one of them; read them from flags or HYPERTUNE_PARAMS`);
}

/** Which value is the result, as the dry run says it: `the last value reported`, `the mean of the last 5 values reported`. */
function reportedText(objective: Objective): string {
  const k = averagedCount(objective);
  return k === null ? `the ${objective} value reported` : `the mean of the last ${k} values reported (of all, when fewer)`;
}

function streamText(stream: MetricStream): string {
  return stream === 'both' ? 'stdout and stderr, in the order lines arrive' : stream;
}

/** The metric, pattern and objective as `parse` takes them, quoted for the shell (the pattern was left out; a user audit). */
function parseFlags(settings: RunSettings): string {
  const words = ['--metric', quoteArg(settings.metric)];
  if (settings.pattern !== null) words.push('--pattern', quoteArg(settings.pattern));
  if (settings.objective !== 'last') words.push('--objective', settings.objective);
  return words.join(' ');
}
