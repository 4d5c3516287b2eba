import { readFile } from 'node:fs/promises';
import { UsageError } from '../errors.js';

/** A saved training log, from a file or (no path) standard input: `parse` and `tell --log` read it as run reads output. */
export async function readLog(log: string | undefined): Promise<string> {
  if (log !== undefined) {
    try {
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
