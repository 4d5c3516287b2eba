import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StoreOptions } from '../../src/store/open.js';

const here = dirname(fileURLToPath(import.meta.url));
const script = join(here, 'fixtures', 'store-child.mjs');

/** Children use the built store; fail with the fix rather than a module error. */
export function requireBuild(): void {
  if (!existsSync(join(here, '..', '..', 'dist', 'store', 'open.js'))) {
    throw new Error('dist/store/open.js is missing: run `npm run build` first (npm test does)');
  }
}

export function startChild(command: string, options: StoreOptions, study: string, ...args: string[]): ChildProcess {
  requireBuild();
  return spawn(process.execPath, [script, command, JSON.stringify(options), study, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
}

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Collects output until the child exits (and is reaped, so its pid is really gone). */
export function finished(child: ChildProcess): Promise<ChildResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

export async function runChild(command: string, options: StoreOptions, study: string, ...args: string[]): Promise<ChildResult> {
  const result = await finished(startChild(command, options, study, ...args));
  if (result.code !== 0) throw new Error(`store child ${command} failed (${result.code ?? result.signal}):\n${result.stderr}`);
  return result;
}

/** Resolves when the child has printed a line equal to `line` (or matching it) on its stdout. */
export function waitForLine(child: ChildProcess, line: string | RegExp): Promise<void> {
  const matches = (each: string): boolean => (typeof line === 'string' ? each === line : line.test(each));
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.split('\n').slice(0, -1).some(matches)) resolve();
    });
    child.on('close', () => reject(new Error(`child exited before printing ${String(line)}`)));
  });
}
