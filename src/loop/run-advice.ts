import type { TrialOutcome } from '../runner/index.js';
import { createPruneAdvice, type ValueArrivals } from './prune-advice.js';
import type { RunSettings } from './settings.js';

/** What a run says once of its trials' output: the pruners' advice (prune-advice.ts), and extra metrics no trial printed. */
export function createRunAdvice(settings: RunSettings, notice: (text: string) => void): (id: number, outcome: TrialOutcome, arrivals: ValueArrivals) => void {
  const prune = createPruneAdvice(settings, notice);
  const extras = createExtrasAdvice(settings, notice);
  return (id, outcome, arrivals) => {
    extras(id, outcome);
    prune(id, outcome, arrivals);
  };
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
