// A study folder whose journal has lost its first record (the study header) while its trials are still
// there: making a new study in it would hide the old trials for good and reuse their ids and folders.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { RuntimeFailure } from '../../errors.js';
import type { JournalFile } from './journal-file.js';

/** Throws when `file` (read, locked) has no study header but holds records, damaged lines or trial folders. */
export function refuseHeadlessStudy(file: JournalFile, folder: string): void {
  if (file.created !== null) return;
  const records = file.all.length;
  const { shown, count } = file.damage;
  const trials = trialFolders(join(folder, 'trials'));
  if (records === 0 && count === 0 && trials === 0) return;
  const held = [records > 0 ? `${records} records` : '', count > 0 ? `${count} unreadable lines (line ${shown[0]?.line ?? 1}: ${JSON.stringify((shown[0]?.text ?? '').slice(0, 60))})` : '', trials > 0 ? `${trials} trial folders` : '']
    .filter((part) => part !== '')
    .join(', ');
  throw new RuntimeFailure(
    `${file.path} has no readable study_created record, yet the study folder holds ${held}: an earlier study whose first line is damaged or whose journal was emptied; repair that line or move ${folder} away, or use --study NAME`,
  );
}

function trialFolders(path: string): number {
  try {
    return readdirSync(path).length;
  } catch {
    return 0;
  }
}
