import { describe, expect, it } from 'vitest';
import { createOptimizer, propose } from '../../src/engine/index.js';
import type { OptimizerOptions } from '../../src/engine/index.js';
import type { Config } from '../../src/space/types.js';
import type { TrialRecord } from '../../src/study/types.js';
import { choice, makeSpace, numeric, uniformSpace } from './spaces.js';
import { parseSpace } from '../../src/space/parse.js';

const square = uniformSpace([['x', -5, 5], ['y', -5, 5]]);
const bowl = (p: Config): number => (Number(p.x) - 1) ** 2 + (Number(p.y) + 2) ** 2;

function run(options: OptimizerOptions, trials: number, f = bowl, space = square): TrialRecord[] {
  const opt = createOptimizer(space, options);
  for (let i = 0; i < trials; i++) {
    const { id, params } = opt.ask();
    opt.tell(id, f(params));
  }
  return opt.trials();
}

const presets: Array<[string, OptimizerOptions]> = [
  ['default tpe', { algo: 'tpe', seed: 3 }],
  ['hyperopt preset', { algo: 'tpe', seed: 3, tpe: { preset: 'hyperopt' } }],
  ['random', { seed: 3, algo: 'random' }],
  ['auto (gp)', { seed: 3 }],
];

describe.each(presets)('%s', (_, options) => {
  it('gives the same asks for the same seed and calls', () => {
    expect(run(options, 30)).toEqual(run(options, 30));
  });

  it('continues a rebuilt optimizer exactly as if it had never stopped', () => {
    const full = run(options, 30);
    const first = full.slice(0, 22);
    const resumed = createOptimizer(square, options, first);
    for (let i = 22; i < 30; i++) {
      const { id, params } = resumed.ask();
      resumed.tell(id, bowl(params));
    }
    expect(resumed.trials()).toEqual(full);
  });

  it('proposes only values inside the space', () => {
    for (const t of run(options, 40)) {
      expect(Math.abs(Number(t.params.x))).toBeLessThanOrEqual(5);
      expect(Math.abs(Number(t.params.y))).toBeLessThanOrEqual(5);
    }
  });
});

describe('default TPE', () => {
  it('marks a short start-up phase and then uses its model', () => {
    const opt = createOptimizer(square, { seed: 1 });
    const flags = Array.from({ length: 12 }, () => {
      const { id, params, startup } = opt.ask();
      opt.tell(id, bowl(params));
      return startup;
    });
    expect(flags).toEqual([...new Array<boolean>(8).fill(true), ...new Array<boolean>(4).fill(false)]);
  });

  it('does not cluster 4 pending asks in a row: the believer spaces them like sequential asks, the penalty like its radius', () => {
    const closestPair = (batch: Config[]): number => {
      let closest = Infinity;
      for (let i = 0; i < batch.length; i++) {
        for (let j = i + 1; j < batch.length; j++) {
          const a = batch[i] as Config;
          const b = batch[j] as Config;
          closest = Math.min(closest, Math.hypot(Number(a.x) - Number(b.x), Number(a.y) - Number(b.y)));
        }
      }
      return closest;
    };
    const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] as number;
    const gaps = { believer: [] as number[], penalty: [] as number[], neither: [] as number[], sequential: [] as number[] };
    const pendingBatch = (seed: number, history: TrialRecord[], pending: object): Config[] => {
      const opt = createOptimizer(square, { algo: 'tpe', seed, tpe: { pending } }, history);
      return Array.from({ length: 4 }, () => opt.ask().params);
    };
    for (let seed = 0; seed < 10; seed++) {
      const history = run({ algo: 'tpe', seed }, 30);
      gaps.believer.push(closestPair(pendingBatch(seed, history, {})));
      gaps.penalty.push(closestPair(pendingBatch(seed, history, { believer: 0 })));
      gaps.neither.push(closestPair(pendingBatch(seed, history, { believer: 0, penaltyRadius: 0 })));
      const sequential = createOptimizer(square, { algo: 'tpe', seed }, history);
      const told = Array.from({ length: 4 }, () => {
        const { id, params } = sequential.ask();
        sequential.tell(id, bowl(params));
        return params;
      });
      gaps.sequential.push(closestPair(told));
    }
    // In this 2-parameter space the search narrows fast (docs/tpe.md), so 4 sequential asks land
    // ~0.05 apart (0.5 % of the range). Pending asks never repeat a point, and come no closer than that.
    expect(Math.min(...gaps.believer)).toBeGreaterThan(0);
    expect(median(gaps.believer)).toBeGreaterThan(0.75 * median(gaps.sequential));
    // with the believer off, the local penalty is what keeps them apart (without it the closest pair is 0.043)
    expect(Math.min(...gaps.penalty)).toBeGreaterThan(1.5 * Math.min(...gaps.neither));
    expect(median(gaps.penalty)).toBeGreaterThan(median(gaps.neither));
  });

  it('treats running trials as pending in propose', () => {
    const history = run({ algo: 'tpe', seed: 2 }, 30);
    const next = propose(square, history, 30, { algo: 'tpe', seed: 2 });
    const pending: TrialRecord = { id: 30, params: next?.params ?? {}, state: 'running', value: null };
    const after = propose(square, [...history, pending], 31, { algo: 'tpe', seed: 2 });
    expect(after?.params).not.toEqual(next?.params);
  });

  it('does not return to a region where trials failed', () => {
    // Every trial with x > 0 fails, and the best values lie right at that region's edge, so some probing
    // of the edge is fair; random search would put half of its trials there.
    let late = 0;
    let lateFailures = 0;
    for (const seed of [4, 5, 6]) {
      const opt = createOptimizer(square, { seed });
      for (let i = 0; i < 60; i++) {
        const { id, params } = opt.ask();
        const fails = Number(params.x) > 0;
        if (fails) opt.tell(id, { state: 'failed', error: 'exit code 1' });
        else opt.tell(id, bowl(params));
        if (i >= 30) {
          late++;
          if (fails) lateFailures++;
        }
      }
    }
    // Random search puts half of its trials there. Since the GP's input warp (session 36) the edge where
    // the best values lie is seen finer and probed a little more: 0.256 on these seeds, 0.211 before;
    // on seeds 10..29 0.258 against 0.218, and the best value ends 0.053 above the edge's against 0.102.
    expect(lateFailures / late).toBeLessThan(0.3);
  });

  it('never proposes the same configuration twice in a small discrete space', () => {
    const space = makeSpace([choice('a', ['p', 'q', 'r']), numeric('n', 'uniformint', { low: 1, high: 4 })]);
    const seen = run({ seed: 0 }, 12, (p) => (p.a === 'q' ? 0 : 1) + Number(p.n), space).map((t) => JSON.stringify(t.params));
    expect(new Set(seen).size).toBe(12);
  });

  it('maximizes when the goal says so', () => {
    const trials = run({ seed: 5, goal: 'maximize' }, 40, (p) => -bowl(p));
    const best = Math.max(...trials.map((t) => t.value ?? -Infinity));
    expect(best).toBeGreaterThan(-0.5);
  });
});

describe('quality', () => {
  it('TPE beats random search on a 2-D quadratic over 10 seeds', () => {
    const bestOf = (trials: TrialRecord[]): number => Math.min(...trials.map((t) => t.value ?? Infinity));
    let wins = 0;
    let tpeTotal = 0;
    let randomTotal = 0;
    for (let seed = 0; seed < 10; seed++) {
      const tpe = bestOf(run({ algo: 'tpe', seed }, 40));
      const random = bestOf(run({ seed, algo: 'random' }, 40));
      tpeTotal += tpe;
      randomTotal += random;
      if (tpe < random) wins++;
    }
    expect(wins).toBeGreaterThanOrEqual(8);
    expect(tpeTotal).toBeLessThan(randomTotal / 4);
  });
});

describe('ask/tell bookkeeping', () => {
  it('names a wrong algo or pruner setting when the optimizer is made, not at the first ask', () => {
    const untyped = (options: Record<string, unknown>): OptimizerOptions => options as OptimizerOptions;
    expect(() => createOptimizer(square, untyped({ algo: 'bayesian' }))).toThrow(/algo must be one of auto, gp, tpe, random, grid, hyperopt \(got "bayesian"\)$/);
    expect(() => createOptimizer(square, untyped({ algo: 'bayes' }))).toThrow(/algo must be one of .* \(got "bayes"\)$/);
    expect(() => createOptimizer(square, untyped({ pruner: 'sha' }))).toThrow(/^pruner must be one of none, median, asha, hyperband \(got "sha"\)/);
    expect(() => createOptimizer(square, { pruner: { name: 'asha', reductionFactor: 1 } })).toThrow(/reduction factor must be a number >= 2/);
    // a goal of 'max' once minimized without a word; TPE settings out of their range steered it elsewhere
    expect(() => createOptimizer(square, untyped({ goal: 'max' }))).toThrow(/^goal must be 'minimize' or 'maximize' \(got "max"\)$/);
    expect(() => createOptimizer(square, untyped({ tpe: { gamma: 5 } }))).toThrow(/^tpe\.gamma is the share of trials in the good group, above 0 and at most 1 \(got 5\)$/);
    expect(() => createOptimizer(square, untyped({ tpe: { candidates: 0 } }))).toThrow(/^tpe\.candidates must be a whole number >= 1/);
    expect(() => createOptimizer(square, untyped({ tpe: { preset: 'optuna' } }))).toThrow(/^tpe\.preset must be 'default' or 'hyperopt'/);
    expect(() => createOptimizer(untyped({ params: { x: 'uniform(0, 1)' } }) as never)).toThrow(/^createOptimizer takes a space: its YAML text, or what parseSpace or loadSpace returns/);
    // an option it does not know would be ignored, and the search go another way
    expect(() => createOptimizer(square, untyped({ algorithm: 'tpe' }))).toThrow(/^unknown option "algorithm"; the options are algo, seed, goal, tpe, gp, auto, pruner, budget$/);
    expect(() => createOptimizer(square, {}, 'trials' as never)).toThrow(/^the past trials are an array of \{ id, params, state, value \} \(got "trials"\)$/);
    expect(() => createOptimizer(square, {}, [{ params: {} }] as never)).toThrow(/^each past trial needs an id, a whole number >= 0/);
  });

  it('takes the YAML text of a space as it is', () => {
    const opt = createOptimizer('params:\n  x: uniform(0, 1)\n  n: randint(1, 4)\n', { seed: 1 });
    const { params } = opt.ask();
    expect(typeof params['x']).toBe('number');
    expect(Number.isInteger(params['n'])).toBe(true);
  });

  it('refuses a result or an intermediate value of the wrong shape, and keeps a failure\'s reason', () => {
    const opt = createOptimizer(square, { seed: 0 });
    const { id } = opt.ask();
    const untypedTell = opt.tell as (id: number, result: unknown) => void;
    const untypedReport = opt.report as (id: number, step: unknown, value: unknown) => boolean;
    expect(() => untypedTell(id, '0.7')).toThrow(/^tell takes the trial's value \(a number\) or \{ state: 'failed' \| 'pruned' \| 'interrupted' \} \(got "0\.7"\)$/);
    expect(() => untypedTell(id, { state: 'complete', value: 0 })).toThrow(/^tell takes/);
    expect(() => untypedTell(id, null)).toThrow(/\(got null\)$/);
    expect(() => (opt.tell as (id: unknown, result: number) => void)(String(id), 0.5)).toThrow(/^tell: a trial id is a number, as ask\(\) returns it \(got "0"\)$/);
    expect(() => untypedReport(id, 0, 0.5)).toThrow(/^report: a step is a whole number from 1, such as the epoch \(got 0\)$/);
    expect(() => untypedReport(id, '3', 0.5)).toThrow(/\(got "3"\)$/);
    expect(opt.report(id, 2, 0.5)).toBe(false);
    expect(() => opt.report(id, 1, 0.4)).toThrow(/^report: step 1 comes after step 2; steps never go back$/);
    expect(() => untypedReport(id, 3, 'x')).toThrow(/^report: the value must be a number \(got "x"\)$/);
    opt.tell(id, { state: 'failed', error: 'out of memory' });
    expect(opt.trials()[0]).toMatchObject({ state: 'failed', error: 'out of memory' });
  });

  it('rejects unknown and repeated tells', () => {
    const opt = createOptimizer(square, { seed: 0 });
    const { id } = opt.ask();
    expect(() => opt.tell(id + 1, 1)).toThrow(/no trial/);
    opt.tell(id, 1);
    expect(() => opt.tell(id, 2)).toThrow(/already complete/);
  });

  it('records failed trials, and a non-finite value as failed', () => {
    const opt = createOptimizer(square, { seed: 0 });
    const a = opt.ask();
    const b = opt.ask();
    opt.tell(a.id, { state: 'failed', error: 'boom' });
    opt.tell(b.id, Number.NaN);
    expect(opt.trials().map((t) => t.state)).toEqual(['failed', 'failed']);
  });
});

describe('createOptimizer refuses what it would misread (a user audit)', () => {
  const space = 'params:\n  x: uniform(0, 1)\n  y: uniform(0, 1)\n';
  const past = (extra: Record<string, unknown>): TrialRecord[] => [{ id: 0, params: { x: 0.5, y: 0.5 }, state: 'complete', value: 1, ...extra } as TrialRecord];

  it('a past trial with an unknown state, a value that is no number, a twice-used id or params outside the space', () => {
    expect(() => createOptimizer(space, {}, past({ state: 'COMPLETE' }))).toThrow("past trial 0: state must be one of running, complete, failed, pruned, interrupted (got \"COMPLETE\")");
    expect(() => createOptimizer(space, {}, past({ value: '3' }))).toThrow("past trial 0: a complete trial's value is a finite number (a NaN or infinite result is a failed trial) (got \"3\")");
    // a complete NaN or infinity was best() for ever after (a library user's audit); a step is a whole number
    for (const value of [Number.NaN, Infinity, -Infinity]) expect(() => createOptimizer(space, {}, past({ value }))).toThrow(/^past trial 0: a complete trial's value is a finite number/);
    expect(() => createOptimizer(space, {}, past({ state: 'pruned', value: Number.NaN }))).toThrow('past trial 0: value is a finite number or null (got NaN)');
    expect(() => createOptimizer(space, {}, past({ state: 'pruned', step: 'abc' }))).toThrow('past trial 0: step is the step a trial reported, a whole number >= 0 (got "abc")');
    expect(() => createOptimizer(space, {}, past({ state: 'pruned', step: 3, firstStep: -7 }))).toThrow('past trial 0: firstStep is the step a trial reported, a whole number >= 0 (got -7)');
    expect(createOptimizer(space, {}, past({ state: 'failed', value: null })).trials()).toHaveLength(1);
    expect(() => createOptimizer(space, {}, [...past({}), ...past({})])).toThrow('two past trials have the id 0');
    expect(() => createOptimizer(space, {}, past({ params: { xx: 0.5, y: 0.5 } }))).toThrow(/^past trial 0: /);
    expect(() => createOptimizer(space, {}, past({ params: { x: 100, y: 0.5 } }))).toThrow(/^past trial 0: /);
    expect(createOptimizer(space, {}, past({})).trials()).toHaveLength(1);
    // ids are whole numbers from 0, and a curve's steps never go back (a re-audit: id 1.5 gave the next asks 2.5, 3.5)
    expect(() => createOptimizer(space, {}, past({ id: 1.5 }))).toThrow('each past trial needs an id, a whole number >= 0 (got 1.5)');
    expect(() => createOptimizer(space, {}, past({ id: -1 }))).toThrow('each past trial needs an id, a whole number >= 0 (got -1)');
    expect(() => createOptimizer(space, {}, past({ curve: { steps: [2, 1], values: [1, 1] } }))).toThrow(/its steps whole numbers never going back$/);
    for (const steps of [[1.5, 2], [0.5, 1]]) expect(() => createOptimizer(space, {}, past({ curve: { steps, values: [1, 1] } }))).toThrow(/its steps whole numbers never going back$/);
  });

  it('a nested option that is none of the known ones, naming the one meant', () => {
    expect(() => createOptimizer(space, { tpe: { startup_trials: 20 } } as unknown as OptimizerOptions)).toThrow('unknown option tpe.startup_trials (did you mean tpe.startupTrials?)');
    expect(() => createOptimizer(space, { pruner: { name: 'asha', reduction_factor: 4 } } as unknown as OptimizerOptions)).toThrow('unknown option pruner.reduction_factor (did you mean pruner.reductionFactor?)');
    expect(() => createOptimizer(space, { gp: { foo: 1 } } as unknown as OptimizerOptions)).toThrow(/^unknown option gp\.foo/);
  });

  it("a pruner's settings without its name (none meant no pruning, unsaid), and a pruner that is none, named as the option is", () => {
    expect(() => createOptimizer(space, { pruner: { reductionFactor: 3 } })).toThrow("pruner: settings need the pruner's name, such as { name: 'asha', reductionFactor: ... } (none, median, asha, hyperband)");
    expect(() => createOptimizer(space, { pruner: 'medain' as never })).toThrow(/^pruner must be one of /);
    // the space file's prune: names it
    expect(() => createOptimizer(`prune: asha\n${space}`, { pruner: { reductionFactor: 4 } })).not.toThrow();
  });

  it('tell refuses what its forms do not have, which was dropped unsaid: a pruned value, a failed error that is no string', () => {
    const opt = createOptimizer(space, { seed: 1 });
    const { id } = opt.ask();
    expect(() => opt.tell(id, { state: 'pruned', value: 3 } as never)).toThrow("tell: a pruned trial's value is the last one report() gave: report(id, step, value), then tell(id, { state: 'pruned' })");
    expect(() => opt.tell(id, { state: 'failed', error: 42 } as never)).toThrow("tell: a failed trial's error is a string (got 42)");
    expect(() => opt.tell(id, { state: 'interrupted', reason: 'preempted' } as never)).toThrow(`tell: { state: 'interrupted' } has no "reason"`);
    opt.tell(id, { state: 'failed', error: 'exit code 1' });
    expect(opt.trials()[0]).toMatchObject({ state: 'failed', error: 'exit code 1' });
  });

  it('propose and parseSpace given the wrong kind of thing say what they take, not a TypeError from within (a library user\'s audit)', () => {
    expect(() => propose(space as never, [], 0, {})).toThrow('propose takes a parsed space (what parseSpace or loadSpace returns; createOptimizer also takes its YAML text), got a string');
    expect(() => parseSpace(42 as never)).toThrow("parseSpace takes the space file's YAML text, a string (got number)");
    expect(() => createOptimizer(space, { seed: Number.NaN })).toThrow('seed must be a number or a string (got NaN)');
  });

  it("algo 'hyperopt' is hyperopt's TPE, as in the space file, and typed so", () => {
    const opt = createOptimizer(space, { algo: 'hyperopt', seed: 2 });
    for (let i = 0; i < 21; i++) opt.tell(opt.ask().id, i);
    expect(opt.ask().sampler).toBe('tpe');
  });

  it("the hyperopt preset is the TPE's: alone it runs the TPE, with another algo it is refused", () => {
    const opt = createOptimizer(space, { seed: 1, tpe: { preset: 'hyperopt', startupTrials: 2 } });
    for (let i = 0; i < 3; i++) opt.tell(opt.ask().id, i);
    expect(opt.ask().sampler).toBe('tpe');
    expect(() => createOptimizer(space, { algo: 'gp', tpe: { preset: 'hyperopt' } })).toThrow("tpe: { preset: 'hyperopt' } is hyperopt's TPE: give it with algo 'tpe', not \"gp\"");
    expect(() => createOptimizer(space, { algo: 'grid' })).toThrow(/grid search: parameter "x" is continuous/);
  });

  it("the space file's algo:, prune:, max_steps: and start: apply, under the options", () => {
    const file = 'algo: random\nprune: { pruner: median, startup_trials: 0, warmup_steps: 0 }\nmax_steps: 10\nparams:\n  x: uniform(0, 1)\n  y: uniform(0, 1)\nstart:\n  - { x: 0.25, y: 0.75 }\n  - { x: 0.5 }\n';
    const opt = createOptimizer(file, { seed: 2 });
    const first = opt.ask();
    expect(first).toMatchObject({ id: 0, params: { x: 0.25, y: 0.75 }, sampler: 'enqueued', startup: false });
    const second = opt.ask();
    expect(second).toMatchObject({ params: { x: 0.5 }, sampler: 'enqueued' });
    expect(typeof second.params['y']).toBe('number');
    expect(opt.ask().sampler).toBe('random');
    // the median pruner of the file: a trial worse than the others at step 1 stops
    opt.report(first.id, 1, 0.1);
    opt.tell(first.id, 0.1);
    expect(opt.report(second.id, 1, 0.9)).toBe(true);
    // the options win
    expect(createOptimizer(file, { seed: 2, algo: 'tpe', pruner: 'none' }).ask().sampler).toBe('enqueued');
  });
});

describe('best()', () => {
  it('is the best complete trial by the goal, null before any', () => {
    const opt = createOptimizer('goal: maximize\nparams:\n  x: uniform(0, 1)\n', { seed: 4 });
    expect(opt.best()).toBeNull();
    const values = [0.2, 0.9, Number.NaN, 0.5];
    const ids = values.map((value) => {
      const { id } = opt.ask();
      opt.tell(id, value);
      return id;
    });
    expect(opt.best()).toMatchObject({ id: ids[1], value: 0.9, state: 'complete' });
    expect(() => opt.tell(ids[0] ?? 0, 1n as unknown as number)).toThrow(/already complete/);
    const { id } = opt.ask();
    expect(() => opt.tell(id, 1n as unknown as number)).toThrow("tell takes the trial's value (a number) or { state: 'failed' | 'pruned' | 'interrupted' } (got 1n)");
  });
});

describe("algo 'hyperopt'", () => {
  it("is the TPE's hyperopt preset, from the options or the space file", () => {
    const run = (opt: ReturnType<typeof createOptimizer>): string[] =>
      Array.from({ length: 22 }, (_, i) => {
        const { id, sampler } = opt.ask();
        opt.tell(id, i);
        return sampler;
      });
    const expected = [...Array(20).fill('startup'), 'tpe', 'tpe'];
    expect(run(createOptimizer('params:\n  x: uniform(0, 1)\n', { algo: 'hyperopt' as OptimizerOptions['algo'], seed: 1 }))).toEqual(expected);
    expect(run(createOptimizer('algo: hyperopt\nparams:\n  x: uniform(0, 1)\n', { seed: 1 }))).toEqual(expected);
  });
});
