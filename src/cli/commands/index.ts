import type { Command } from 'commander';
import type { Output } from '../output.js';
import { registerCheck } from './check.js';
import { registerExplain } from './explain.js';
import { registerParse } from './parse.js';
import { registerReport } from './report.js';
import { registerResume } from './resume.js';
import { registerRun } from './run.js';
import { registerSummary } from './summary.js';

/** Each command lives in its own file and is registered here, in the order `--help` lists them. */
export function registerCommands(program: Command, output: Output): void {
  registerRun(program, output);
  registerResume(program, output);
  registerSummary(program, output);
  registerCheck(program, output);
  registerParse(program, output);
  registerExplain(program, output);
  registerReport(program, output);
}
