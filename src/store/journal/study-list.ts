import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** The studies under a journal's root: the folders holding a journal file (`fileName`) that is not empty. */
export async function listJournalStudies(root: string, fileName: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(root);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const found = await Promise.all(
    names.map(async (name) => {
      const info = await stat(join(root, name, fileName)).catch(() => null);
      return info?.isFile() === true && info.size > 0 ? name : null;
    }),
  );
  return found.filter((name): name is string => name !== null).sort();
}
