import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { UsageError } from '../errors.js';
import { eventLines } from '../store/metric-file.js';

/** A saved training log, from a file or (no path) standard input: `parse` and `tell --log` read it as run reads output. */
export async function readLog(log: string | undefined): Promise<string> {
  if (log !== undefined) {
    try {
      // a TensorBoard event file is read as run reads it as a metric file: one JSON line per scalar
      if (basename(log).includes('tfevents')) return eventLines(await readFile(log)).lines.map((line) => `${line}\n`).join('');
      return await readFile(log, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(`cannot read ${log}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
    }
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}
