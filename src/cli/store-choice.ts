import { resolve } from 'node:path';
import type { Output } from './output.js';
import { CLEAR_LINE } from './progress-printer.js';
import { quoteArg } from './shell-words.js';

/** A line on stderr, through `output` when the command has one (clearing a live progress line first: the ticker redraws it). */
export function stderrLine(output: Output | undefined): (text: string) => void {
  return (text) => void (output === undefined ? process.stderr.write(`hypertune: ${text}\n`) : output.err(`${output.isTty ? CLEAR_LINE : ''}hypertune: ${text}\n`));
}

/**
 * The storage URL the flags mean: --storage, else HYPERTUNE_STORAGE unless --dir was given; undefined:
 * the journal. A flag beats the environment, as in most CLIs: a --dir given alone named the database of
 * HYPERTUNE_STORAGE, silently, and only placed the trial folders (a user audit). It is said when it
 * happens, since with --storage --dir also places this machine's trial folders, and a worker that
 * meant the database would now run alone.
 */
export function chosenStorage(flags: { dir?: string | undefined; storage?: string | undefined }, say: (text: string) => void): string | undefined {
  const fromEnv = process.env['HYPERTUNE_STORAGE'] || undefined;
  if (flags.storage !== undefined) return flags.storage;
  if (flags.dir === undefined) return fromEnv;
  if (fromEnv !== undefined) {
    say(`--dir given: the study is in the journal at ${quoteArg(resolve(flags.dir))}, not in HYPERTUNE_STORAGE's database (for the database, with this machine's trial folders under --dir: --storage "$HYPERTUNE_STORAGE" --dir ${quoteArg(flags.dir)})`);
  }
  return undefined;
}
