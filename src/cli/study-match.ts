import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { parseSpace } from '../space/index.js';
import { UsageError } from '../errors.js';
import { diffLines } from '../report/text-diff.js';
import type { StudyMeta } from '../study/events.js';
import { quoteArg, quoteCommand } from './shell-words.js';

/** Options that change what a study's trials mean; any other option may differ between runs. */
const DEFINING_OPTIONS = ['metric', 'goal', 'algo', 'pass', 'pattern', 'objective', 'metricStream', 'metricFile', 'configFile'] as const;
/** What a study stored before an option existed ran with: studies without an algo ran TPE, and so on. */
const STORED_DEFAULTS: Record<string, unknown> = { algo: 'tpe', metricStream: 'stdout', metricFile: null, configFile: null };

/** Each option as the user gives it: a flag, or the space file's key where it has no flag. */
const SAID_AS: Record<string, string> = {
  metric: '--metric (metric:)',
  goal: '--maximize/--minimize (goal:)',
  algo: '--algo (algo:)',
  pass: '--pass',
  pattern: 'the pattern (pattern:)',
  objective: '--objective (objective:)',
  metricStream: '--metric-stream (metric_stream:)',
  metricFile: '--metric-file (metric_file:)',
  configFile: '--config-file',
  seed: '--seed',
};

/**
 * One study, one space: refuses to add trials to a study whose space, command or defining options
 * differ from the request, showing the difference and a study name that is free.
 */
export function checkStudyMatches(
  stored: StudyMeta,
  requested: StudyMeta,
  options: { seedGiven: boolean; algoGiven?: boolean; freeName: string; locationFlags?: readonly string[]; removal?: string | null },
): void {
  const differences: string[] = [];
  if (searchOf(stored.spaceText) !== searchOf(requested.spaceText)) {
    const shown = shownSearch(stored.spaceText, requested.spaceText);
    // a diff of lines that only moved read as no difference at all (a user audit): say why order counts
    const moved = reordered(...shown) ? '\n  (the same lines in another order: the order of the parameters is their place in the model and in the start-up sequence, so it is another search)' : '';
    differences.push(`the space differs (- stored, + ${requested.spaceFile ?? 'given'}):\n${indent(diffLines(...shown))}${moved}`);
  }
  if (JSON.stringify(stored.command) !== JSON.stringify(requested.command)) {
    differences.push(`the command differs:\n  - ${quoteCommand(stored.command)}\n  + ${quoteCommand(requested.command)}`);
  }
  // without --algo the study keeps its own (a study made before `auto` was the default stays tpe)
  const keys: string[] = [...DEFINING_OPTIONS.filter((key) => key !== 'algo' || options.algoGiven !== false), ...(options.seedGiven ? ['seed'] : [])];
  for (const key of keys) {
    const before = stored.options[key] ?? STORED_DEFAULTS[key];
    const after = requested.options[key] ?? (key === 'algo' ? undefined : STORED_DEFAULTS[key]);
    if (JSON.stringify(before ?? null) !== JSON.stringify(after ?? null)) {
      differences.push(`${SAID_AS[key] ?? key} differs: stored ${JSON.stringify(before ?? null)}, given ${JSON.stringify(after ?? null)}`);
    }
  }
  // other extra metrics given are no other search: the run adds them to the study (study-changes.ts)
  if (differences.length === 0) return;
  const spaceChanged = searchOf(stored.spaceText) !== searchOf(requested.spaceText);
  throw new UsageError(
    `study "${stored.name}" already exists with a different setup, and one study holds one search:\n` +
      `${differences.join('\n')}\n` +
      `Start a new study with --study ${quoteArg(options.freeName)}${spaceChanged ? learnFrom(stored.name, options, addedLabels(stored.spaceText, requested.spaceText)) : ''}, or ${goOn(stored, options.locationFlags ?? [])}` +
      `${options.removal == null ? '' : `, or, since it has no complete trial, remove it to start it afresh: ${options.removal}`}.`,
  );
}

/**
 * A new study of the edited space that learns from this one's results (steering.md, "add"): the way a
 * widened range keeps the old trials, which the refusal did not name (a user audit).
 */
function learnFrom(study: string, options: { freeName: string; locationFlags?: readonly string[] }, added: readonly string[]): string {
  const where = [`--study ${quoteArg(study)}`, ...(options.locationFlags ?? [])].join(' ');
  // a parameter the old trials did not have: its column must be added, or add refuses every row (a user audit)
  const columns = added.length === 0 ? '' : `, with a column ${added.join(', ')} added to the file holding the value${added.length === 1 ? '' : 's'} the old trials ran with`;
  return ` (learning from this one's results: \`hypertune summary ${where} --format csv > ${quoteArg(`${study}.csv`)}\`, then --add ${quoteArg(`${study}.csv`)} to that run${columns})`;
}

/** The parameters the requested space has and the stored one does not; none when either does not parse. */
function addedLabels(storedText: string, requestedText: string): string[] {
  try {
    const before = new Set(parseSpace(storedText).nodes.map((node) => node.label));
    return parseSpace(requestedText).nodes.filter((node) => node.kind !== 'constant' && !before.has(node.label)).map((node) => node.label);
  } catch {
    return [];
  }
}

/** How to go on with the stored study as it is: resume runs its command; one made by `create` has none. */
function goOn(stored: StudyMeta, locationFlags: readonly string[]): string {
  const where = [`--study ${quoteArg(stored.name)}`, ...locationFlags].join(' ');
  if (stored.command.length === 0) return `give this one its trials as it is with \`hypertune ask ${where}\` and \`tell\` (it was made by \`hypertune create\`)`;
  return `continue this one as it is with \`hypertune resume ${where}\``;
}

/**
 * Top-level keys a refusal's diff leaves out: what only bounds a run (it may change) and the options
 * compared on their own lines (metric, goal, ...). The diff showed `- trials: 3` and `- goal: minimize`
 * beside the one real difference (a user audit).
 */
const NOT_DIFFED = ['extra_metrics', 'trials', 'time_budget', 'at_budget', 'stop', 'start', 'metric', 'goal', 'algo', 'pattern', 'objective', 'metric_stream', 'metric_file', 'prune', 'max_steps'];

/** The two space texts as the refusal shows them: comments and layout gone, NOT_DIFFED keys left out; as written if either does not parse. */
function shownSearch(stored: string, requested: string): [string, string] {
  const shown = (text: string): string | null => {
    try {
      const doc: unknown = parseYaml(text);
      if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return null;
      const kept = Object.fromEntries(Object.entries(doc).filter(([key]) => !NOT_DIFFED.includes(key)));
      return stringifyYaml(kept);
    } catch {
      return null;
    }
  };
  const [a, b] = [shown(stored), shown(requested)];
  return a === null || b === null || a === b ? [stored, requested] : [a, b];
}

/**
 * The search a space file defines, for comparing two: the compiled space without where each part was
 * written (comments, layout, `choice(a, b)` or `choice: [a, b]`, a default written out) and without what
 * only bounds a run (`trials:`, `time_budget:`, `at_budget:`, `stop:`, `start:`), nor `extra_metrics:` (compared
 * on its own line). Text that does not
 * compile is compared as it is.
 */
function searchOf(text: string): string {
  try {
    const { params, nodes, trials, timeBudgetS, atBudget, stop, start, file, text: _text, extraMetrics, ...rest } = parseSpace(text);
    return JSON.stringify({ nodes, ...rest }, (key, value: unknown) => (key === 'position' ? undefined : value));
  } catch {
    return text.replace(/\r\n/g, '\n').trimEnd();
  }
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}

/** How to remove a study that holds nothing worth keeping (a first run whose command was wrong). */
export function studyRemoval(study: string, locationFlags: readonly string[]): string {
  return ['hypertune remove', quoteArg(study), ...locationFlags, '--yes'].join(' ');
}

/** Whether two texts hold the same lines (comments and blank ones aside) in another order. */
function reordered(a: string, b: string): boolean {
  const lines = (text: string): string => text.split('\n').map((line) => line.replace(/\s+#.*$/, '').trimEnd()).filter((line) => line.trim() !== '' && !line.trim().startsWith('#')).sort().join('\n');
  return a !== b && lines(a) === lines(b);
}
