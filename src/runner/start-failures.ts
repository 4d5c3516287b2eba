// A command the system would not start: a missing program or folder, no permission, an argument
// list too long (a trial's values, not the command, at fault).
import type { Result } from 'execa';
import { RuntimeFailure } from '../errors.js';
import type { Config } from '../study/types.js';
import { missingInterpreter } from './command-found.js';
import type { Invocation } from './invocation.js';

/** Why the command could not be started at all (a missing program or folder, no permission). */
export function cannotStart(invocation: Invocation, cwd: string | undefined, result: Result): RuntimeFailure {
  const code = (result.cause as NodeJS.ErrnoException | undefined)?.code ?? result.code;
  const why: Record<string, string> = {
    ENOENT: cwd === undefined ? 'not found (check the name and PATH)' : `not found (check the name, PATH and the folder ${cwd})`,
    EACCES: 'permission denied (is it executable?)',
  };
  // a script whose #! interpreter is missing fails so too: name the interpreter, not the script that is there
  const interpreter = code === 'ENOENT' ? missingInterpreter(invocation.file, cwd ?? process.cwd()) : null;
  const reason = interpreter !== null ? `its #! interpreter ${interpreter} is not there` : (why[code ?? ''] ?? result.shortMessage);
  return new RuntimeFailure(`cannot start the command ${JSON.stringify(invocation.file)}: ${reason}`, { cause: result.cause });
}

/** The system refused the argument list as too long (E2BIG): the trial's values, not the command, are at fault. */
export function tooLong(result: Result): boolean {
  return ((result.cause as NodeJS.ErrnoException | undefined)?.code ?? result.code) === 'E2BIG';
}

/** Linux's limit on one argument or one environment variable (MAX_ARG_STRLEN), in bytes. */
const ONE_STRING_BYTES = 128 * 1024;

/**
 * Why the system refused to start a trial whose values are too long (E2BIG), naming what is too long:
 * the longest value; else the environment variable of all the parameters' JSON (past about 4,800 of
 * them: it blamed a 22-character value, a user audit); else the whole argument list and environment.
 */
export function tooLongText(params: Config, invocation?: Pick<Invocation, 'args' | 'env'>): string {
  const [label, value] = Object.entries(params).reduce((a, b) => (String(b[1]).length > String(a[1]).length ? b : a), ['', ''] as [string, unknown]);
  const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');
  const limit = 'E2BIG; 128 kB on Linux';
  if (invocation === undefined || bytes(String(value)) >= ONE_STRING_BYTES - 1024) {
    const which = label === '' ? 'a value' : `${label}'s value (${String(value).length} characters)`;
    return `cannot start it: ${which} is longer than an argument or environment variable may be (${limit}): give the program the path of a file that holds it`;
  }
  const json = invocation.env['HYPERTUNE_PARAMS'];
  if (json !== undefined && bytes(json) + 18 > ONE_STRING_BYTES) {
    return `cannot start it: HYPERTUNE_PARAMS, the JSON of all ${Object.keys(params).length} parameters hypertune sets for every trial, is ${Math.ceil(bytes(json) / 1024)} kB, more than one environment variable may be (${limit}): tune fewer parameters at once`;
  }
  const total = [...invocation.args, ...Object.entries(invocation.env).map(([name, text]) => `${name}=${text}`)].reduce((sum, word) => sum + bytes(word) + 1, 0);
  return `cannot start it: its ${invocation.args.length} arguments and the variables hypertune sets come to ${Math.ceil(total / 1024)} kB with the environment, more than the system takes at once (E2BIG): pass the parameters in a file (--pass json-file)`;
}
