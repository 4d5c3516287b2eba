import { UsageError } from '../errors.js';

/** A study name becomes a folder name (journal) and a key (PostgreSQL); one rule for both keeps studies portable. */
export function checkStudyName(name: string): string {
  const problem =
    name.length === 0
      ? 'it is empty'
      : name.length > 200
        ? 'it is longer than 200 characters'
        : name === '.' || name === '..'
          ? 'it is a relative folder name'
          : /[/\\\0]/.test(name)
            ? 'it contains a slash or a NUL character'
            : name.startsWith('.')
              ? 'it starts with a dot'
              : null;
  if (problem !== null) throw new UsageError(`invalid study name ${JSON.stringify(name)}: ${problem} (a study name is a folder's name: letters, digits, - and _ are safe everywhere)`);
  return name;
}
