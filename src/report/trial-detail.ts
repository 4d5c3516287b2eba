import { floatJson } from '../util/float-json.js';
import { underParams } from './summary-json.js';
import { formatDuration, formatParamValue, formatValue, signalField } from './format.js';
import { paint } from './paint.js';
import { sparkline } from './sparkline.js';
import { latestValueText, silenceText } from './running-trial.js';
import { objectiveText } from '../util/objective.js';
import { rankTrials, type StudySummary, type TrialSummary } from './summary.js';

/** What `hypertune show` knows of a trial beyond its summary: when it ran and how much output was kept. */
export interface TrialDetail {
  summary: StudySummary;
  trial: TrialSummary;
  askedAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  /** Kept output per stream ('' when none was kept). */
  stdout: string;
  stderr: string;
  /** The command line it was started with (`line`: shell-quoted), and where; absent for a trial no worker ran. */
  command?: { argv: string[]; line: string; cwd: string | null; env: Record<string, string> } | undefined;
  /** The study's clock now, epoch ms: how long a running trial has run (default: this machine's). */
  now?: number;
}

const SHOWN_VALUES = 12;

/** One trial as a page of text: state and rank, who proposed and ran it, parameters, its curve, its error. */
export function formatTrialDetail(detail: TrialDetail, color: boolean, where: string | null = ''): string {
  const { summary, trial } = detail;
  const lines = [paint(`trial ${trial.id} of study ${summary.study}: ${headline(summary, trial, detail.now ?? Date.now())}`, 'bold', color)];
  // a long metric name (`eval_accuracy`) keeps two spaces before its text
  const row = (name: string, text: string): void => void lines.push(`  ${name.length < 12 ? name.padEnd(12) : `${name}  `}${text}`);
  row('proposed by', `${trial.sampler ?? '–'}${trial.startup && trial.sampler !== 'startup' ? ' (start-up)' : ''}${trial.retryOf === null ? '' : `; a re-run of trial ${trial.retryOf}`}`);
  const rerun = summary.trials.find((other) => other.retryOf === trial.id);
  if (rerun !== undefined) row('run again', `as trial ${rerun.id} (${rerun.state})`);
  if (trial.worker !== null) row('worker', trial.worker);
  row('asked', clock(detail.askedAt));
  if (detail.startedAt !== null) row('started', clock(detail.startedAt));
  if (detail.finishedAt !== null) row('finished', `${clock(detail.finishedAt)} (ran ${formatDuration(trial.durationS)})`);
  if (trial.exitCode !== null) row('exit code', String(trial.exitCode));
  for (const [name, value] of Object.entries(trial.extras)) row(name, `${formatValue(value)} (printed with the result)`);
  lines.push('  parameters');
  const width = Math.max(0, ...Object.keys(trial.params).map((label) => label.length)) + 2;
  // every digit, as summary's best parameters: one trial's are copied to run it again (`show best`; a re-audit)
  for (const [label, value] of Object.entries(trial.params)) lines.push(`    ${label.padEnd(width)}${typeof value === 'number' ? String(value) : formatParamValue(value)}`);
  // what it was started with, to paste into a shell (to run it again by hand, or see why it failed)
  if (detail.command !== undefined) {
    row('command', detail.command.line);
    if (detail.command.cwd !== null) row('in folder', detail.command.cwd);
  }
  if (trial.intermediate.length > 0) {
    const first = trial.steps[0] ?? 1;
    const last = trial.steps[trial.steps.length - 1] ?? trial.intermediate.length;
    // one value is `1 value, step 5`, not `1 values, steps 5..5`
    const counted = trial.intermediate.length === 1 ? `1 value, step ${first}` : `${trial.intermediate.length} values, steps ${first}..${last}`;
    row(`${summary.metric}`, `${counted}  ${sparkline(trial.intermediate, 40)}`);
    const from = Math.max(0, trial.intermediate.length - SHOWN_VALUES);
    const shown = trial.intermediate.slice(from).map((value, i) => `${trial.steps[from + i] ?? from + i + 1}: ${formatValue(value)}`);
    lines.push(`    ${from > 0 ? '... ' : ''}${shown.join('  ')}`);
  }
  if (trial.error !== null) {
    lines.push('  error');
    for (const line of trial.error.split('\n')) lines.push(`    ${line}`);
  }
  lines.push(`  output      ${outputNote(detail, where)}`);
  return `${lines.join('\n')}\n`;
}

/** The kept output of both streams under headings, for `show --output`. */
export function formatKeptOutput(detail: TrialDetail, forTerminal = false): string {
  const block = (name: string, raw: string): string => {
    const text = forTerminal ? terminalSafe(raw) : raw;
    return `── ${name}${text === '' ? ' (nothing kept)' : ''}\n${text}${text === '' || text.endsWith('\n') ? '' : '\n'}`;
  };
  return block('stdout', detail.stdout) + block('stderr', detail.stderr);
}

/**
 * Kept output as a terminal may show it: colours (SGR, `ESC[...m`) stay, every other control sequence
 * and control byte but newline and tab goes. A trial that printed binary sent 142 k control bytes and
 * 4,984 escapes to the terminal of `show --output` (a user audit); `--stream` stays raw, for pipes.
 */
export function terminalSafe(text: string): string {
  return text.replace(/\u001b\[[0-9;]*m|\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-~])?|[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (match) => (/^\u001b\[[0-9;]*m$/.test(match) ? match : ''));
}

/** `show --json`: the summary's fields of the trial, its rank and times, and the kept output; `extra` after its parameters (show best --by model: `model`). */
export function trialDetailJson(detail: TrialDetail, extra: Record<string, unknown> = {}): string {
  const { trial } = detail;
  const finite = (value: number | null): number | null => (value !== null && Number.isFinite(value) ? value : null);
  const document = {
    study: detail.summary.study,
    metric: detail.summary.metric,
    goal: detail.summary.goal,
    objective: detail.summary.objective,
    id: trial.id,
    state: trial.state,
    value: finite(trial.value),
    rank: rankOf(detail.summary, trial),
    params: trial.params,
    ...(Object.keys(trial.extras).length === 0 ? {} : { extras: trial.extras }),
    ...extra,
    ...(detail.command === undefined ? {} : { argv: detail.command.argv, cwd: detail.command.cwd, ...(Object.keys(detail.command.env).length > 0 ? { env: detail.command.env } : {}) }),
    sampler: trial.sampler,
    startup: trial.startup,
    // re-runs both ways, as the text's lines: a script reading one trial could not tell (a user audit)
    ...(trial.retryOf === null ? {} : { retry_of: trial.retryOf }),
    ...rerunOf(detail),
    worker: trial.worker,
    asked_at: iso(detail.askedAt),
    started_at: detail.startedAt === null ? null : iso(detail.startedAt),
    finished_at: detail.finishedAt === null ? null : iso(detail.finishedAt),
    duration_s: trial.durationS === null ? null : Number(trial.durationS.toFixed(3)),
    // while it runs, as summary's JSON: how long so far, and how long its worker has been silent
    ...(trial.runningSince === null ? {} : { running_s: seconds((detail.now ?? Date.now()) - trial.runningSince) }),
    ...(trial.lastSignAt === null ? {} : { heartbeat_age_s: seconds((detail.now ?? Date.now()) - trial.lastSignAt) }),
    exit_code: trial.exitCode,
    ...signalField(trial.error),
    intermediate: trial.intermediate.map(finite),
    steps: trial.steps,
    stopped_at_step: trial.stoppedAt,
    error: trial.error,
    stdout: detail.stdout,
    stderr: detail.stderr,
  };
  return `${floatJson(document, underParams(detail.summary.floats), 2)}\n`;
}

function headline(summary: StudySummary, trial: TrialSummary, now: number): string {
  const value = `${summary.metric} ${formatValue(trial.value)}`;
  const rank = rankOf(summary, trial);
  const complete = summary.counts.complete;
  switch (trial.state) {
    case 'complete':
      return `complete, ${value} (${summary.objective === 'last' ? '' : `${objectiveText(summary.objective)}; `}${rank === 1 ? 'the best' : `rank ${rank}`} of ${complete} complete)`;
    case 'pruned': {
      // the step the pruner judged, as its reason names it; values the program printed past it before the signal landed are its last
      const reached = trial.steps[trial.steps.length - 1];
      const past = reached !== undefined && trial.stoppedAt !== null && reached > trial.stoppedAt ? ` (at step ${reached}: printed before the stop landed)` : '';
      return `pruned, stopped at step ${trial.stoppedAt ?? '?'}, last ${value}${past}`;
    }
    case 'failed':
      return trial.exitCode === null ? 'failed' : `failed (exit code ${trial.exitCode})`;
    case 'running':
      return runningText(summary.metric, trial, now);
    default:
      return trial.state;
  }
}

/** `running for 2h10m, val_loss 0.412 at step 31`: how far it is, as summary's Running line says it (and when its worker went silent). */
function runningText(metric: string, trial: TrialSummary, now: number): string {
  const since = trial.runningSince === null ? '' : ` for ${formatDuration(Math.max(0, now - trial.runningSince) / 1000)}`;
  return `running${since}${latestValueText(metric, trial)}${silenceText(trial, now)}`;
}

/** 1 for the best complete trial; null for a trial that is not complete. */
function rankOf(summary: StudySummary, trial: TrialSummary): number | null {
  if (trial.state !== 'complete') return null;
  return rankTrials(summary).findIndex((t) => t.id === trial.id) + 1;
}

/** What was kept, and how to see it (`where`: the study and store flags) unless it is printed below (null). */
function outputNote(detail: TrialDetail, where: string | null): string {
  const count = (text: string): number => (text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0));
  if (detail.stdout === '' && detail.stderr === '') return 'none kept';
  const lines = count(detail.stdout);
  return `${lines} ${lines === 1 ? 'line' : 'lines'} of stdout, ${count(detail.stderr)} of stderr kept${where === null ? '' : ` (hypertune show ${detail.trial.id}${where === '' ? '' : ` ${where}`} --output)`}`;
}

const seconds = (ms: number): number => Number((Math.max(0, ms) / 1000).toFixed(3));
const clock = (ms: number): string => iso(ms).replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
const iso = (ms: number): string => new Date(ms).toISOString();

/** The trial that ran this one again (`--retries`, a resume's re-run of an interrupted one), as `run_again_as`. */
function rerunOf(detail: TrialDetail): { run_again_as?: number } {
  const rerun = detail.summary.trials.find((other) => other.retryOf === detail.trial.id);
  return rerun === undefined ? {} : { run_again_as: rerun.id };
}
