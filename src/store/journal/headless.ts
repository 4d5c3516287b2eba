// A study folder whose journal has lost its first record (the study header) while its trials are still
// there: making a new study in it would hide the old trials for good and reuse their ids and folders.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { RuntimeFailure } from '../../errors.js';
import type { JournalFile } from './journal-file.js';
import { JOURNAL_FILE, type JournalFiles } from './journal-files.js';
import { listJournalStudies } from './study-list.js';

/** Throws when `file` (read, locked) has no study header but holds records, damaged lines or trial folders. */
export function refuseHeadlessStudy(file: JournalFile, folder: string): void {
  const problem = headlessProblem(file, folder);
  if (problem !== null) throw new RuntimeFailure(problem);
}

/** What is wrong with a study folder whose journal (read) has no study header but holds something; null if nothing. */
export function headlessProblem(file: JournalFile, folder: string): string | null {
  if (file.created !== null) return null;
  const records = file.all.length;
  const { shown, count } = file.damage;
  const trials = trialFolders(join(folder, 'trials'));
  if (records === 0 && count === 0 && trials === 0) return null;
  const held = [records > 0 ? `${records} records` : '', count > 0 ? `${count} unreadable lines (line ${shown[0]?.line ?? 1}: ${JSON.stringify((shown[0]?.text ?? '').slice(0, 60))})` : '', trials > 0 ? `${trials} trial folders` : '']
    .filter((part) => part !== '')
    .join(', ');
  return `${file.path} has no readable study_created record, yet the study folder holds ${held}: an earlier study whose first line is damaged or whose journal was emptied; repair that line or move ${folder} away, or use --study NAME`;
}

/**
 * The study folders under a journal's root whose journal lost its header (headlessProblem): listed as
 * no study, they read as none at all, where summary, show and resume said only "no study" (a fault audit).
 */
export async function headlessStudies(files: JournalFiles): Promise<Array<{ study: string; problem: string }>> {
  const found: Array<{ study: string; problem: string }> = [];
  for (const study of await listJournalStudies(files.root, JOURNAL_FILE, { empty: true })) {
    const file = files.file(study);
    await file.refresh();
    const problem = headlessProblem(file, files.folder(study));
    if (problem !== null) found.push({ study, problem });
  }
  return found;
}

function trialFolders(path: string): number {
  try {
    return readdirSync(path).length;
  } catch {
    return 0;
  }
}
