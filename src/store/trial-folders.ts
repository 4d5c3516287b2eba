import { appendFileSync, existsSync, readdirSync, renameSync } from 'node:fs';
import { makeFolderSync } from './make-folder.js';
import { lstat, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { withPath } from './named-error.js';
import { RuntimeFailure } from '../errors.js';
import { checkStudyName } from './study-name.js';

/**
 * Every trial's own folder on this machine: `<root>/<study>/trials/<id>/`. The journal's root is its
 * store folder, so a study's folders sit beside its journal. A PostgreSQL study has no folder of its
 * own on disk; its trials get theirs under the local `--dir` (default .hypertune) of the machine that
 * runs them. Trial ids are unique across workers, so folders on a shared file system never collide.
 */
export class TrialFolders {
  readonly root: string;
  private readonly made = new Set<string>();

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** The folder's path, without creating it. */
  path(study: string, trialId: number): string {
    if (!Number.isInteger(trialId) || trialId < 0) throw new RuntimeFailure(`invalid trial id ${trialId}`);
    return join(this.root, checkStudyName(study), 'trials', String(trialId));
  }

  /** The folder's path where it is there, else null. */
  existing(study: string, trialId: number): string | null {
    const folder = this.path(study, trialId);
    return existsSync(folder) ? folder : null;
  }

  /**
   * The folder, created if missing (synchronously: one cheap call, no thread-pool round trip per batch
   * of output). A trial's folder is first made by the process that runs it; one already there and not
   * empty belongs to an earlier trial of that id whose record the study lost (a journal cut short by
   * hand, a copy taken while it was written, a PostgreSQL study dropped and made again). It is moved
   * aside to `<id>.stale-<time>`, not mixed with this trial's output and files (found by a user audit).
   */
  ensure(study: string, trialId: number): string {
    const folder = this.path(study, trialId);
    if (!this.made.has(folder)) {
      if (existsSync(folder) && readdirSync(folder).length > 0) renameSync(folder, `${folder}.stale-${Date.now()}`);
      makeFolderSync(folder);
      this.made.add(folder);
    }
    return folder;
  }

  /** The journal's kept output: small synchronous appends, cheaper than thread-pool round trips per batch. */
  appendOutput(study: string, trialId: number, stream: 'stdout' | 'stderr', text: string): void {
    const folder = this.ensure(study, trialId);
    const file = join(folder, `${stream}.log`);
    withPath(file, () => {
      try {
        appendFileSync(file, text);
      } catch (error) {
        // the program removed its own folder (an output folder given as {trial_dir} that it empties with
        // shutil.rmtree first): the study stopped, the trial's result lost (a hostile-program audit). It is
        // made again while the study's folder is there; a study removed meanwhile is not brought back.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || !existsSync(join(this.root, study))) throw error;
        makeFolderSync(folder);
        appendFileSync(file, text);
      }
    });
  }

  /** What was kept of a stream; studies written before trial folders kept trials/<id>.<stream>. */
  async readOutput(study: string, trialId: number, stream: 'stdout' | 'stderr'): Promise<string> {
    const legacy = join(this.root, checkStudyName(study), 'trials', `${trialId}.${stream}`);
    for (const file of [join(this.path(study, trialId), `${stream}.log`), legacy]) {
      try {
        return await readFile(file, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    return '';
  }

  async writeFile(study: string, trialId: number, name: string, text: string): Promise<string> {
    if (name.includes('/') || name.startsWith('.')) throw new RuntimeFailure(`invalid trial file name ${JSON.stringify(name)}`);
    const file = join(this.ensure(study, trialId), name);
    await writeFile(file, text);
    return file;
  }

  /** Bytes under the study's folder on this machine (journal included, for the journal store). */
  async studySize(study: string): Promise<number> {
    return folderSize(join(this.root, checkStudyName(study)));
  }

  /** Removes the study's folder on this machine (its journal too, for the journal store); whether there was one. */
  async remove(study: string): Promise<boolean> {
    const folder = join(this.root, checkStudyName(study));
    const there = existsSync(folder);
    await rm(folder, { recursive: true, force: true });
    return there;
  }
}

/**
 * Bytes the disk gives `folder` and what is under it, as du counts them (allocated blocks, folders
 * included: 3,000 trial folders took 25 MB where their files' sizes summed to 14; a user audit),
 * symbolic links not followed; 0 when it does not exist.
 */
export async function folderSize(folder: string): Promise<number> {
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return 0;
    throw error;
  }
  let total = onDisk(await lstat(folder).catch(() => null));
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) total += await folderSize(path);
    else if (entry.isFile()) total += onDisk(await lstat(path).catch(() => null));
  }
  return total;
}

/** The blocks a file or folder takes (its size where the file system gives no blocks). */
function onDisk(stats: { blocks: number; size: number } | null): number {
  if (stats === null) return 0;
  return Number.isFinite(stats.blocks) && stats.blocks > 0 ? stats.blocks * 512 : stats.size;
}
