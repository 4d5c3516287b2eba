import type { TrialOutcome } from '../runner/index.js';
import { createPruneAdvice, type ValueArrivals } from './prune-advice.js';
import type { RunSettings } from './settings.js';

/** What a run says once of its trials' output: the pruners' advice (prune-advice.ts), and extra metrics no trial printed. */
export function createRunAdvice(settings: RunSettings, notice: (text: string) => void): (id: number, outcome: TrialOutcome, arrivals: ValueArrivals) => void {
  const prune = createPruneAdvice(settings, notice);
  const extras = createExtrasAdvice(settings, notice);
  let ranksSaid = false;
  return (id, outcome, arrivals) => {
    extras(id, outcome);
    if (!ranksSaid) ranksSaid = ranksAdvice(id, outcome, arrivals, settings.metric, notice);
    prune(id, outcome, arrivals);
  };
}

/**
 * Every step of a complete trial printed two or more times: the mark of a data-parallel run (torchrun,
 * DDP, accelerate) whose every process prints the metric of its own share of the data, untagged. The
 * result is then whichever process printed last, and the curve holds each step several times.
 * Launchers' rank tags are read (runner/rank-lines.ts); this is the case they cannot tell. True once said.
 */
function ranksAdvice(id: number, outcome: TrialOutcome, arrivals: ValueArrivals, metric: string, notice: (text: string) => void): boolean {
  const repeated = arrivals.repeated ?? 0;
  const steps = arrivals.count - repeated;
  if (outcome.state !== 'complete' || steps < 2 || repeated < steps) return false;
  notice(
    `trial ${id} printed ${metric} ${arrivals.count} times for ${steps} steps, each step more than once: do several processes print it (torchrun, DDP, accelerate)? ` +
      `The result is the last value printed, whichever process printed it; print it from the first process only (if int(os.environ.get("RANK", "0")) == 0), averaged across them, or show the first process's output only (torchrun --local-ranks-filter 0); with torchrun --tee 3 the other processes' [default1]: lines are left out`,
  );
  return true;
}

/**
 * An extra metric a complete trial printed no value of is said once per run: a name spelt otherwise
 * than the program prints it (`auc` for XGBoost's `eval-auc`) gave no column and no word (a user audit).
 */
function createExtrasAdvice(settings: RunSettings, notice: (text: string) => void): (id: number, outcome: TrialOutcome) => void {
  const said = new Set<string>();
  return (id, outcome) => {
    if (outcome.state !== 'complete') return;
    const missing = settings.extraMetrics.filter((name) => outcome.extras?.[name] === undefined && !said.has(name));
    if (missing.length === 0) return;
    for (const name of missing) said.add(name);
    const printed = Object.keys(outcome.extras ?? {});
    const names = missing.map((name) => JSON.stringify(name)).join(', ');
    notice(
      `trial ${id} printed no value of the extra metric${missing.length === 1 ? '' : 's'} ${names}${printed.length === 0 ? '' : ` (it did of ${printed.join(', ')})`}: ` +
        `a name is read as the program prints it (name=value, name: value, a JSON key or a column); check a saved log with hypertune parse --metric NAME`,
    );
  };
}
