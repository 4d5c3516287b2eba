import { accessSync, closeSync, constants, openSync, readSync, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/**
 * Whether the program a command starts with can be started: found on PATH (a bare name) or, as a path,
 * there and executable. Checked before a new study is stored, so that a typo (`pyhton3`) is an error
 * with nothing left behind, not a study of that command that the corrected one is refused to join
 * (found by a user audit). A relative path is checked only from `cwd`; null: not checked (a path to be
 * found from each trial's own folder, or a placeholder).
 */
export function commandFound(file: string, cwd: string | null, path: string | undefined = process.env['PATH']): boolean | null {
  const found = programFile(file, cwd, path);
  return found === undefined ? null : found !== null;
}

/** The file a command's first word starts, as commandFound finds it; null: not found; undefined: not checked. */
function programFile(file: string, cwd: string | null, path: string | undefined): string | null | undefined {
  if (file.includes('{')) return undefined;
  if (file.includes('/')) {
    if (!isAbsolute(file) && cwd === null) return undefined;
    const candidate = isAbsolute(file) ? file : join(cwd ?? '.', file);
    return runnable(candidate) ? candidate : null;
  }
  return (path ?? '').split(delimiter).filter((folder) => folder !== '').map((folder) => join(folder, file)).find(runnable) ?? null;
}

const INTERPRETERS: Record<string, string> = { py: 'python3', sh: 'bash', bash: 'bash', js: 'node', mjs: 'node', cjs: 'node', rb: 'ruby', pl: 'perl', R: 'Rscript' };

/**
 * Why a command given as a path cannot be started: a folder, a file without the executable bit (a
 * script written by hand, or unpacked from a zip), or nothing there. All three read "not there, or not
 * executable" of a file that is right there (a hostile-program audit).
 */
export function whyNotRunnable(file: string, cwd: string): string {
  const candidate = isAbsolute(file) ? file : join(cwd, file);
  try {
    if (statSync(candidate).isDirectory()) return 'it is a folder, not a program';
  } catch {
    return `there is no such file (${candidate})`;
  }
  const interpreter = INTERPRETERS[file.slice(file.lastIndexOf('.') + 1)];
  const example = interpreter === undefined ? '' : ` (${interpreter} ${file})`;
  return `it is not executable: chmod +x it, or start it through its interpreter${example}`;
}

function runnable(candidate: string): boolean {
  try {
    accessSync(candidate, constants.X_OK);
    return statSync(candidate).isFile();
  } catch {
    return false;
  }
}

/**
 * The `#!` interpreter of a script that the system would not find, as its line names it (`/usr/bin/env
 * python3`'s python3 when no folder of PATH has it); null when the command is no script, or its
 * interpreter is there. A script whose interpreter is missing fails to start with ENOENT, which read
 * "not found (check the name and PATH)" of a file that is right there (a user audit).
 */
export function missingInterpreter(file: string, cwd: string | null, path: string | undefined = process.env['PATH']): string | null {
  const script = programFile(file, cwd, path);
  if (script === null || script === undefined) return null;
  const first = firstLine(script);
  if (first === null || !first.startsWith('#!')) return null;
  const [interpreter, ...rest] = first.slice(2).trim().split(/\s+/);
  if (interpreter === undefined || interpreter === '') return null;
  if (!runnable(interpreter)) return interpreter;
  // env finds the program on PATH: `#!/usr/bin/env python3`, `#!/usr/bin/env -S python3 -u`
  const name = interpreter.endsWith('/env') ? rest.find((word) => !word.startsWith('-') && !word.includes('=')) : undefined;
  if (name === undefined || name.includes('/')) return null;
  return commandFound(name, cwd, path) === false ? `${name} (run by ${interpreter})` : null;
}

function firstLine(file: string): string | null {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const buffer = Buffer.alloc(256);
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, read).toString('utf8').split('\n')[0] ?? null;
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
