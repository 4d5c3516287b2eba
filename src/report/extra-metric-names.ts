/**
 * The extra metrics' columns: the study's `extra_metrics:` in the order it names them, then any other
 * name a trial holds (`tell --extra f1=0.8`) in the order first seen. The order was first seen only, so
 * a first trial that failed before printing one of them moved that column to the end (a user audit);
 * a name no trial printed has no column.
 */
export function extraMetricNames(options: Record<string, unknown>, trials: ReadonlyArray<{ extras: Record<string, number> }>): string[] {
  const stored = options['extraMetrics'];
  const declared = Array.isArray(stored) ? stored.filter((name): name is string => typeof name === 'string') : [];
  const seen = new Set(trials.flatMap((trial) => Object.keys(trial.extras)));
  return [...declared.filter((name) => seen.has(name)), ...[...seen].filter((name) => !declared.includes(name))];
}

/** The column of an extra metric whose name is also another column's. */
const EXTRA_PREFIX = 'extra.';

/**
 * An extra metric's column among `taken` ones: `extra.<name>` when a parameter or a fixed column has
 * the name (the lr a scheduler printed last, beside the lr tuned), as a parameter is `params.<label>`.
 */
export function extraColumnName(name: string, taken: readonly string[]): string {
  return taken.includes(name) ? `${EXTRA_PREFIX}${name}` : name;
}
