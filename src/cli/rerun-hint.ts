import { quoteArg } from './shell-words.js';

/**
 * The command that queues trials' configurations again, spelled for this study and store, as the
 * noise note of summary and the report offers it (a lucky best against the model's pick).
 */
export function rerunHint(study: string, locationFlags: readonly string[]): (ids: number[]) => string {
  return (ids) => ['hypertune enqueue', `--study ${quoteArg(study)}`, ...locationFlags, `--rerun ${ids.join(',')}`].join(' ');
}
