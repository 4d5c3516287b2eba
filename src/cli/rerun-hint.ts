import { quoteArg, quoteCommand } from './shell-words.js';

/**
 * The command that queues trials' configurations again, spelled for this study and store, as the
 * noise note of summary and the report offers it (a lucky best against the model's pick).
 */
export function rerunHint(study: string, locationFlags: readonly string[]): (ids: number[]) => string {
  return (ids) => ['hypertune enqueue', `--study ${quoteArg(study)}`, ...locationFlags, `--rerun ${ids.join(',')}`].join(' ');
}

/** How to search past a range's end: the study's results as a CSV, learnt from by a new study of the widened space (docs/steering.md, "add"). */
export function widenHint(study: string, locationFlags: readonly string[], command: readonly string[]): string {
  const where = locationFlags.join(' ');
  const csv = quoteArg(`${study}.csv`);
  const run = [`hypertune run ${quoteArg(`${study}-wider.yaml`)}`, where, `--add ${csv}`, command.length === 0 ? '' : `-- ${quoteCommand(command)}`].filter((w) => w !== '').join(' ');
  return `${['hypertune summary', `--study ${quoteArg(study)}`, where, `--format csv > ${csv}`].filter((w) => w !== '').join(' ')}, then widen the range (or add options) in a copy of the space file and run it as a new study that learns from this one: ${run}`;
}
