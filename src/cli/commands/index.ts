import type { Command } from 'commander';
import type { Output } from '../output.js';
import { registerExplain } from './explain.js';
import { registerReport } from './report.js';

/** Each command lives in its own file and is registered here, in the order `--help` lists them. */
export function registerCommands(program: Command, output: Output): void {
  registerExplain(program, output);
  registerReport(program, output);
}
