import type { ParamValue } from '../space/types.js';
import { extraColumnName } from './extra-metric-names.js';
import type { StudySummary, TrialSummary } from './summary.js';

/** The column of a parameter whose label is also a fixed column's name. */
export const PARAM_PREFIX = 'params.';

/** One row per trial, one column per parameter (empty where a parameter was inactive). */
export function formatSummaryCsv(summary: StudySummary, trials: readonly TrialSummary[] = summary.trials): string {
  const fixed = ['id', 'state', summary.metric, 'duration_s', 'exit_code', 'startup', 'sampler', 'stopped_at_step', 'error'];
  // a parameter named as a fixed column (a diffusion model's sampler) is params.<label>, as summary's
  // JSON nests it: a header with a name twice is read back wrong, by add and by other readers (a user audit)
  const columns = summary.labels.map((label) => (fixed.includes(label) ? `${PARAM_PREFIX}${label}` : label));
  // the other metrics beside the result, named as printed (add --from leaves them out as no parameters);
  // one named as another column is extra.<name>, as a parameter is params.<label>
  const extras = summary.extraMetrics;
  const extraColumns = extras.map((name) => extraColumnName(name, [...fixed, ...columns]));
  const header = [...fixed.slice(0, 3), ...extraColumns, ...fixed.slice(3, -1), ...columns, 'error'];
  const rows = trials.map((trial) =>
    [
      ...[
        String(trial.id),
        trial.state,
        numberCell(trial.value),
        ...extras.map((name) => numberCell(trial.extras[name] ?? null)),
        trial.durationS === null ? '' : trial.durationS.toFixed(3),
        trial.exitCode === null ? '' : String(trial.exitCode),
        String(trial.startup),
        trial.sampler ?? '',
        trial.stoppedAt === null ? '' : String(trial.stoppedAt),
      ].map(csvField),
      // an option that is the empty string (`choice("--use_bn", "")`) is `""`, apart from an inactive
      // parameter's empty cell: add --from read it back as missing (a user audit)
      ...summary.labels.map((label) => (trial.params[label] === '' ? '""' : csvField(paramCell(trial.params[label])))),
      csvField(trial.error ?? ''),
    ].join(','),
  );
  return [header.map(csvField).join(','), ...rows].join('\n') + '\n';
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
