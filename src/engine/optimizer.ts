import { UsageError } from '../errors.js';
import { parseSpace } from '../space/parse.js';
import { SPACE_ALGOS, type Config, type Space } from '../space/types.js';
import type { TrialRecord } from '../study/types.js';
import { nextTrialId } from './explain.js';
import { withAlgo } from './algo-choice.js';
import { gridSize } from './grid.js';
import { completeStart } from './start-configs.js';
import { learnsFromCurves, propose } from './propose.js';
import { decidePrune, PRUNER_NAMES, prunerProblem, resolvePruner } from './prune/index.js';
import { nearCopyOf } from './prune/confirm.js';
import type { Curve } from './prune/types.js';
import { historyProblem, optionsProblem, reportProblem, tellProblem } from './options-check.js';
import type { AskResult, CreateOptimizerOptions, Optimizer, OptimizerOptions, TellResult } from './types.js';

/**
 * The ask/tell API over `propose`. Rebuilt from a list of past trials it continues exactly as if it
 * had never stopped, because every proposal depends only on (space, trials, seed, id).
 */
export function createOptimizer(spaceOrText: Space | string, createOptions: CreateOptimizerOptions = {}, history: readonly TrialRecord[] = []): Optimizer {
  const space = typeof spaceOrText === 'string' ? parseSpace(spaceOrText) : spaceOrText;
  if (typeof space !== 'object' || space === null || !Array.isArray((space as Partial<Space>).nodes)) {
    throw new UsageError(`createOptimizer takes a space: its YAML text, or what parseSpace or loadSpace returns (got ${JSON.stringify(spaceOrText)?.slice(0, 80) ?? String(spaceOrText)})`);
  }
  // checked before it is taken apart: null threw a TypeError (a library user's audit)
  const wrong = optionsProblem(createOptions as OptimizerOptions) ?? historyProblem(history, space);
  if (wrong !== null) throw new UsageError(wrong);
  const { algo: givenAlgo, ...rest } = createOptions;
  // the space file's algo:, prune: and max_steps: apply as they do for `run`, under what the options say
  // (they were ignored, goal: was not; a user audit); the hyperopt preset is the TPE's
  const options = withAlgo(rest, givenAlgo ?? (rest.tpe?.preset === 'hyperopt' ? 'tpe' : (space.algo ?? 'auto')));
  const trials = new Map<number, TrialRecord>(history.map((t) => [t.id, { ...t, params: { ...t.params } }]));
  // past trials' curves (as trials() gives them) go on: the pruner compares with them, the GP reads them;
  // JSON writes a NaN value as null, and it is read back as NaN (a user audit: a saved state would not load)
  const curves = new Map<number, { steps: number[]; values: number[] }>(history.flatMap((t) => (t.curve === undefined ? [] : [[t.id, { steps: [...t.curve.steps], values: t.curve.values.map((v) => v ?? Number.NaN) }]])));
  // the curves reported so far go with each trial (the GP reads them under pruning: TrialRecord.curve)
  const records = (): TrialRecord[] => [...trials.values()].sort((a, b) => a.id - b.id);
  const list = (): TrialRecord[] =>
    records().map((t) => {
      const curve = curves.get(t.id);
      return curve === undefined ? t : { ...t, curve };
    });
  // a caller from plain JavaScript gets a sentence, not a TypeError from deep in a sampler
  const algo: unknown = options.algo;
  if (!(SPACE_ALGOS as readonly unknown[]).includes(algo)) {
    throw new UsageError(`algo must be one of ${SPACE_ALGOS.join(', ')} (got ${JSON.stringify(algo)})`);
  }
  if (options.tpe?.preset === 'hyperopt' && algo !== 'tpe') throw new UsageError(`tpe: { preset: 'hyperopt' } is hyperopt's TPE: give it with algo 'tpe', not ${JSON.stringify(algo)}`);
  if (algo === 'grid') gridSize(space);
  const given = options.pruner;
  // settings without a name (in the options or the space file) meant no pruning at all, unsaid (a user audit)
  if (typeof given === 'object' && given !== null && given.name === undefined && space.prune.name === undefined) {
    throw new UsageError(`pruner: settings need the pruner's name, such as { name: 'asha', ${Object.keys(given).find((key) => key !== 'name') ?? 'minSteps'}: ... } (${PRUNER_NAMES.join(', ')})`);
  }
  const pruner = resolvePruner(given === undefined ? { ...space.prune } : typeof given === 'string' ? { ...space.prune, name: given } : { ...space.prune, ...given });
  const problem = prunerProblem(pruner);
  // the CLI's words are --prune and prune:; here the option is pruner
  if (problem !== null) throw new UsageError(problem.replace(/^prune must/, 'pruner must'));
  const curveList = (): Curve[] => records().map((t) => ({ id: t.id, state: t.state, steps: curves.get(t.id)?.steps ?? [], values: curves.get(t.id)?.values ?? [] }));
  const running = (id: number, verb: string): TrialRecord => {
    const trial = trials.get(id);
    if (typeof id !== 'number') throw new UsageError(`${verb}: a trial id is a number, as ask() returns it (got ${JSON.stringify(id)})`);
    if (trial === undefined) throw new UsageError(`${verb}: no trial with id ${id}`);
    if (trial.state !== 'running') throw new UsageError(`${verb}: trial ${id} is already ${trial.state}`);
    return trial;
  };
  return {
    ask(): AskResult {
      const history = list();
      const id = nextTrialId(history);
      // the space file's start: configurations come first, the parameters they leave out filled in
      // (a Space built by hand, not by parseSpace, may lack start:)
      const start = (space.start as readonly Config[] | undefined)?.[id];
      if (start !== undefined) {
        const params = completeStart(space, history, id, options, start);
        trials.set(id, { id, params, state: 'running', value: null });
        return { id, params: { ...params }, startup: false, sampler: 'enqueued' };
      }
      const proposal = propose(space, history, id, options);
      if (proposal === null) {
        throw new UsageError('grid search is exhausted: every grid point has been tried');
      }
      // the GP's trials say so, as the journal's do: continued with a larger budget, a study whose GP had
      // begun went back to start-up trials (the CLI's fix, which the library's records missed; a user audit)
      trials.set(id, { id, params: proposal.params, state: 'running', value: null, ...(proposal.sampler === 'gp' ? { sampler: 'gp' as const } : {}) });
      return { id, params: { ...proposal.params }, startup: proposal.startup, sampler: proposal.sampler };
    },
    report(id: number, step: number, value: number): boolean {
      running(id, 'report');
      const curve = curves.get(id) ?? { steps: [], values: [] };
      const bad = reportProblem(step, value, curve.steps.at(-1));
      if (bad !== null) throw new UsageError(bad);
      curve.steps.push(step);
      curve.values.push(value);
      curves.set(id, curve);
      const seed = options.seed ?? 0;
      const curvesModelled = (): boolean => learnsFromCurves(space, list(), options);
      const nearCopy = nearCopyOf(space, (other) => trials.get(other)?.params);
      return decidePrune({ settings: pruner, goal: options.goal ?? space.goal, seed, curves: curveList(), id, curvesModelled, nearCopy }).prune;
    },
    tell(id: number, result: TellResult): void {
      const trial = running(id, 'tell');
      const bad = tellProblem(result);
      if (bad !== null) throw new UsageError(bad);
      const reached = curves.get(id)?.steps.at(-1);
      const firstStep = curves.get(id)?.steps[0] ?? 0;
      if (typeof result === 'number') {
        if (Number.isFinite(result)) trials.set(id, { ...trial, state: 'complete', value: result, ...(reached === undefined ? {} : { step: reached, firstStep }) });
        else trials.set(id, { ...trial, state: 'failed', value: null });
      } else if (result.state === 'pruned') {
        const curve = curves.get(id);
        const last = curve?.values[curve.values.length - 1];
        const value = last !== undefined && Number.isFinite(last) ? last : null;
        trials.set(id, { ...trial, state: 'pruned', value, step: reached ?? 0, firstStep });
      } else if (result.state === 'failed' && typeof result.error === 'string') trials.set(id, { ...trial, state: 'failed', value: null, error: result.error });
      else trials.set(id, { ...trial, state: result.state, value: null });
    },
    trials: () => list().map((t) => ({ ...t, params: { ...t.params }, ...(t.curve === undefined ? {} : { curve: { steps: [...t.curve.steps], values: [...t.curve.values] } }) })),
    best: () => {
      const sign = (options.goal ?? space.goal) === 'maximize' ? -1 : 1;
      const complete = list().filter((t) => t.state === 'complete' && t.value !== null);
      const best = complete.reduce<TrialRecord | null>((a, t) => (a === null || sign * (t.value as number) < sign * (a.value as number) ? t : a), null);
      // a copy, as trials() gives: its curve was the optimizer's own arrays, and a caller's push changed the pruner's view
      return best === null ? null : { ...best, params: { ...best.params }, ...(best.curve === undefined ? {} : { curve: { steps: [...best.curve.steps], values: [...best.curve.values] } }) };
    },
    exhausted: () => {
      if (options.algo !== 'grid') return false;
      const history = list();
      return propose(space, history, nextTrialId(history), options) === null;
    },
  };
}
