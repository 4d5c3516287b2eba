import { UsageError } from '../errors.js';
import { parseDuration } from '../util/duration.js';
import type { Output } from './output.js';
import { CLEAR_LINE } from './progress-printer.js';
import { quoteArg } from './shell-words.js';

/** A line on stderr, through `output` when the command has one (clearing a live progress line first: the ticker redraws it). */
export function stderrLine(output: Output | undefined): (text: string) => void {
  return (text) => void (output === undefined ? process.stderr.write(`hypertune: ${text}\n`) : output.err(`${output.isTty ? CLEAR_LINE : ''}hypertune: ${text}\n`));
}

/**
 * The storage URL the flags mean: --storage, else HYPERTUNE_STORAGE; undefined: the journal. A --dir
 * given alone with HYPERTUNE_STORAGE set places this machine's trial folders while the study is in the
 * database, as with --storage (a cluster job's script exports the variable and gives each node its
 * scratch folder); that was silent, and a user who meant a journal in that folder did not know (a user
 * audit), so it is said. Taking the journal instead would split a shared study without a word.
 */
export function chosenStorage(flags: { dir?: string | undefined; storage?: string | undefined }, say: (text: string) => void): string | undefined {
  const fromEnv = process.env['HYPERTUNE_STORAGE'] || undefined;
  if (flags.storage !== undefined) return flags.storage;
  // both from the environment say what they mean: no note
  if (flags.dir !== undefined && fromEnv !== undefined && flags.dir !== process.env['HYPERTUNE_DIR']) {
    say(`HYPERTUNE_STORAGE is set: the study is in its database, and --dir ${quoteArg(flags.dir)} holds this machine's trial folders (for a journal instead: HYPERTUNE_STORAGE= hypertune ... with a --dir of its own)`);
  }
  return fromEnv;
}

/**
 * How long a worker, ask or tell keeps retrying a PostgreSQL server that went away or is full:
 * HYPERTUNE_RECONNECT_WINDOW (a duration, as --time-budget takes), else the store's 2 minutes. A
 * database maintenance of 10 minutes would otherwise end every worker of a job array.
 */
export function reconnectWindowMs(): number | undefined {
  const text = process.env['HYPERTUNE_RECONNECT_WINDOW']?.trim();
  if (text === undefined || text === '') return undefined;
  const seconds = parseDuration(text);
  if (seconds === null || seconds <= 0) throw new UsageError(`HYPERTUNE_RECONNECT_WINDOW: expected a duration like 10m, 90s or a number of seconds, got ${JSON.stringify(text)}`);
  return seconds * 1000;
}
