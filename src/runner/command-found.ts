import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/**
 * Whether the program a command starts with can be started: found on PATH (a bare name) or, as a path,
 * there and executable. Checked before a new study is stored, so that a typo (`pyhton3`) is an error
 * with nothing left behind, not a study of that command that the corrected one is refused to join
 * (found by a user audit). A relative path is checked only from `cwd`; null: not checked (a path to be
 * found from each trial's own folder, or a placeholder).
 */
export function commandFound(file: string, cwd: string | null, path: string | undefined = process.env['PATH']): boolean | null {
  if (file.includes('{')) return null;
  if (file.includes('/')) {
    if (!isAbsolute(file) && cwd === null) return null;
    return runnable(isAbsolute(file) ? file : join(cwd ?? '.', file));
  }
  return (path ?? '').split(delimiter).some((folder) => folder !== '' && runnable(join(folder, file)));
}

function runnable(candidate: string): boolean {
  try {
    accessSync(candidate, constants.X_OK);
    return statSync(candidate).isFile();
  } catch {
    return false;
  }
}
