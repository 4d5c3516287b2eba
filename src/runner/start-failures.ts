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

/** Why the system refused to start a trial whose values are too long, naming the longest (a user audit). */
export function tooLongText(params: Config): string {
  const [label, value] = Object.entries(params).reduce((a, b) => (String(b[1]).length > String(a[1]).length ? b : a), ['', ''] as [string, unknown]);
  const which = label === '' ? 'a value' : `${label}'s value (${String(value).length} characters)`;
  return `cannot start it: ${which} is longer than an argument or environment variable may be (E2BIG; 128 kB on Linux): give the program the path of a file that holds it`;
}
