import { Command, CommanderError } from 'commander';
import { HypertuneError, UsageError } from '../errors.js';
import { setSilentSlackMs } from '../study/trial-time.js';
import { parseDuration } from '../util/duration.js';
import { registerCommands } from './commands/index.js';
import { createOutput, type Output } from './output.js';

const VERSION = '0.1.0';

async function buildProgram(output: Output, argv: readonly string[]): Promise<Command> {
  const program = new Command('hypertune')
    .version(VERSION)
    .description('Tune the hyperparameters of any training program from outside.')
    .option('--debug', 'print stack traces of errors')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => output.out(text),
      writeErr: (text) => output.err(text),
      // commander's complaints (a bad flag value, an unknown option with its "Did you mean") as every
      // other usage error is: one line, hypertune's prefix, and where to look
      outputError: (text, write) => write(`${oneLineUsageError(text, argv, valuedOptions(program, 'run'))}\n`),
    });
  await registerCommands(program, output, argv);
  return program;
}

/** The single place that turns errors into a message and an exit code. */
export async function main(argv: string[]): Promise<void> {
  const output = createOutput();
  // words after `--` are the user's command: its own --debug is not ours
  const end = argv.indexOf('--');
  const ownWords = end === -1 ? argv : argv.slice(0, end);
  const debug = ownWords.includes('--debug') || process.env['HYPERTUNE_DEBUG'] === '1';
  printOwnWarnings(output);
  try {
    silentAfterFromEnv();
    const program = await buildProgram(output, argv);
    checkFlagValues(program, argv.slice(2, end === -1 ? argv.length : end + 1));
    await program.parseAsync(withoutHelpOfUnknown(program, argv, ownWords));
  } catch (error) {
    process.exitCode = reportError(error, output, debug);
    // the one line is out: a socket a failed connection left open (another kind of server on the port,
    // greeting and then waiting) held the process for good after it (a user audit)
    setTimeout(() => process.exit(), 2000).unref();
  }
}

/**
 * Our own warnings (the runner's, which does not print: a reaper that cannot start) as one line of ours.
 * Node's printer gave them two, its pid and code first and a --trace-warnings hint after (a user audit,
 * with /bin/sh missing as in a distroless image). Other warnings stay Node's.
 */
function printOwnWarnings(output: Output): void {
  const nodes = process.listeners('warning');
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (warning.name === 'HypertuneWarning') output.err(`hypertune: warning: ${warning.message}\n`);
    else for (const print of nodes) print(warning);
  });
}

/**
 * HYPERTUNE_SILENT_AFTER (a duration, as --time-budget takes): how long a worker's running trial may
 * send no heartbeat before it is taken as silent, where unset SILENT_SLACK_MS (10 s). The tests set it
 * short, with a short --heartbeat-timeout, rather than wait 10 s for a killed tuner's trial.
 */
function silentAfterFromEnv(): void {
  const text = process.env['HYPERTUNE_SILENT_AFTER']?.trim();
  if (text === undefined || text === '') return;
  const seconds = parseDuration(text);
  if (seconds === null || seconds <= 0) throw new UsageError(`HYPERTUNE_SILENT_AFTER: expected a duration like 10s or a number of seconds, got ${JSON.stringify(text)}`);
  setSilentSlackMs(seconds * 1000);
}

function reportError(error: unknown, output: Output, debug: boolean): number {
  if (error instanceof CommanderError) {
    // help and version are not errors; every other commander complaint is a usage error
    if (error.exitCode === 0) return 0;
    return 2;
  }
  if (error instanceof HypertuneError) {
    output.err(`hypertune: ${error.message}\n`);
    if (debug && error.stack) output.err(`${error.stack}\n`);
    return error.exitCode;
  }
  const system = systemErrorLine(error);
  if (system !== null) {
    output.err(`hypertune: ${system}\n`);
    if (debug && error instanceof Error && error.stack) output.err(`${error.stack}\n`);
    return 1;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (!debug) {
    output.err(`hypertune: internal error, this is a bug: ${message}\nRun the same command with --debug and report its output.\n`);
    return 1;
  }
  const detail = error instanceof Error ? (error.stack ?? message) : message;
  output.err(`hypertune: internal error, this is a bug; please report it with this output:\n${detail}\n`);
  return 1;
}

/** What the machine refused, in words: a full disk, a folder without write permission, a file removed under the study. */
const SYSTEM_REASONS: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOENT: 'it is not there (was it removed while the study ran?)',
  EMFILE: 'too many open files',
  EIO: 'an input/output error of the disk',
  // a --dir that is a file, lies under one, or under a link to a folder that is gone (a scratch disk not
  // mounted), or whose journal.jsonl is a folder: one line, not an internal error (a user audit)
  ENOTDIR: 'a part of that path is a file, not a folder',
  EISDIR: 'it is a folder, where a file was expected',
  ELOOP: 'too many symbolic links (a link that points to itself?)',
  ENAMETOOLONG: 'the path is too long',
};

/**
 * One line for an error of the file system (a full disk, a read-only study folder): not a bug of ours,
 * so named with its file and what to do, exit 1. Null for any other error. Every finished trial is
 * in the journal already; a record the disk could not take whole is skipped when it is read again.
 */
function systemErrorLine(error: unknown): string | null {
  const { code, path, syscall } = (error ?? {}) as NodeJS.ErrnoException;
  // a folder the file system will not make where its parent is (/proc/x): no folder can be made there
  const reason = code === undefined ? undefined : code === 'ENOENT' && syscall === 'mkdir' ? 'no folder can be made there' : SYSTEM_REASONS[code];
  if (reason === undefined) return null;
  const what = path === undefined ? `could not ${syscall ?? 'write'}` : `could not ${syscall ?? 'use'} ${path}`;
  const notMade = (error as { studyNotMade?: unknown }).studyNotMade === true;
  // a path that is wrong (a file where a folder should be, a name too long) is no trouble of a running study
  const wrongPath = code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR' || code === 'ELOOP' || code === 'ENAMETOOLONG';
  const resume = (error as { resume?: unknown }).resume;
  const next = notMade ? '; the study was not made: fix it, then run the same command again' : wrongPath ? '' : `; the finished trials are saved: fix it, then \`${typeof resume === 'string' ? resume : 'hypertune resume'}\` goes on`;
  return `${what}: ${reason} (${code})${next}`;
}

/**
 * `hypertune export --help` printed the whole program's help and exited 0, as if `export` were a
 * command (a user audit looked for it): commander takes --help before it finds the command unknown.
 * Without the help flag it names the unknown command, with its suggestion, exit 2.
 */
function withoutHelpOfUnknown(program: Command, argv: string[], ownWords: readonly string[]): string[] {
  const known = (word: string): boolean => word.startsWith('-') || program.commands.some((command) => command.name() === word || command.aliases().includes(word));
  // `hypertune help export` too (a re-audit)
  if (ownWords[2] === 'help' && ownWords[3] !== undefined && !known(ownWords[3])) return [...argv.slice(0, 2), ...argv.slice(3)];
  const first = ownWords[2];
  if (first === undefined || known(first)) return argv;
  return argv.filter((word, i) => i < 2 || i >= ownWords.length || (word !== '--help' && word !== '-h'));
}

/** `error: unknown option '--tirals'\n(Did you mean --trials?)\n` -> `hypertune: unknown option '--tirals' (Did you mean --trials?) (run with --help for usage)` */
function oneLineUsageError(text: string, argv: readonly string[], valued: ReadonlySet<string>): string {
  const words = text.replace(/^error:\s*/, '').trim().split(/\s*\n\s*/).join(' ');
  // `hypertune run space.yaml python train.py --epochs 3`: the program's flag, read as ours for want of -- (a user audit);
  // an option's value (`--study m1`) is no word of the command (a re-audit: the hint ran `m1 python ...`)
  const plain = argv.slice(2).filter((word, i, all) => !word.startsWith('-') && !valued.has(all[i - 1] ?? ''));
  const [name, space, ...rest] = plain;
  if (/^unknown option/.test(words) && name === 'run' && space !== undefined && rest.length > 0 && !argv.includes('--')) {
    const first = argv.findIndex((word, i) => i > argv.indexOf(space) && word === rest[0] && !valued.has(argv[i - 1] ?? ''));
    const command = argv.slice(first);
    return `hypertune: ${words}: if it is the program's, put -- before the command to tune: hypertune run ${space} [options] -- ${command.join(' ')}`;
  }
  // `hypertune resume -- python train.py`: resume runs the stored command (a user audit)
  if (/^too many arguments for 'resume'/.test(words)) {
    return `hypertune: resume takes no command: it runs the one the study stored; another command is another study: hypertune run SPACE --study NEW -- COMMAND`;
  }
  // `tell 3 -inf`: commander takes a negative number for a value, but -inf for an unknown flag (a scripting audit)
  const notFinite = /^unknown option '(-(?:inf|infinity|nan))'/i.exec(words);
  if (notFinite !== null && name === 'tell') return `hypertune: a complete trial needs a finite value, got ${notFinite[1]}; tell a run without one with --state failed`;
  // results for pandas or a spreadsheet come from summary (a user audit looked for an export command)
  if (/^unknown command '(export|dump|results)'/.test(words)) return `hypertune: ${words.replace(/ \(Did you mean \w+\?\)/, '')}: a study's trials as CSV or JSON come from hypertune summary --format csv (or json) > trials.csv`;
  return `hypertune: ${words} (run with --help for usage)`;
}

/**
 * Commander takes the word after an option that needs a value as that value, even a flag: `--metric
 * --maximize` would tune a metric named "--maximize". `words`: the command line up to and with `--`.
 */
function checkFlagValues(program: Command, words: readonly string[]): void {
  const command = program.commands.find((c) => c.name() === words.find((w) => !w.startsWith('-'))) ?? program;
  const needsValue = new Set([...command.options, ...program.options].filter((o) => o.required && o.long !== undefined).map((o) => o.long));
  words.forEach((word, i) => {
    const next = words[i + 1];
    if (needsValue.has(word) && next !== undefined && next.startsWith('--')) {
      throw new UsageError(`${word} needs a value, got the flag ${next === '--' ? '-- (the start of the command)' : next}; write ${word}=VALUE for a value that starts with --`);
    }
  });
}

/** The long options of a command that take a value (`--study NAME`), whose values are not the command's words. */
function valuedOptions(program: Command, name: string): Set<string> {
  const command = program.commands.find((c) => c.name() === name);
  return new Set([...(command?.options ?? []), ...program.options].filter((o) => o.required || o.optional).flatMap((o) => (o.long === undefined ? [] : [o.long])));
}
