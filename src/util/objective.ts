// Which of the values a program reports is a trial's result: the last, the best (min or max), or the
// mean of the last K. One noisy evaluation (an RL return, a small validation set) is one draw: `max`
// keeps the luckiest, `last` one draw; `last-5-avg` (Ray Tune's scope of that name) evens them out.
// In util/ as the space file, the stored settings, the runner and `parse --objective` all read it.

export type Objective = 'last' | 'min' | 'max' | `last-${number}-avg`;

/** The most values an objective averages: far past any run's evaluations, and a K that reads as a count. */
export const MAX_AVERAGED = 1_000_000;

/** The forms, as an error message lists them. */
export const OBJECTIVE_FORMS = `last, min, max or last-K-avg (the mean of the last K values, K a whole number from 2 to ${MAX_AVERAGED}, e.g. last-5-avg)`;

const AVERAGED = /^last-(\d+)-avg$/;

/** The objective a text names, or null. */
export function readObjective(text: unknown): Objective | null {
  if (text === 'last' || text === 'min' || text === 'max') return text;
  if (typeof text !== 'string') return null;
  const k = Number(AVERAGED.exec(text)?.[1]);
  return Number.isSafeInteger(k) && k >= 2 && k <= MAX_AVERAGED && text === `last-${k}-avg` ? (text as Objective) : null;
}

/** How many last values the objective averages; null for last, min and max. */
export function averagedCount(objective: Objective): number | null {
  const k = AVERAGED.exec(objective)?.[1];
  return k === undefined ? null : Number(k);
}

/**
 * Why a text is no objective, in the words of the one it was likely meant as: a K out of range, or the
 * spelling of another tool (`last5`, `mean_last_5`, W&B's and Ray's words); the forms otherwise.
 */
export function objectiveProblem(text: unknown): string {
  const given = typeof text === 'string' ? text : JSON.stringify(text) ?? String(text);
  const k = AVERAGED.exec(given)?.[1];
  if (k !== undefined) {
    const count = Number(k);
    if (count === 1) return `objective ${given} averages one value, which is objective: last; K of last-K-avg runs from 2 to ${MAX_AVERAGED}`;
    if (count >= 2 && count <= MAX_AVERAGED) return `objective ${given}: write K as a plain whole number, last-${count}-avg`;
    return `objective ${given}: K of last-K-avg must be a whole number from 2 to ${MAX_AVERAGED} (got ${k})`;
  }
  const number = /\d+/.exec(given)?.[0];
  const meant = number !== undefined && /last|avg|mean|average/i.test(given) ? `; did you mean last-${Number(number)}-avg?` : '';
  return `objective must be ${OBJECTIVE_FORMS} (got ${typeof text === 'string' ? JSON.stringify(text) : given})${meant}`;
}

/** What the objective takes of a trial's values, as summary, show and the report say it. */
export function objectiveText(objective: Objective): string {
  const k = averagedCount(objective);
  if (k !== null) return `the mean of its last ${k} values`;
  return objective === 'last' ? 'its last value' : objective === 'min' ? 'its lowest value' : 'its highest value';
}

/** The mean of the last `k` values (all of them when fewer), summed as a running mean: no overflow to inf on the way. */
export function meanOfLast(values: readonly number[], k: number): number {
  const window = values.slice(Math.max(0, values.length - k));
  return window.reduce((mean, value, i) => mean + (value - mean) / (i + 1), 0);
}
