import type { ParamValue } from '../space/types.js';
import type { StudySummary, TrialSummary } from './summary.js';

/** One row per trial, one column per parameter (empty where a parameter was inactive). */
export function formatSummaryCsv(summary: StudySummary, trials: readonly TrialSummary[] = summary.trials): string {
  const header = ['id', 'state', summary.metric, 'duration_s', 'exit_code', 'startup', 'sampler', 'stopped_at_step', ...summary.labels, 'error'];
  const rows = trials.map((trial) => [
    String(trial.id),
    trial.state,
    numberCell(trial.value),
    trial.durationS === null ? '' : trial.durationS.toFixed(3),
    trial.exitCode === null ? '' : String(trial.exitCode),
    String(trial.startup),
    trial.sampler ?? '',
    trial.stoppedAt === null ? '' : String(trial.stoppedAt),
    ...summary.labels.map((label) => paramCell(trial.params[label])),
    trial.error ?? '',
  ]);
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\n') + '\n';
}

function numberCell(value: number | null): string {
  if (value === null) return '';
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  return String(value);
}

function paramCell(value: ParamValue | undefined): string {
  if (value === undefined) return '';
  if (value === null) return 'null';
  return typeof value === 'number' ? numberCell(value) : String(value);
}

/** RFC 4180: quote fields holding a comma, quote or line break; double the quotes. */
export function csvField(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}
