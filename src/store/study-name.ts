import { UsageError } from '../errors.js';

/** The longest study name, in UTF-8 bytes: a folder name holds 255, and `-2` or `.csv` may be added. */
export const STUDY_NAME_BYTES = 200;

/** `base-2`, `base-3`, ...: the first not in `taken`, `base` cut short where the number would make the name too long. */
export function freeStudyName(taken: ReadonlySet<string>, base: string): string {
  for (let n = 2; ; n++) {
    let stem = base;
    while (stem.length > 1 && Buffer.byteLength(`${stem}-${n}`) > STUDY_NAME_BYTES) stem = [...stem].slice(0, -1).join('');
    if (!taken.has(`${stem}-${n}`)) return `${stem}-${n}`;
  }
}

/** A study name becomes a folder name (journal) and a key (PostgreSQL); one rule for both keeps studies portable. */
export function checkStudyName(name: string): string {
  return refuse(name,
    name.length === 0
      ? 'it is empty'
      : Buffer.byteLength(name) > STUDY_NAME_BYTES
        ? 'it is longer than 200 bytes (a folder name holds 255; \u00e9 is 2, \u65e5 3)'
        : name === '.' || name === '..'
          ? 'it is a relative folder name'
          : /[/\\\0]/.test(name)
            ? 'it contains a slash, a backslash or a NUL character'
            : name.startsWith('.')
              ? 'it starts with a dot'
              : null);
}

/**
 * A name for a new study: checkStudyName, and nothing a command line or a table cannot carry (a leading
 * -, a control character, a space at either end; found by a user audit). Studies made before these
 * were refused keep working: only a new one is checked so.
 */
export function checkNewStudyName(name: string): string {
  checkStudyName(name);
  return refuse(name,
    name.startsWith('-')
      ? 'it starts with -, which a command line reads as an option'
      : /[\u0000-\u001f\u007f]/.test(name)
        ? 'it holds a control character (a line break, a tab)'
        : name.trim() !== name
          ? 'it starts or ends with a space'
          : null);
}

function refuse(name: string, problem: string | null): string {
  if (problem !== null) throw new UsageError(`invalid study name ${JSON.stringify(name)}: ${problem} (a study name is a folder's name: letters, digits, - and _ are safe everywhere)`);
  return name;
}
