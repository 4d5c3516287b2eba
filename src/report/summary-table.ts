import Table from 'cli-table3';
import { formatDuration, formatParamValue, formatParams, formatValue, objectiveNote, shortened, shortList, trialsOfTarget } from './format.js';
import { sparkline } from './sparkline.js';
import { timeLeftS } from './time-left.js';
import { crashesRunAgain } from '../study/history.js';
import { latestValueText, silenceText } from './running-trial.js';
import { extraColumnName } from './extra-metric-names.js';
import { repeatedConfigs, repeatsLines } from './repeats.js';
import { pruneCheckLines, summaryPruneCheck } from './prune-check.js';
import { rankTrials, samplerCounts, type StudySummary, type TrialSummary } from './summary.js';

export interface TableOptions {
  top: number;
  color: boolean;
  /** Epoch ms the running trials' ages are measured to (default: now). */
  now?: number;
  /** Interrupted trials not run again yet (Ctrl-C, a tuner gone), and the command that goes on with the study. */
  rerun?: { ids: readonly number[]; resume: string };
  /** Running trials whose tuner is known to be gone: no pace is given for them. */
  gone?: ReadonlySet<number>;
}

/** Above this many parameters the table shows them in one column instead of one column each. */
const MAX_PARAM_COLUMNS = 6;

// A value's cell, and the one column of many parameters: 200 parameters made rows of 3,000 columns,
// 2 KB options six columns of 80; `--format json` and `csv` have every value whole
const CELL_VALUE = 40;
const PARAMS_WIDTH = 200;

/** The human summary: best trials, counts, best parameters, start-up trials, best-so-far curve. */
export function formatSummaryTable(summary: StudySummary, options: TableOptions): string {
  const lines: string[] = [headline(summary, options.now ?? Date.now(), options.gone), ''];
  const ranked = rankTrials(summary, options.top);
  if (ranked.length === 0) {
    lines.push('No complete trial yet.');
  } else {
    lines.push(`Best ${ranked.length} of ${summary.counts.complete} complete trials`);
    lines.push(bestTable(summary, ranked, options.color));
    const startup = summary.trials.filter((trial) => trial.startup).map((trial) => trial.id);
    if (startup.length > 0) {
      // the TPE's periodic look at the whole space (docs/tpe.md) is drawn the same way, late in a study too
      lines.push(`* start-up trial (drawn without a model: the first trials, space-filling, or random for --algo hyperopt; and in small spaces the TPE's regular look at the whole space): ${idRanges(startup)}`);
    }
  }
  const proposed = samplerCounts(summary.trials);
  // the algorithm beside the samplers: a hyperopt study's model trials are `tpe`, hyperopt's own (a user audit)
  const algo = summary.algo === null ? '' : ` (--algo ${summary.algo}${summary.seed === null ? '' : ` --seed ${summary.seed}`})`;
  if (proposed.length > 0) lines.push(`Proposed by${algo}: ${proposed.map(({ sampler, count }) => `${sampler} ${count}`).join(', ')}`);
  if (summary.best !== null) {
    lines.push('', `Best parameters (trial ${summary.best.id}, ${summary.metric} ${formatValue(summary.best.value)}):`);
    // every digit: these are copied to run the best again (a user audit: 29756391647.6 showed as 29756400000)
    for (const [label, value] of Object.entries(summary.best.params)) lines.push(`  ${label}: ${typeof value === 'number' ? String(value) : formatParamValue(value)}`);
  }
  lines.push(...repeatsLines(repeatedConfigs(summary.trials, summary.goal), summary.best?.id ?? null, summary.metric));
  if (summary.bestSoFar.length > 1) {
    const first = summary.bestSoFar[0] ?? Number.NaN;
    const last = summary.bestSoFar[summary.bestSoFar.length - 1] ?? Number.NaN;
    lines.push(
      '',
      `Best so far: ${sparkline(summary.bestSoFar)}  ${formatValue(first)} -> ${formatValue(last)} over ${summary.bestSoFar.length} complete trials`,
    );
  }
  const pruned = prunedLine(summary);
  if (pruned !== null) lines.push('', pruned, ...pruneCheckLines(summaryPruneCheck(summary), summary.metric));
  const running = summary.trials.filter((trial) => trial.runningSince !== null);
  if (running.length > 0) lines.push('', runningLine(running, summary.metric, options.now ?? Date.now()));
  // after Ctrl-C the counts said 3 interrupted and nothing of what becomes of them (a watcher's audit)
  const rerun = options.rerun;
  if (rerun !== undefined && rerun.ids.length > 0) {
    const again = running.length > 0 ? 'as the next trials' : `when the study goes on: ${rerun.resume}`;
    lines.push('', `Interrupted: trial${rerun.ids.length === 1 ? '' : 's'} ${idRanges(rerun.ids)}; ${rerun.ids.length === 1 ? 'it runs' : 'they run'} again first, with the same parameters, ${again}`);
  }
  // runs one after another (a run and its resumes, each a worker of its own) are no spread of work (a user audit)
  if (summary.workers.length > 1 && workersOverlap(summary.workers)) lines.push('', workersLine(summary));
  const lastFailure = [...summary.trials].reverse().find((trial) => trial.state === 'failed');
  if (lastFailure !== undefined) {
    lines.push('', `Last failure: trial ${lastFailure.id}: ${firstLine(lastFailure.error)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Whether two workers were at work at the same time. */
function workersOverlap(workers: StudySummary['workers']): boolean {
  const spans = [...workers].sort((a, b) => a.from - b.from);
  return spans.some((span, i) => i > 0 && span.from < Math.max(...spans.slice(0, i).map((earlier) => earlier.to)));
}

/** Shared studies: how the work spread over the workers (a slow or stuck machine shows here). */
function workersLine(summary: StudySummary): string {
  const shown = summary.workers.slice(0, MAX_WORKERS_SHOWN).map((w) => `${w.worker} ${w.finished}${w.running > 0 ? ` (+${w.running} running)` : ''}`);
  const more = summary.workers.length - shown.length;
  return `Workers: ${summary.workers.length}, trials finished by each: ${shown.join(', ')}${more > 0 ? `, and ${more} more` : ''}`;
}

const MAX_WORKERS_SHOWN = 8;

/**
 * Running trials, how long each has run and its latest value: a job asked hours ago and never told
 * shows here, and so does a worker gone silent (its trial is taken over once the heartbeat timeout passes).
 */
function runningLine(running: readonly TrialSummary[], metric: string, now: number): string {
  const lease = (t: TrialSummary): string => (t.leaseUntil === null ? '' : t.leaseUntil > now ? `, lease ends in ${formatDuration((t.leaseUntil - now) / 1000)}` : ', lease run out');
  const shown = running.slice(0, MAX_WORKERS_SHOWN).map((t) => `trial ${t.id} ${formatDuration(Math.max(0, now - (t.runningSince ?? now)) / 1000)}${latestValueText(metric, t)}${silenceText(t, now)}${t.worker === null ? '' : ` (${t.worker}${lease(t)})`}`);
  const more = running.length - shown.length;
  // one a line, under each other: with its latest value each, four trials on one line ran past 250 columns
  return `Running: ${[...shown, ...(more > 0 ? [`and ${more} more`] : [])].join(',\n         ')}`;
}

/** Where the pruned trials were stopped: how early the pruner gives up, and how much it saved. */
function prunedLine(summary: StudySummary): string | null {
  const steps = summary.trials.flatMap((trial) => (trial.state === 'pruned' && trial.stoppedAt !== null ? [trial.stoppedAt] : []));
  if (steps.length === 0) return null;
  const sorted = [...steps].sort((a, b) => a - b);
  const middle = (sorted.length - 1) / 2;
  const median = ((sorted[Math.floor(middle)] ?? 0) + (sorted[Math.ceil(middle)] ?? 0)) / 2;
  const full = Math.max(0, ...summary.trials.filter((trial) => trial.state === 'complete').map((trial) => trial.steps[trial.steps.length - 1] ?? 0));
  const of = full > 0 ? ` of ${full}` : '';
  return `Pruned: ${steps.length} trial${steps.length === 1 ? '' : 's'}, stopped at step ${sorted[0]}${sorted[sorted.length - 1] !== sorted[0] ? `-${sorted[sorted.length - 1]}` : ''}${of}${sorted[sorted.length - 1] !== sorted[0] ? ` (median ${median})` : ''}`;
}

function headline(summary: StudySummary, now: number, gone?: ReadonlySet<number>): string {
  const { complete, failed, pruned, running, interrupted, queued } = summary.counts;
  const finished = complete + failed + pruned;
  // crashes run again with their parameters (--retries): failed, but not the configurations' answers
  const rerun = crashesRunAgain(summary.trials);
  const left = timeLeftS(summary, now, gone);
  return (
    `Study ${summary.study}: ${summary.goal} ${summary.metric}${objectiveNote(summary.objective)}, ${trialsOfTarget(finished, summary.target)} finished ` +
    `(${complete} complete, ${failed} failed${rerun > 0 ? ` (${rerun} run again)` : ''}, ${pruned > 0 ? `${pruned} pruned, ` : ''}${running} running, ${interrupted} interrupted${queued > 0 ? `, ${queued} queued` : ''})` +
    `; trial time ${formatDuration(summary.trialTimeS)}${summary.timeBudgetS === null ? '' : ` of the ${formatDuration(summary.timeBudgetS)} budget`}` +
    (left === null ? '' : `; about ${formatDuration(left)} left at this pace`) +
    (summary.stoppedEarly === null ? '' : `\nStopped early: ${summary.stoppedEarly}`)
  );
}

function bestTable(summary: StudySummary, ranked: readonly TrialSummary[], color: boolean): string {
  const perLabel = summary.labels.length <= MAX_PARAM_COLUMNS;
  const others = ['trial', summary.metric, ...(perLabel ? summary.labels : ['parameters']), 'duration', 'sampler'];
  // an extra metric named as a parameter (the lr a scheduler printed last, beside the lr tuned) is extra.<name>, as in the CSV: two lr columns said nothing of which was which
  const extraHeads = summary.extraMetrics.map((name) => extraColumnName(name, others));
  const head = ['trial', summary.metric, ...extraHeads, ...(perLabel ? summary.labels : ['parameters']), 'duration', 'sampler'];
  const table = new Table({
    head,
    style: color ? { head: ['cyan'], border: ['grey'] } : { head: [], border: [] },
    // no rule between rows: a ranking reads as one block
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const trial of ranked) {
    const params = perLabel
      ? summary.labels.map((label) => {
          const value = trial.params[label];
          return value === undefined ? '' : shortened(formatParamValue(value), CELL_VALUE);
        })
      : [shortList(Object.entries(trial.params).map(([label, value]) => formatParams({ [label]: value }, CELL_VALUE)), PARAMS_WIDTH, Infinity, 'parameters', ' ')];
    const extras = summary.extraMetrics.map((name) => (trial.extras[name] === undefined ? '' : formatValue(trial.extras[name] ?? null)));
    table.push([`${trial.id}${trial.startup ? '*' : ''}`, formatValue(trial.value), ...extras, ...params, formatDuration(trial.durationS), trial.sampler ?? '–']);
  }
  return table.toString();
}

/** `0-9, 12, 15-16`. */
export function idRanges(ids: readonly number[]): string {
  const runs: Array<[number, number]> = [];
  for (const id of [...ids].sort((a, b) => a - b)) {
    const last = runs.at(-1);
    if (last !== undefined && id === last[1] + 1) last[1] = id;
    else runs.push([id, id]);
  }
  // single ids at a stride (the TPE's look at the whole space every 5th trial) as one stretch: 3,000
  // trials listed 600 ids on one line (a user audit)
  const parts: string[] = [];
  for (let i = 0; i < runs.length; ) {
    const [first, last] = runs[i] as [number, number];
    const stride = (runs[i + 1]?.[0] ?? first) - first;
    let j = i;
    while (stride > 1 && runs[j + 1] !== undefined && runs[j]?.[0] === runs[j]?.[1] && runs[j + 1]?.[0] === runs[j + 1]?.[1] && (runs[j + 1]?.[0] ?? 0) - (runs[j]?.[0] ?? 0) === stride) j += 1;
    if (first === last && j - i >= 3) {
      parts.push(`${first}-${runs[j]?.[0] ?? first} every ${ordinal(stride)}`);
      i = j + 1;
    } else {
      parts.push(first === last ? String(first) : `${first}-${last}`);
      i += 1;
    }
  }
  return parts.length <= 24 ? parts.join(', ') : `${parts.slice(0, 20).join(', ')}, ... (${ids.length} in all)`;
}

function firstLine(text: string | null): string {
  return (text ?? 'no reason recorded').split('\n')[0] ?? '';
}

function ordinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}
