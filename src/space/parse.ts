import { SpaceError } from '../errors.js';
import { gridProblem } from './grid-check.js';
import { isMap, isScalar, parseDocument, type Node } from 'yaml';
import { ParseContext } from './parse-context.js';
import { copyAliases } from './aliases.js';
import { parseParams } from './parse-params.js';
import { parseStart } from './parse-start.js';
import { parsePrune } from './parse-prune.js';
import { parseStop } from './parse-stop.js';
import { parseExtraMetrics } from './parse-extra-metrics.js';
import { didYouMean } from './suggest.js';
import { unclosedOpener } from './yaml-openers.js';
import { isSweepConfig, sweepAsSpace } from './wandb-sweep.js';
import { hydraAsSpace, isHydraSweeper } from './hydra-sweeper.js';
import { isKatibExperiment, katibAsSpace } from './katib-experiment.js';
import { AT_BUDGET_MODES, METRIC_STREAMS, SPACE_ALGOS, type AtBudget, type Goal, type MetricStream, type ParamNode, type Space, type SpaceAlgo } from './types.js';
import { checkPattern, readPositiveInteger } from './setting-checks.js';
import { parseDuration } from '../util/duration.js';
import { objectiveProblem, readObjective } from '../util/objective.js';

/** What other tools call a top-level key (Optuna, W&B sweeps, Ray Tune, hyperopt): suggested by name. */
const KEYS_ELSEWHERE: Record<string, string> = { parameters: 'params', hyperparameters: 'params', search_space: 'params', space: 'params', direction: 'goal', mode: 'goal', n_trials: 'trials', max_evals: 'trials', num_samples: 'trials', method: 'algo' };
/** `goal: max` (Ray Tune's mode), `minimise`: the word meant. */
const goalMeant = (value: unknown): string => (typeof value === 'string' && /^(max|min)/i.test(value) ? `: write ${/^max/i.test(value) ? 'maximize' : 'minimize'}` : '');
const TOP_KEYS = ['metric', 'extra_metrics', 'goal', 'trials', 'time_budget', 'at_budget', 'algo', 'grid', 'pattern', 'objective', 'metric_stream', 'metric_file', 'prune', 'max_steps', 'stop', 'params', 'start'];

export interface ParseOptions {
  /** The file the text came from, named in error messages. */
  file?: string | undefined;
  /** A study's stored space, made by an earlier version: labels refused since are read (labels.ts). */
  stored?: boolean;
}

/** Compile a YAML search-space text into its expression tree; every mistake is a SpaceError. */
export function parseSpace(text: string, options: ParseOptions = {}): Space {
  // from plain JavaScript, an object here failed in the YAML library ("source is not a string")
  if (typeof text !== 'string') throw new SpaceError(`parseSpace takes the space file's YAML text, a string (got ${text === null ? 'null' : typeof text})`, { file: options.file });
  try {
    return parseText(text, options);
  } catch (error) {
    // choices nested some hundreds deep ran out of stack: "YAML syntax error" of valid YAML, then an
    // internal error (a user audit); no space needs such depth
    if (!(error instanceof RangeError) || !/call stack/i.test(error.message)) throw error;
    throw new SpaceError('the file nests deeper than a space file may (choices within choices some hundreds of levels down)', { file: options.file, line: 1, column: 1 });
  }
}

function parseText(text: string, options: ParseOptions): Space {
  const ctx: ParseContext = new ParseContext(options.file, text, options.stored === true);
  const doc = parseDocument(text, { lineCounter: ctx.lines, prettyErrors: false, uniqueKeys: true });
  const syntax = doc.errors[0];
  if (syntax !== undefined) {
    const position = ctx.positionAt(syntax.pos[0]);
    // Two expressions split at their commas inside { } leave two `1)` keys: say why, not "keys must be unique".
    if (syntax.code === 'DUPLICATE_KEY' && /^[^(,{}\s]*\)/.test(text.slice(syntax.pos[0]))) {
      ctx.fail('inside { } YAML splits family(a, b) at its comma: write these parameters on their own lines', position);
    }
    // the library's words name its own API or no key: say what the file holds instead
    if (syntax.code === 'MULTIPLE_DOCS') ctx.fail('the file holds a second YAML document here (after a --- line); a space file is one document', position);
    const key = /^["']?([^"':\n]+)/.exec(text.slice(syntax.pos[0]))?.[1]?.trim();
    if (syntax.code === 'DUPLICATE_KEY' && key !== undefined) ctx.fail(`the key ${JSON.stringify(key)} is given twice in one mapping; YAML keeps only one: write it once`, position);
    const message = syntax.message.split('\n')[0] ?? syntax.code;
    if (/call stack/i.test(message)) throw new RangeError(message);
    const opener = unclosedOpener(text, syntax.pos[0]);
    if (opener !== null) {
      const what = opener.char === '[' ? 'flow sequence [' : opener.char === '{' ? 'flow mapping {' : `quote ${opener.char}`;
      ctx.fail(
        `YAML syntax error: the ${what} opened here is never closed (YAML gave up at line ${position.line}, column ${position.column}: ${message})`,
        ctx.positionAt(opener.offset),
      );
    }
    ctx.fail(`YAML syntax error: ${message}${/tab/i.test(message) ? ' (indent with spaces)' : ''}`, position);
  }
  copyAliases(doc, ctx);
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) {
    ctx.fail('the space file is empty; it needs a params: mapping', { line: 1, column: 1 });
  }
  if (!isMap(root)) ctx.fail('the space file must be a mapping with a params: key', ctx.positionOf(root));

  const settings = new Map<string, Node | null>();
  // another tool's search space (a Hydra sweeper's params, a Katib experiment, a W&B sweep) is read in a space file's keys, its nodes where the file has them
  const foreign = isHydraSweeper(root) ? hydraAsSpace(ctx, root) : isKatibExperiment(root) ? katibAsSpace(ctx, root) : isSweepConfig(root) ? sweepAsSpace(ctx, root, TOP_KEYS) : null;
  for (const pair of (foreign?.map ?? root).items) {
    const key = isScalar(pair.key) ? pair.key.value : pair.key;
    const where = ctx.positionOf(isScalar(pair.key) ? pair.key : null);
    // `x-...` keys are the file's own (as docker compose's): anchors to copy into params, notes (a re-audit)
    if (typeof key === 'string' && key.startsWith('x-')) continue;
    if (typeof key !== 'string' || !TOP_KEYS.includes(key)) {
      ctx.fail(`unknown top-level key ${JSON.stringify(key)}${didYouMean(String(key), TOP_KEYS, KEYS_ELSEWHERE)}; known: ${TOP_KEYS.join(', ')}`, where);
    }
    settings.set(key, (pair.value as Node | null) ?? null);
  }

  const paramsNode = settings.get('params');
  if (paramsNode === undefined) ctx.fail('no params: mapping; list the parameters to tune under params:', { line: 1, column: 1 });
  if (!isMap(paramsNode) || paramsNode.items.length === 0) {
    ctx.fail('params: must be a non-empty mapping of label: distribution', ctx.positionOf(paramsNode));
  }
  const params = parseParams(ctx, paramsNode, null);

  const read = (key: string): { value: unknown; node: Node | null } => {
    const node = settings.get(key) ?? null;
    return { value: isScalar(node) ? node.value : node === null ? undefined : node, node };
  };
  const bad = (key: string, expected: string, node: Node | null, value: unknown): never =>
    ctx.fail(`${key} must be ${expected} (got ${JSON.stringify(value)})`, ctx.positionOf(node));

  const metric = read('metric');
  if (metric.value !== undefined && (typeof metric.value !== 'string' || metric.value.trim() === '')) bad('metric', 'a name', metric.node, metric.value);
  const goal = read('goal');
  if (goal.value !== undefined && goal.value !== 'minimize' && goal.value !== 'maximize') bad('goal', `minimize or maximize${goalMeant(goal.value)}`, goal.node, goal.value);
  const objective = read('objective');
  if (objective.value !== undefined && readObjective(objective.value) === null) ctx.fail(objectiveProblem(objective.value), ctx.positionOf(objective.node));
  const stream = read('metric_stream');
  if (stream.value !== undefined && !(METRIC_STREAMS as readonly unknown[]).includes(stream.value)) {
    bad('metric_stream', 'stdout, stderr or both', stream.node, stream.value);
  }
  const metricFile = read('metric_file');
  if (metricFile.value !== undefined && (typeof metricFile.value !== 'string' || metricFile.value.trim() === '')) {
    bad('metric_file', 'the path of the file the program writes its metrics to', metricFile.node, metricFile.value);
  }
  const algo = read('algo');
  if (algo.value !== undefined && !(SPACE_ALGOS as readonly unknown[]).includes(algo.value)) bad('algo', SPACE_ALGOS.join(', '), algo.node, algo.value);
  const trials = readPositiveInteger('trials', read('trials'), 1, bad);
  // a billion is the most a store keeps as a count (more reads as "no count": study/types.ts)
  if (trials !== null && trials > 1_000_000_000) bad('trials', 'an integer from 1 to 1000000000', read('trials').node, trials);
  const grid = readPositiveInteger('grid', read('grid'), 2, bad);
  const budget = read('time_budget');
  const timeBudgetS = budget.value === undefined ? null : parseDuration(String(budget.value));
  if (budget.value !== undefined && (timeBudgetS === null || (typeof budget.value !== 'string' && typeof budget.value !== 'number'))) {
    bad('time_budget', 'a duration like 8h, 90m, 1h30m or a number of seconds', budget.node, budget.value);
  }
  const atBudget = read('at_budget');
  if (atBudget.value !== undefined && !(AT_BUDGET_MODES as readonly unknown[]).includes(atBudget.value)) {
    bad('at_budget', 'finish (running trials finish) or stop (they are stopped)', atBudget.node, atBudget.value);
  }
  const pattern = read('pattern');
  if (pattern.value !== undefined) checkPattern(ctx, pattern.value, pattern.node, bad);
  const prune = parsePrune(ctx, settings.get('prune'), settings.get('max_steps'));

  const space: Omit<Space, 'start'> = {
    params,
    nodes: flattenNodes(params),
    metric: typeof metric.value === 'string' ? metric.value.trim() : 'loss',
    goal: (goal.value as Goal | undefined) ?? 'minimize',
    trials,
    timeBudgetS,
    atBudget: (atBudget.value as AtBudget | undefined) ?? null,
    grid,
    algo: (algo.value as SpaceAlgo | undefined) ?? null,
    pattern: typeof pattern.value === 'string' ? pattern.value : null,
    objective: readObjective(objective.value) ?? 'last',
    prune,
    stop: parseStop(ctx, settings.get('stop')),
    metricStream: (stream.value as MetricStream | undefined) ?? 'stdout',
    metricFile: typeof metricFile.value === 'string' ? metricFile.value.trim() : null,
    extraMetrics: parseExtraMetrics(ctx, settings.get('extra_metrics'), typeof metric.value === 'string' ? metric.value.trim() : 'loss'),
    file: options.file ?? null,
    text,
  };
  const problem = space.algo === 'grid' && !ctx.stored ? gridProblem({ ...space, start: [] }) : null;
  if (problem !== null) throw problem;
  return { ...space, start: parseStart(ctx, settings.get('start') ?? null, space), ...(foreign === null ? {} : { origin: foreign.origin }) };
}

/** Every node, depth-first, parents before children. */
export function flattenNodes(params: readonly ParamNode[]): ParamNode[] {
  return params.flatMap((node) =>
    node.kind === 'choice' ? [node, ...node.options.flatMap((option) => flattenNodes(option.params))] : [node],
  );
}

