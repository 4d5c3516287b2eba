// A configuration queued more than once by one enqueue: `summary --top 3 --format csv` lists two runs of
// one configuration when both rank in the top 3, and `enqueue --from` of that file queued it twice
// without a word, one more run of it and none of the others' (a noise audit). Said, not refused: a
// re-run queued twice may be meant.
import { configKey } from '../engine/index.js';
import type { Config } from '../space/types.js';

/** Where each queued configuration came from: a line of the file, or the trial whose configuration it is (`--rerun`). */
export type QueuedSource = { line: number } | { trial: number };

const TIMES = ['', 'once', 'twice'];

/** One line per configuration queued more than once (none when it comes from one trial id given twice: asked for). */
export function repeatedQueueNotes(configs: readonly Config[], ids: readonly number[], sources: readonly QueuedSource[], file: string): string[] {
  const groups = new Map<string, number[]>();
  configs.forEach((config, i) => groups.set(configKey(config), [...(groups.get(configKey(config)) ?? []), i]));
  const notes: string[] = [];
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    const from = members.map((i) => sources[i]).filter((source) => source !== undefined);
    const trials = [...new Set(from.flatMap((source) => ('trial' in source ? [source.trial] : [])))];
    if (trials.length === 1) continue;
    const queued = listed(members.map((i) => ids[i] ?? i));
    const where = trials.length > 0 ? `, the one trials ${listed(trials)} ran` : `, on lines ${listed(from.flatMap((source) => ('line' in source ? [source.line] : [])))} of ${file}`;
    const advice = trials.length > 0 ? 'give one of those ids to run it once more' : 'drop all but one of those lines to run it once more';
    notes.push(`Trials ${queued} are one configuration${where}: it runs ${TIMES[members.length] ?? `${members.length} times`} (${advice}).`);
  }
  return notes;
}

function listed(items: readonly number[]): string {
  return items.length <= 2 ? items.join(' and ') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}
