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

/** Why `name` cannot name a study (a folder's name, journal; a key, PostgreSQL; one rule keeps studies portable), or null. */
export function studyNameProblem(name: string): string | null {
  if (name.length === 0) return 'it is empty';
  if (Buffer.byteLength(name) > STUDY_NAME_BYTES) return 'it is longer than 200 bytes (a folder name holds 255; \u00e9 is 2, \u65e5 3)';
  if (name === '.' || name === '..') return 'it is a relative folder name';
  if (/[/\\\0]/.test(name)) return 'it contains a slash, a backslash or a NUL character';
  if (name.startsWith('.')) return 'it starts with a dot';
  return null;
}

/**
 * Why `name` cannot name a new study, or null: studyNameProblem, and nothing a command line or a table
 * cannot carry (a leading -, a control character, a space at either end; found by a user audit).
 * Studies made before these were refused keep working: only a new one is checked so.
 */
export function newStudyNameProblem(name: string): string | null {
  const problem = studyNameProblem(name);
  if (problem !== null) return problem;
  if (name.startsWith('-')) return 'it starts with -, which a command line reads as an option';
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'it holds a control character (a line break, a tab)';
  if (name.trim() !== name) return 'it starts or ends with a space';
  return null;
}

/** `name`, or a UsageError saying why it cannot name a study. */
export function checkStudyName(name: string): string {
  return refuse(name, studyNameProblem(name));
}

/** `name`, or a UsageError saying why it cannot name a new study. */
export function checkNewStudyName(name: string): string {
  return refuse(name, newStudyNameProblem(name));
}

function refuse(name: string, problem: string | null): string {
  if (problem !== null) throw new UsageError(`invalid study name ${JSON.stringify(name)}: ${problem} (a study name is a folder's name: letters, digits, - and _ are safe everywhere)`);
  return name;
}
