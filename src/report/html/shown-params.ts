// Which parameters get a model panel (TPE's densities, the GP's mean) in the report. Each panel holds
// a frame per slider step (two curves on a 120-point grid, the good and bad trials, the candidates:
// 3 to 5 KB), so a study of 200 parameters made a 28 MB page of 8,000 frames, most of them panels
// nobody scrolls to. The most important parameters keep their panels; `hypertune explain` shows any other.
import type { ParamNode } from '../../space/types.js';
import type { ParamImportance } from '../importance.js';

/** Model panels per report: 16 x 40 steps of 200 trials, 2.5 MB (measured: 20 made 3.1 MB, a 4.2 MB page). */
export const MAX_MODEL_PANELS = 16;

/**
 * The labels of the tunable parameters that get panels: all of them up to `max`, else the `max` most
 * important (importance is sorted most important first, unranked last), then the rest in space order.
 */
export function shownParams(nodes: readonly ParamNode[], importance: readonly ParamImportance[], max = MAX_MODEL_PANELS): ReadonlySet<string> {
  const tunable = nodes.filter((node) => node.kind !== 'constant').map((node) => node.label);
  if (tunable.length <= max) return new Set(tunable);
  const ranked = importance.filter((row) => row.importance !== null).map((row) => row.label);
  const order = [...ranked, ...tunable.filter((label) => !ranked.includes(label))];
  return new Set(order.filter((label) => tunable.includes(label)).slice(0, max));
}
