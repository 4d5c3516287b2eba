// A space given on the command line (`--param 'lr=loguniform(1e-5, 1e-1)'`), for a first search
// without writing a file, as Guild AI's flag ranges and Oríon's priors in the command allow. It
// becomes the text of a space file, stored with the study as a file's text is, so resume, summary and
// every other command read it the same way; conditional spaces, start:, prune: and the rest stay the file's.
import type { Command } from 'commander';
import { SpaceError, UsageError } from '../errors.js';
import { loadSpace, parseSpace } from '../space/index.js';
import { labelProblem } from '../space/labels.js';
import { checkCommandWords } from './command-words.js';
import { studyNameOf } from './study-store.js';
import type { Space } from '../space/types.js';
import { newStudyNameProblem } from '../store/study-name.js';
import { basename, extname } from 'node:path';

/** What names an inline space where a file's name would stand (the study's stored space file, errors). */
export const INLINE_SPACE = '--param';

const HEADER = '# the space given with --param\nparams:\n';
/** The line of the first --param's in the text: the header's lines come before it. */
const FIRST_PARAM_LINE = HEADER.split('\n').length;

/** `label=expression` -> [label, expression], refused when it is not one line of that shape. */
function split(given: string): [string, string] {
  const at = given.indexOf('=');
  const label = at === -1 ? '' : given.slice(0, at).trim();
  const expression = at === -1 ? '' : given.slice(at + 1).trim();
  if (label === '' || expression === '') {
    throw new UsageError(`--param ${JSON.stringify(given)}: give label=expression, e.g. --param 'lr=loguniform(1e-5, 1e-1)' or --param 'layers=choice(1, 2, 3)'`);
  }
  // a line break or a comment would make another line of the space than the one given
  if (/[\r\n]/.test(given) || /\s#/.test(expression)) throw new UsageError(`--param ${JSON.stringify(given)}: one expression on one line, without a # comment`);
  // checked before it becomes YAML, where `a: b=...` is a syntax error that names no label
  const problem = labelProblem(label);
  if (problem !== null) throw new UsageError(`--param ${JSON.stringify(given)}: ${problem}`);
  // a list is a choice here: choice(...), not the file's choice: [...]
  if (/^\[.*\]$/.test(expression)) throw new UsageError(`--param ${JSON.stringify(given)}: a list is no parameter; a choice is written ${label}=choice(${expression.slice(1, -1)})`);
  return [label, expression];
}

/** The space file the --param options stand for: one line each, in their order, from FIRST_PARAM_LINE. */
export function inlineSpaceText(params: readonly string[]): string {
  return HEADER + params.map((given) => split(given)).map(([label, expression]) => `  ${label}: ${expression}\n`).join('');
}

/**
 * The space of the --param options. An error names the option it is in, as a file's names its line:
 * `--param "lr=logunifrom(1e-5, 1)": lr: unknown family ...` (exit 2).
 */
export function parseInlineSpace(params: readonly string[]): Space {
  const text = inlineSpaceText(params);
  try {
    return parseSpace(text, { file: INLINE_SPACE });
  } catch (error) {
    if (!(error instanceof SpaceError)) throw error;
    const given = error.line === undefined ? undefined : params[error.line - FIRST_PARAM_LINE];
    const where = given === undefined ? params.map((p) => JSON.stringify(p)).join(' ') : JSON.stringify(given);
    throw new UsageError(`--param ${where}: ${error.label === undefined ? '' : `${error.label}: `}${error.reason}`);
  }
}

/**
 * The default study name without a space file: the script the command runs (`python3 train.py`,
 * `uv run src/train.py`: train), its module (`python -m pkg.train`: pkg.train), else its program's name.
 */
export function inlineStudyName(words: readonly string[]): string {
  const [program = '', ...rest] = words;
  const module = rest[rest.indexOf('-m') + 1];
  const script = rest.find((word) => !word.startsWith('-') && /\.\w+$|\//.test(word));
  const name = rest.includes('-m') && module !== undefined ? module : basename(script ?? program, extname(script ?? program));
  const problem = newStudyNameProblem(name);
  if (problem !== null) throw new UsageError(`the study takes its program's name, ${JSON.stringify(name)}, which cannot name one (${problem}): give --study NAME`);
  return name;
}

/** Where a run's space comes from: a file, or the --param options; and which words are the command. */
export interface SpaceSource {
  /** The file's path, or INLINE_SPACE. */
  file: string;
  words: string[];
  load: () => Promise<Space>;
  studyName: (given: string | undefined) => string;
}

/** `-p, --param <label=expression>`, repeated: the space without a file. */
export function addParamOption(command: Command): Command {
  return command.option(
    '-p, --param <label=expression>',
    "a parameter of the space, given without a space file (repeat it): --param 'lr=loguniform(1e-5, 1e-1)' --param 'layers=choice(1, 2, 3)'",
    (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
  );
}

/**
 * The space and the command of `run`: with --param, every word is the command's (commander took the
 * first for the space file); without, checkCommandWords's rules for `run space.yaml -- command`.
 */
export function spaceSourceOf(argv: readonly string[], operand: string | undefined, words: string[], params: readonly string[] | undefined): SpaceSource {
  if (params === undefined) {
    if (operand === undefined) throw new UsageError('give a space file, or the space with --param: hypertune run space.yaml -- python train.py, or hypertune run --param "lr=loguniform(1e-5, 1e-1)" -- python train.py');
    checkCommandWords(argv, operand, words);
    return { file: operand, words, load: () => loadSpace(operand), studyName: (given) => studyNameOf(given, operand) };
  }
  const end = argv.indexOf('--');
  if (operand !== undefined && (end === -1 || argv.indexOf(operand) < end)) {
    throw new UsageError(end === -1
      ? `put -- before the command to tune: hypertune run --param ... -- ${[operand, ...words].join(' ')}`
      : `give the space in a file or with --param, not both (${operand} before --)`);
  }
  const command = operand === undefined ? [] : [operand, ...words];
  return { file: INLINE_SPACE, words: command, load: async () => parseInlineSpace(params), studyName: (given) => given ?? inlineStudyName(command) };
}

/** The space of `create` (no command): a file, or --param with the study named by --study. */
export function createSpaceSource(operand: string | undefined, params: readonly string[] | undefined): SpaceSource {
  if (params === undefined) {
    if (operand === undefined) throw new UsageError('give a space file, or the space with --param: hypertune create space.yaml --study NAME, or hypertune create --param "lr=loguniform(1e-5, 1e-1)" --study NAME');
    return { file: operand, words: [], load: () => loadSpace(operand), studyName: (given) => studyNameOf(given, operand) };
  }
  if (operand !== undefined) throw new UsageError(`give the space in a file or with --param, not both (${operand})`);
  const studyName = (given: string | undefined): string => {
    if (given === undefined) throw new UsageError('a study made with --param has no file to take its name from: give --study NAME');
    return given;
  };
  return { file: INLINE_SPACE, words: [], load: async () => parseInlineSpace(params), studyName };
}
