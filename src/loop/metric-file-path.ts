import { resolve } from 'node:path';
import { fillPlaceholders } from '../runner/index.js';
import { escapeGlob, isGlob } from '../store/glob.js';

/**
 * Where a trial's metric file is looked for: `metric_file` with its placeholders filled in, relative to
 * the folder the program runs in. Whether it has wildcards is the user's text's to say: brackets in a
 * folder's name or a filled-in value are escaped, not read as a pattern.
 */
export function metricFilePath(pattern: string, cwd: string, launch: Parameters<typeof fillPlaceholders>[1]): { path: string; glob: boolean } {
  const glob = isGlob(pattern);
  const escape = glob ? escapeGlob : (text: string): string => text;
  return { path: resolve(escape(cwd), fillPlaceholders(pattern, launch, escape)), glob };
}
