import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** The studies under a journal's root: the folders holding a journal file (`fileName`) that is not empty (or, with `empty`, any). */
export async function listJournalStudies(root: string, fileName: string, { empty = false } = {}): Promise<string[]> {
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
      return info?.isFile() === true && (empty || info.size > 0) ? name : null;
    }),
  );
  return found.filter((name): name is string => name !== null).sort();
}
