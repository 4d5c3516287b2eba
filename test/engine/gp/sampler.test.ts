// The GP sampler as a user of the engine sees it: deterministic, resumable, typed, ordered
// integers, failed regions and running trials avoided, and auto's hand-over to the TPE.
import { describe, expect, it } from 'vitest';
import { autoReason, createOptimizer, propose } from '../../../src/engine/index.js';
import type { OptimizerOptions } from '../../../src/engine/index.js';
import { encodeSpace } from '../../../src/engine/gp/encode.js';
import { gpDecide } from '../../../src/engine/gp/step.js';
import type { Config, Space } from '../../../src/space/types.js';
import type { TrialRecord } from '../../../src/study/types.js';
import { choice, makeSpace, numeric, uniformSpace } from '../spaces.js';

const square = uniformSpace([['x', -5, 5], ['y', -5, 5]]);
const bowl = (p: Config): number => (Number(p.x) - 1) ** 2 + (Number(p.y) + 2) ** 2;
const gp: OptimizerOptions = { algo: 'gp', seed: 5 };
// a bowl off the centre of a small box: the end game's tests
const small = uniformSpace([['x', -2, 2], ['y', -2, 2]]);
const offBowl = (p: Config): number => (Number(p.x) - 0.3) ** 2 + (Number(p.y) + 0.7) ** 2;

function run(options: OptimizerOptions, trials: number, f = bowl, space = square): TrialRecord[] {
  const opt = createOptimizer(space, options);
  for (let i = 0; i < trials; i++) {
    const { id, params } = opt.ask();
    opt.tell(id, f(params));
  }
  return opt.trials();
}

describe('the GP sampler', () => {
  it('gives the same asks for the same seed, and continues a rebuilt study exactly', () => {
    const full = run(gp, 16);
    expect(run(gp, 16)).toEqual(full);
    const resumed = createOptimizer(square, gp, full.slice(0, 11));
    for (let i = 11; i < 16; i++) {
      const { id, params } = resumed.ask();
      resumed.tell(id, bowl(params));
    }
    expect(resumed.trials()).toEqual(full);
  });

  it('says which trials are start-up and which the GP proposed', () => {
    const opt = createOptimizer(square, gp);
    const samplers: string[] = [];
    for (let i = 0; i < 10; i++) {
      const a = opt.ask();
      samplers.push(a.sampler);
      opt.tell(a.id, bowl(a.params));
    }
    expect(samplers).toEqual([...new Array<string>(8).fill('startup'), 'gp', 'gp']);
  });

  it('beats random search on a 2-D quadratic over 10 seeds (median best after 25 trials)', () => {
    const best = (options: OptimizerOptions): number => Math.min(...run(options, 25).map((t) => t.value ?? Infinity));
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    const seeds = Array.from({ length: 10 }, (_, i) => i);
    const ours = median(seeds.map((seed) => best({ algo: 'gp', seed })));
    const random = median(seeds.map((seed) => best({ algo: 'random', seed })));
    expect(ours).toBeLessThan(random / 20);
    expect(ours).toBeLessThan(0.01);
  });

  it('keeps refining at the end: 40 trials on a 2-D bowl get below 1e-6 on each of five seeds (the noise floor follows the best trials)', () => {
    // with a fixed floor of 1e-6 two of these five seeds stopped at 4e-6 and 6e-6 (docs/gp.md, "Noise floor")
    for (const seed of [0, 1, 2, 3, 4]) {
      const best = Math.min(...run({ algo: 'gp', seed }, 40, offBowl, small).map((t) => t.value as number));
      expect(best).toBeLessThan(1e-6);
    }
  });

  it('refines with 4 trials in flight too: the same bowl, always 4 running, below 1e-6 on each of five seeds, never on a running trial\'s point', () => {
    // running trials believed at their predicted value; left out with a radius around them
    // (`pending: 'separate'`, the default before session 10) four of these five seeds end at 1.7e-6 to 3.2e-6
    const apart = (a: Config, b: Config): number => Math.max(Math.abs(Number(a.x) - Number(b.x)), Math.abs(Number(a.y) - Number(b.y))) / 4;
    for (const seed of [0, 1, 2, 3, 4]) {
      const opt = createOptimizer(small, { algo: 'gp', seed });
      const running = [opt.ask(), opt.ask(), opt.ask()];
      let best = Infinity;
      for (let i = 0; i < 40; i++) {
        const next = opt.ask();
        // within 1e-4 of the range on every input is the same configuration run twice at once
        for (const other of running) expect(apart(next.params, other.params)).toBeGreaterThanOrEqual(1e-4);
        running.push(next);
        const trial = running.shift() as { id: number; params: Config };
        best = Math.min(best, offBowl(trial.params));
        opt.tell(trial.id, offBowl(trial.params));
      }
      expect(best).toBeLessThan(1e-6);
    }
  });

  it('returns integers, quantized values and options typed, and models integers as ordered', () => {
    const space = makeSpace([
      numeric('layers', 'randint', { low: 1, high: 8 }),
      numeric('units', 'qloguniform', { low: 16, high: 1024, q: 16 }),
      numeric('lr', 'loguniform', { low: 1e-4, high: 1 }),
      choice('act', ['relu', 'tanh', 'gelu']),
    ]);
    const encoding = encodeSpace(space);
    expect(encoding?.inputs.map((i) => i.kind)).toEqual(['numeric', 'numeric', 'numeric', 'categorical']);
    // smooth in layers with its best at 6: an ordered model walks there from the start-up points
    const f = (p: Config): number => (Number(p.layers) - 6) ** 2 + (Math.log10(Number(p.lr)) + 2) ** 2 + (p.act === 'gelu' ? 0 : 1) + (Math.log2(Number(p.units)) - 7) ** 2 / 4;
    const trials = run({ algo: 'gp', seed: 2 }, 30, f, space);
    for (const t of trials) {
      expect(Number.isInteger(t.params.layers)).toBe(true);
      expect(t.params.layers).toBeGreaterThanOrEqual(1);
      expect(t.params.layers).toBeLessThanOrEqual(8);
      expect(Number(t.params.units) % 16).toBe(0);
      expect(['relu', 'tanh', 'gelu']).toContain(t.params.act);
    }
    const modelled = trials.slice(8);
    expect(modelled.filter((t) => Math.abs(Number(t.params.layers) - 6) <= 1).length).toBeGreaterThan(modelled.length / 2);
  });

  it("keeps a normal family's proposals within 3 sd of its prior, and still converges (a user audit: 6 sd, momentum 1.2)", () => {
    // momentum ~ normal(0.9, 0.05): its edges at 0.75 and 1.05; x ~ normal(0, 1) with its optimum at 1.5 sd
    const space = makeSpace([numeric('m', 'normal', { mu: 0.9, sigma: 0.05 }), numeric('x', 'normal', { mu: 0, sigma: 1 }), numeric('s', 'lognormal', { mu: 0, sigma: 1 })]);
    const f = (p: Config): number => (Number(p.m) - 0.93) ** 2 * 400 + (Number(p.x) - 1.5) ** 2 + (Math.log(Number(p.s)) - 0.5) ** 2;
    const trials = run({ algo: 'gp', seed: 4 }, 30, f, space);
    for (const t of trials.slice(8)) {
      expect(Math.abs(Number(t.params.m) - 0.9)).toBeLessThanOrEqual(0.15 + 1e-12);
      expect(Math.abs(Number(t.params.x))).toBeLessThanOrEqual(3 + 1e-12);
      expect(Math.abs(Math.log(Number(t.params.s)))).toBeLessThanOrEqual(3 + 1e-12);
    }
    expect(Math.min(...trials.map((t) => t.value ?? Infinity))).toBeLessThan(0.02);
    // a value from outside the span (a start-up draw, an added result) sits on the edge, not past it
    const input = encodeSpace(space).inputs[1];
    if (input?.kind !== 'numeric') throw new Error('x is numeric');
    expect([input.toUnit(-4), input.toUnit(0), input.toUnit(4)]).toEqual([0, 0.5, 1]);
    expect(input.fromUnit(1)).toBeCloseTo(3, 12);
  });

  it('stays out of a region where trials fail', () => {
    const line = uniformSpace([['x', 0, 1]]);
    const opt = createOptimizer(line, { algo: 'gp', seed: 1 });
    let failedLater = 0;
    for (let i = 0; i < 30; i++) {
      const { id, params } = opt.ask();
      const x = Number(params.x);
      // the loss falls towards x = 1, but everything above 0.6 crashes
      if (x > 0.6) {
        opt.tell(id, { state: 'failed' });
        if (i >= 15) failedLater++;
      } else opt.tell(id, 1 - x);
    }
    expect(failedLater).toBeLessThanOrEqual(3);
  });

  it('keeps pending asks apart and never repeats a running trial', () => {
    const history = run(gp, 12);
    const pending: TrialRecord[] = [];
    for (let k = 0; k < 4; k++) {
      const id = 12 + k;
      const p = propose(square, [...history, ...pending], id, gp);
      expect(p?.sampler).toBe('gp');
      pending.push({ id, params: p?.params ?? {}, state: 'running', value: null });
    }
    const points = pending.map((t) => [Number(t.params.x), Number(t.params.y)]);
    for (let i = 0; i < points.length; i++) for (let j = 0; j < i; j++) {
      const [a, b] = [points[i] as number[], points[j] as number[]];
      expect(Math.hypot((a[0] as number) - (b[0] as number), (a[1] as number) - (b[1] as number))).toBeGreaterThan(1e-3);
    }
  });
});

describe('the acquisition search at the edge of the box', () => {
  // Gramacy-Lee (1-D, minimum near the lower bound): the model wants the bound, a trial already ran
  // there, and perturbations of the incumbents clamped at the bound used to fill every restart and
  // fallback with that one point, so the GP gave its asks to random draws (seed 14: trials 15-24)
  const line = uniformSpace([['x', 0.5, 2.5]]);
  const gramacyLee = (p: Config): number => {
    const x = Number(p.x);
    return Math.sin(10 * Math.PI * x) / (2 * x) + (x - 1) ** 4;
  };

  it('refines with the model on a continuous line instead of drawing at random', () => {
    for (const seed of [2, 14]) {
      const history: TrialRecord[] = [];
      const moves: string[] = [];
      for (let id = 0; id < 25; id++) {
        const { proposal, model } = gpDecide(line, history, id, { algo: 'gp', seed });
        if (model !== null) moves.push(model.move);
        history.push({ id, params: proposal.params, state: 'complete', value: gramacyLee(proposal.params) });
      }
      expect(moves).toHaveLength(17);
      expect(moves.filter((m) => m === 'unused-draw')).toEqual([]);
    }
  });
});

describe('the GP with a history from an older space', () => {
  it('leaves out trials it cannot place (a missing parameter, a string where a number was) and still proposes', () => {
    const history = run(gp, 12);
    const odd: TrialRecord[] = [
      { id: 12, params: { x: 0.5 }, state: 'complete', value: 0.1 },
      { id: 13, params: { x: 'wide', y: 1 }, state: 'complete', value: 0.2 },
    ];
    const p = propose(square, [...history, ...odd], 14, gp);
    expect(p?.sampler).toBe('gp');
    expect(Number.isFinite(Number(p?.params.x))).toBe(true);
    expect(Number.isFinite(Number(p?.params.y))).toBe(true);
  });
});

describe('auto', () => {
  it('uses the GP on a small numeric space and on a conditional one, which auto.conditional hands to the TPE', () => {
    expect(autoReason(square, []).sampler).toBe('gp');
    const conditional = makeSpace([
      choice('model', [
        { value: 'svm', params: [numeric('C', 'loguniform', { low: 1e-3, high: 1e3 })] },
        { value: 'tree', params: [numeric('depth', 'uniformint', { low: 1, high: 20 })] },
      ]),
    ]);
    expect(autoReason(conditional, []).sampler).toBe('gp');
    expect(autoReason(conditional, [], { conditional: 'tpe' })).toEqual({ sampler: 'tpe', reason: 'the space has conditional parameters' });
    const trials = run({ seed: 4 }, 13, (p) => (p.model === 'svm' ? Math.abs(Math.log10(Number(p.C))) : 1), conditional);
    expect(trials).toHaveLength(13);
    expect(createOptimizer(conditional, { seed: 4 }, trials).ask().sampler).toBe('gp');
    expect(createOptimizer(conditional, { seed: 4, auto: { conditional: 'tpe' } }, trials).ask().sampler).toBe('tpe');
  });

  it('hands over to the TPE beyond 64 parameters and after maxGpTrials complete trials', () => {
    const box = (d: number): Space => uniformSpace(Array.from({ length: d }, (_, i): [string, number, number] => [`x${i}`, 0, 1]));
    expect(autoReason(box(64), []).sampler).toBe('gp');
    expect(autoReason(box(65), [])).toEqual({ sampler: 'tpe', reason: 'the space has 65 parameters (the GP takes up to 64)' });
    expect(autoReason(box(65), [], { maxGpParams: 80 }).sampler).toBe('gp');
    const history = run({ algo: 'random', seed: 1 }, 13);
    expect(autoReason(square, history, { maxGpTrials: 10 }).sampler).toBe('tpe');
    expect(propose(square, history, 13, { seed: 1, auto: { maxGpTrials: 10 } })?.sampler).toBe('tpe');
    expect(propose(square, history, 13, { seed: 1 })?.sampler).toBe('gp');
  });
});
