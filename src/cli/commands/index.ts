import type { Command } from 'commander';
import type { Output } from '../output.js';

/** `argv`: the whole command line, for what commander does not keep (whether `--` was given). */
type Register = (program: Command, output: Output, argv: readonly string[]) => void;

/** Each command lives in its own file, loaded only when needed; listed in the order `--help` shows them. */
const COMMANDS: Record<string, () => Promise<Register>> = {
  run: async () => (await import('./run.js')).registerRun,
  resume: async () => (await import('./resume.js')).registerResume,
  summary: async () => (await import('./summary.js')).registerSummary,
  show: async () => (await import('./show.js')).registerShow,
  studies: async () => (await import('./studies.js')).registerStudies,
  remove: async () => (await import('./remove.js')).registerRemove,
  check: async () => (await import('./check.js')).registerCheck,
  parse: async () => (await import('./parse.js')).registerParse,
  explain: async () => (await import('./explain.js')).registerExplain,
  report: async () => (await import('./report.js')).registerReport,
  enqueue: async () => (await import('./enqueue.js')).registerEnqueue,
  add: async () => (await import('./add.js')).registerAdd,
  create: async () => (await import('./create.js')).registerCreate,
  ask: async () => (await import('./ask.js')).registerAsk,
  tell: async () => (await import('./tell.js')).registerTell,
};

/**
 * Register the command named on the command line, or all of them (for help and for mistakes).
 * Loading one command's modules instead of all of them saves start-up time on every worker and trial
 * batch, which matters when several workers start at once on a small machine.
 */
export async function registerCommands(program: Command, output: Output, argv: readonly string[]): Promise<void> {
  const first = argv.slice(2).find((arg) => !arg.startsWith('-'));
  const names = first !== undefined && Object.hasOwn(COMMANDS, first) ? [first] : Object.keys(COMMANDS);
  const registers = await Promise.all(names.map((name) => COMMANDS[name]?.() ?? Promise.reject(new Error(name))));
  for (const register of registers) register(program, output, argv);
}
