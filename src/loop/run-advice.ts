import type { TrialOutcome } from '../runner/index.js';
import { createPruneAdvice, valuesPerStep, type ValueArrivals } from './prune-advice.js';
import type { RunSettings } from './settings.js';
import { createZombieAdvice } from './zombie-advice.js';

/**
 * What a run says once of its trials' output: the pruners' advice (prune-advice.ts), extra metrics no
 * trial printed, and zombies left behind when the tuner is a container's PID 1 (zombie-advice.ts).
 */
export function createRunAdvice(settings: RunSettings, notice: (text: string) => void): (id: number, outcome: TrialOutcome, arrivals: ValueArrivals) => void {
  const prune = createPruneAdvice(settings, notice);
  const extras = createExtrasAdvice(settings, notice);
  const zombies = createZombieAdvice(notice);
  let ranksSaid = false;
  let outsideSaid = false;
  return (id, outcome, arrivals) => {
    zombies();
    if (outcome.heldOutside === true && !outsideSaid) outsideSaid = outsideAdvice(id, notice);
    extras(id, outcome);
    if (!ranksSaid) ranksSaid = ranksAdvice(id, outcome, arrivals, settings.metric, notice);
    prune(id, outcome, arrivals);
  };
}

/**
 * Every step of a complete trial came the same number of times, two to sixteen: the mark of a
 * data-parallel run (torchrun, DDP, accelerate) whose every process prints the metric of its own share
 * of the data, untagged; the result is then whichever process printed last. A program that logs its
 * loss every few batches of an epoch gives the same mark, so the words say what is known. Launchers'
 * rank tags are read (runner/rank-lines.ts); this is the case they cannot tell. True once said.
 */
function ranksAdvice(id: number, outcome: TrialOutcome, arrivals: ValueArrivals, metric: string, notice: (text: string) => void): boolean {
  const per = valuesPerStep(arrivals);
  if (outcome.state !== 'complete' || per === null || per.min !== per.max || per.min < 2 || per.min > 16 || arrivals.count < 2 * per.min) return false;
  notice(
    `trial ${id} printed ${metric} ${per.min} times at each of its ${arrivals.count / per.min} steps; its result is the last one printed. ` +
      `If several processes print it (torchrun, DDP, accelerate), each prints its own share's value: print it from the first process only (if int(os.environ.get("RANK", "0")) == 0), averaged across them, ` +
      `or show the first process's output only (torchrun --local-ranks-filter 0), or tag the lines (torchrun --tee 3: the [default1]: lines are left out)`,
  );
  return true;
}

/**
 * A process that left the trial's process group (a daemon's double fork, setsid, Python's
 * `start_new_session=True`) and still held its output once the program had ended: hypertune reaches a
 * trial's processes through its group, so it stops neither this one nor what it holds (a GPU, a port).
 * It ran on unseen after every trial (a hostile-program audit). True once said.
 */
function outsideAdvice(id: number, notice: (text: string) => void): boolean {
  notice(
    `trial ${id} left a process running outside its process group (started in a session of its own: a daemon, setsid, start_new_session=True) that still held its output when the program ended; ` +
      `hypertune stops a trial's processes through its group, so that one runs on after the trial: have the program stop what it starts, or keep it in the group`,
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
