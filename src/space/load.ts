import { readFile } from 'node:fs/promises';
import { SpaceError } from '../errors.js';
import { parseSpace } from './parse.js';
import { parseRecords } from './record-files.js';
import type { RawRecord } from './records.js';
import type { Space } from './types.js';

/** Read and compile a space file; with loadRecords, the only file access in space/. */
export async function loadSpace(path: string): Promise<Space> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a space file' : `cannot read it (${code ?? String(error)})`;
    throw new SpaceError(reason, { file: path });
  }
  return parseSpace(text, { file: path });
}

/** The configurations or results of a .csv, .json, .yaml or .yml file (enqueue --from, add --from). */
export async function loadRecords(path: string): Promise<RawRecord[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SpaceError(code === 'ENOENT' ? 'no such file' : `cannot read it (${code ?? String(error)})`, { file: path });
  }
  return parseRecords(text, path);
}
