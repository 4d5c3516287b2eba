import { readFile } from 'node:fs/promises';
import { SpaceError, UsageError } from '../errors.js';
import { parseSpace } from './parse.js';
import { parseRecords } from './record-files.js';
import type { RawRecord } from './records.js';
import type { Space } from './types.js';

/** Read and compile a space file; with loadRecords, the only file access in space/. */
export async function loadSpace(path: string): Promise<Space> {
  // `check ''` said "hypertune: : no such file" (a user audit)
  if (path.trim() === '') throw new UsageError('the space file\'s path is empty: name a YAML file, as in hypertune check space.yaml');
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a space file' : `cannot read it (${code ?? String(error)})`;
    throw new SpaceError(reason, { file: path });
  }
  return parseSpace(utf8Text(bytes, path), { file: path });
}

/**
 * The file's text; bytes that are no UTF-8 are refused where they stand (a Latin-1 `café` reached the
 * program as `caf\uFFFD` when decoding replaced them; a user audit).
 */
function utf8Text(bytes: Buffer, path: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const bad = firstBadByte(bytes);
    const lines = bytes.subarray(0, bad).toString('utf8').split('\n');
    throw new SpaceError(`the file is not UTF-8 (byte 0x${(bytes[bad] ?? 0).toString(16)}): save it as UTF-8`, { file: path, line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 });
  }
}

/** Where the first byte that starts no valid UTF-8 sequence is (the decoder said there is one). */
function firstBadByte(bytes: Buffer): number {
  let at = 0;
  while (at < bytes.length) {
    const lead = bytes[at] ?? 0;
    const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead < 0xe0 ? 2 : lead >= 0xe0 && lead < 0xf0 ? 3 : lead >= 0xf0 && lead < 0xf5 ? 4 : 0;
    if (length === 0 || at + length > bytes.length) return at;
    for (let next = at + 1; next < at + length; next++) if (((bytes[next] ?? 0) & 0xc0) !== 0x80) return at;
    at += length;
  }
  return bytes.length;
}

/** The configurations or results of a .csv, .json, .yaml or .yml file (enqueue --from, add --from). */
export async function loadRecords(path: string): Promise<RawRecord[]> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SpaceError(code === 'ENOENT' ? 'no such file' : `cannot read it (${code ?? String(error)})`, { file: path });
  }
  return parseRecords(utf8Text(bytes, path), path);
}
