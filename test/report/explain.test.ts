import { describe, expect, it } from 'vitest';
import { createOptimizer } from '../../src/engine/index.js';
import { UsageError } from '../../src/errors.js';
import { explainParameterAt } from '../../src/report/explain.js';
import { formatExplain } from '../../src/report/explain-format.js';
import { formatValue } from '../../src/report/format.js';
import { LOG_EI_DEPTH } from '../../src/report/log-ei-floor.js';
import { parseSpace } from '../../src/space/index.js';
import type { ChoiceNode, Config } from '../../src/space/types.js';
import type { StudyEvent } from '../../src/study/events.js';
import { replay, type StudyState } from '../../src/study/replay.js';
import { numeric, spaceOf } from '../browser/synthetic-study.js';

const choice: ChoiceNode = {
  kind: 'choice', family: 'choice', label: 'c', condition: null, position: { line: 1, column: 1 },
  probabilities: [0.5, 0.5], options: [{ value: 'a', params: [] }, { value: 'b', params: [] }],
};
const space = spaceOf([numeric('x', 'uniform', 0, 1), choice]);
// hyperopt's TPE has closed-form densities we can write down; two start-up trials so four trials are modelled
const optimizer = { algo: 'tpe' as const, seed: 1, tpe: { preset: 'hyperopt' as const, startupTrials: 2 } };

function study(rows: Array<[Config, number]>): StudyState {
  const events: StudyEvent[] = [
    { type: 'study_created', meta: { name: 'tiny', spaceText: '', spaceFile: null, command: ['true'], options: {}, target: 10, createdAt: 0 } },
  ];
  rows.forEach(([params, value], id) => {
    events.push({ type: 'trial_asked', id, params, startup: id < 2, worker: 'w', at: 10 * id, retryOf: null });
    events.push({ type: 'trial_finished', id, state: 'complete', value, exitCode: 0, error: null, at: 10 * id + 5 });
  });
  return replay(events)!;
}

const tiny = study([
  [{ x: 0.2, c: 'a' }, 1.0],
  [{ x: 0.7, c: 'b' }, 0.1],
  [{ x: 0.4, c: 'a' }, 0.5],
  [{ x: 0.9, c: 'b' }, 2.0],
]);

const phi = (z: number): number => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
// standard normal CDF by Simpson's rule on phi: accurate to ~1e-12 for |z| < 10, independent of the engine's erf
function Phi(z: number): number {
  const n = 2000;
  const h = z / n;
  let sum = phi(0) + phi(z);
  for (let i = 1; i < n; i++) sum += (i % 2 === 0 ? 2 : 4) * phi(i * h);
  return 0.5 + (sum * h) / 3;
}

/** log of a Gaussian mixture truncated to [0, 1], as hyperopt's GMM1_lpdf defines it. */
function truncatedMixtureLogPdf(x: number, w: number[], mu: number[], sigma: number[]): number {
  let density = 0;
  let accept = 0;
  w.forEach((wk, k) => {
    density += (wk * phi((x - mu[k]!) / sigma[k]!)) / sigma[k]!;
    accept += wk * (Phi((1 - mu[k]!) / sigma[k]!) - Phi((0 - mu[k]!) / sigma[k]!));
  });
  return Math.log(density / accept);
}

describe('explain on a tiny known history', () => {
  // N = 4, so ceil(0.25 * sqrt(4)) = 1 good trial: id 1 (x 0.7, c b); the other three are bad.
  // l(x): prior N(0.5, 1) and the good point with sigma 1/2, weights 1/2 each.
  // g(x): sorted [0.2, 0.4, prior 0.5, 0.9]; neighbour-gap sigmas [0.2, 0.2, (prior) 1, 0.4]; weights 1/4 each.
  const logL = (x: number): number => truncatedMixtureLogPdf(x, [0.5, 0.5], [0.5, 0.7], [1, 0.5]);
  const logG = (x: number): number => truncatedMixtureLogPdf(x, [0.25, 0.25, 0.25, 0.25], [0.2, 0.4, 0.5, 0.9], [0.2, 0.2, 1, 0.4]);

  it('gives the densities of a numeric parameter computed by hand', () => {
    const result = explainParameterAt({ space, state: tiny, label: 'x', optimizer, width: 11 });
    expect(result).toMatchObject({ trial: 4, ran: false, finished: 4, model: 'univariate', good: [0.7], note: null });
    expect([...result.bad].sort()).toEqual([0.2, 0.4, 0.9]);
    expect(result.curve.map((p) => p.value)).toEqual(Array.from({ length: 11 }, (_, i) => i / 10).map((v, i) => (i === 10 ? 1 : expect.closeTo(v, 12))));
    for (const point of result.curve) {
      const x = Number(point.value);
      expect(point.logL).toBeCloseTo(logL(x), 9);
      expect(point.logG).toBeCloseTo(logG(x), 9);
      expect(point.score).toBeCloseTo(logL(x) - logG(x), 9);
    }
    // the pick is the best-scoring of the candidates the engine drew from l(x)
    expect(result.candidates).toHaveLength(24);
    const best = Math.max(...result.candidates.map((c) => c.score ?? -Infinity));
    expect(result.chosen?.score).toBe(best);
    expect(result.chosen?.logL).toBeCloseTo(logL(Number(result.chosen?.value)), 9);
  });

  it('gives the option probabilities of a choice computed by hand', () => {
    const result = explainParameterAt({ space, state: tiny, label: 'c', optimizer });
    // counts plus one pseudo-count per option: good b -> [1, 2] / 3; bad a, a, b -> [3, 2] / 5
    expect(result.curve.map((p) => p.value)).toEqual(['a', 'b']);
    expect(result.curve.map((p) => Math.exp(p.logL!))).toEqual([expect.closeTo(1 / 3, 12), expect.closeTo(2 / 3, 12)]);
    expect(result.curve.map((p) => Math.exp(p.logG!))).toEqual([expect.closeTo(3 / 5, 12), expect.closeTo(2 / 5, 12)]);
    // b has the larger ratio (2/3)/(2/5) > (1/3)/(3/5), so every candidate b wins
    expect(result.chosen?.value).toBe('b');
    const text = formatExplain(result, false);
    expect(text).toMatch(/^ {2}b +█+ +0\.667 +█+ +0\.400 +\+0\.51 ◀ +1 +1$/m);
    expect(text).toMatch(/^ {2}a +█+ +0\.333 +█+ +0\.600 +-0\.59 {3}\s+0 +2$/m);
  });

  it('draws the numeric picture: both densities, the score, the trials and the pick', () => {
    const result = explainParameterAt({ space, state: tiny, label: 'x', optimizer, width: 40 });
    const text = formatExplain(result, false);
    const lines = text.split('\n');
    expect(lines[0]).toBe('x at the next proposal (trial 4), after 4 finished trials; TPE, one model per parameter');
    expect(text).toContain('1 good, 3 bad, 24 candidates drawn from l(x); picked');
    for (const row of ['l(x) good', 'g(x) bad', 'log l − log g', 'good', 'bad', 'candidates']) expect(text).toContain(`  ${row}`);
    const good = lines.find((line) => line.startsWith('  good '))!;
    expect(good.slice(16).indexOf('|')).toBe(Math.round(0.7 * 39));
    const bad = lines.find((line) => line.startsWith('  bad '))!.slice(16);
    expect([...bad].flatMap((ch, i) => (ch === '|' ? [i] : []))).toEqual([0.2, 0.4, 0.9].map((x) => Math.round(x * 39)));
    expect(lines.find((line) => line.startsWith('  candidates'))).toContain('▲');
    expect(lines.at(-2)).toMatch(/^ {16}0 +0\.487179 +1$/);
  });

  it('explains a past trial with the history it had, and reproduces its value', () => {
    const result = explainParameterAt({ space, state: tiny, label: 'x', optimizer, at: 3 });
    expect(result).toMatchObject({ trial: 3, ran: true, finished: 3, actual: 0.9 });
    expect(result.good.length + result.bad.length).toBe(3);
  });

  it('says why there is nothing to draw, and refuses what it cannot explain', () => {
    expect(explainParameterAt({ space, state: tiny, label: 'x', optimizer, at: 1 }).note).toContain('start-up trial');
    expect(() => explainParameterAt({ space, state: tiny, label: 'nope', optimizer })).toThrow(UsageError);
    expect(() => explainParameterAt({ space, state: tiny, label: 'x', optimizer, at: 9 })).toThrow(/no trial 9/);
    expect(() => explainParameterAt({ space, state: tiny, label: 'x', optimizer: { algo: 'random' } })).toThrow(/random/);
  });
});

describe('explain in an auto study', () => {
  // the same history, recorded by an auto study: trials 2 and 3 by TPE, then one by the Gaussian process
  function autoStudy(samplers: Array<'startup' | 'tpe' | 'gp'>): StudyState {
    const state = study([
      [{ x: 0.2, c: 'a' }, 1.0],
      [{ x: 0.7, c: 'b' }, 0.1],
      [{ x: 0.4, c: 'a' }, 0.5],
      [{ x: 0.9, c: 'b' }, 2.0],
      [{ x: 0.65, c: 'b' }, 0.05],
    ]);
    state.meta.options = { algo: 'auto' };
    state.trials.forEach((trial, i) => (trial.sampler = samplers[i] ?? null));
    return state;
  }
  const auto = { ...optimizer, algo: 'auto' as const };

  it('says a trial came from the Gaussian process, shows its value and the best trials, and draws no TPE model', () => {
    const state = autoStudy(['startup', 'startup', 'tpe', 'tpe', 'gp']);
    const result = explainParameterAt({ space, state, label: 'x', optimizer: auto, at: 4 });
    expect(result).toMatchObject({ sampler: 'gp', model: null, ran: true, actual: 0.65, curve: [], candidates: [] });
    expect(result.best.map((b) => [b.trial, b.value])).toEqual([[1, 0.7], [2, 0.4], [0, 0.2], [3, 0.9]]);
    const text = formatExplain(result, false);
    expect(text.split('\n')[0]).toBe('x at trial 4, after 4 finished trials; proposed by the Gaussian process');
    expect(text).toContain('trial 4 was proposed by the Gaussian process (--algo auto): l(x) and g(x) are TPE\'s model, which does not apply to it.');
    expect(text).toContain('Trial 4 ran with x = 0.65.');
    expect(text).toContain('x in the best complete trials before it: 0.7 (trial 1: 0.1), 0.4 (trial 2: 0.5)');
    expect(text).toContain('TPE proposed trials 2-3; its model shows with: hypertune explain x --at 3');
    expect(JSON.parse(JSON.stringify(result))).toMatchObject({ sampler: 'gp', note: expect.stringContaining('Gaussian process') });
  });

  it('draws TPE\'s model for the trials TPE proposed, exactly as in a tpe study', () => {
    const state = autoStudy(['startup', 'startup', 'tpe', 'tpe', 'gp']);
    const inAuto = explainParameterAt({ space, state, label: 'x', optimizer: auto, at: 3 });
    const inTpe = explainParameterAt({ space, state, label: 'x', optimizer, at: 3 });
    expect(inAuto.sampler).toBe('tpe');
    expect(inAuto.model).toBe('univariate');
    expect({ ...inAuto, sampler: null }).toEqual({ ...inTpe, sampler: null });
    expect(explainParameterAt({ space, state, label: 'x', optimizer: auto, at: 0 })).toMatchObject({ sampler: 'startup', note: expect.stringContaining('start-up trial') });
  });

  it('says which sampler will propose the next trial', () => {
    // on this branch of the engine auto hands this space to TPE; the GP, once it is chosen, gets the GP's lines instead
    const result = explainParameterAt({ space, state: autoStudy(['startup', 'startup', 'tpe', 'tpe', 'tpe']), label: 'x', optimizer: auto });
    // (the GP has start-up trials of its own, so it may call this one a start-up trial)
    expect(['startup', 'tpe', 'gp']).toContain(result.sampler);
    expect(result.ran).toBe(false);
    if (result.sampler === 'gp') expect(formatExplain(result, false)).toContain('The Gaussian process proposes x = ');
    else if (result.sampler === 'startup') expect(result.note).toContain('start-up trial');
    else expect(result.model).not.toBeNull();
  });
});

describe('explain of a trial the Gaussian process proposed', () => {
  // a real auto study: eight start-up trials, then the GP
  const gpOptions = { algo: 'auto' as const, seed: 4 };
  const f = (p: Config): number => (Number(p.x) - 0.35) ** 2 + (p.c === 'b' ? 0 : 0.2);
  const made = createOptimizer(space, gpOptions);
  const samplers: string[] = [];
  for (let i = 0; i < 12; i++) {
    const { id, params, sampler } = made.ask();
    samplers.push(sampler);
    made.tell(id, f(params));
  }
  const trials = made.trials();
  const state = study(trials.map((t) => [t.params, t.value as number]));
  state.trials.forEach((trial, i) => (trial.sampler = (samplers[i] as typeof trial.sampler) ?? null));

  it('recomputes the GP\'s model and its pick exactly', () => {
    expect(state.trials[11]?.sampler).toBe('gp');
    const result = explainParameterAt({ space, state, label: 'x', optimizer: gpOptions, at: 11 });
    expect(result).toMatchObject({ sampler: 'gp', ran: true, finished: 11 });
    expect(result.gp?.chosen.value).toBe(result.actual);
    expect(result.gp?.curve).toHaveLength(60);
    expect(result.gp?.heldAt).toEqual({ c: trials[11]?.params.c });
    expect(result.gp?.trials.map((t) => t.trial)).toEqual([...trials.slice(0, 11)].sort((a, b) => (a.value as number) - (b.value as number)).map((t) => t.id));
  });

  it('draws the mean and band, log EI, the trials and the pick, then the length scales', () => {
    const result = explainParameterAt({ space, state, label: 'x', optimizer: gpOptions });
    const text = formatExplain(result, false);
    const lines = text.split('\n');
    expect(lines[0]).toBe('x at the next proposal (trial 12), after 12 finished trials; to be proposed by the Gaussian process');
    expect(lines[1]).toMatch(/^Gaussian process on 12 trials, its results (as they are|in log space \(heavy-tailed\)), noise [\d.e+-]+ % of the variance: proposes x = /);
    // where no trial has been the model expects its prior mean, fitted to the trials
    expect(Number.isFinite(result.gp!.unseen)).toBe(true);
    expect(lines[2]).toBe(`Where no trial has been, the model expects ${formatValue(result.gp!.unseen)} (its prior mean, a constant fitted to the trials).`);
    expect(lines[3]).toBe(`The model along this parameter, the others held at the proposal's values (c ${String(result.gp?.heldAt.c)}):`);
    const pick = lines.find((line) => line.startsWith('  proposal'))!;
    expect(pick.indexOf('▲') - 16).toBe(Math.round(Number(result.gp?.chosen.value) * 59));
    const best = lines.find((line) => line.startsWith('  trials, ● best'))!.slice(16);
    const marked = [...best].flatMap((ch, i) => (ch === '●' ? [i] : []));
    expect(marked).toEqual([...new Set(result.gp!.trials.slice(0, 5).map((t) => Math.round(Number(t.value) * 59)))].sort((a, b) => a - b));
    expect(text).toContain('  log EI');
    // log EI's rows end LOG_EI_DEPTH below the peak, as the report's GP panels cut their axis
    const ei = result.gp!.curve.flatMap((p) => (p.logEi === null ? [] : [p.logEi]));
    const peak = Math.max(...ei);
    const foot = Math.max(Math.min(...ei), peak - LOG_EI_DEPTH);
    const eiRows = lines.slice(lines.findIndex((line) => line.startsWith('  log EI')), lines.findIndex((line) => line.startsWith('  trials')));
    expect(eiRows[0]).toMatch(new RegExp(`  ${peak.toFixed(1)}$`));
    expect(eiRows.at(-1)).toMatch(new RegExp(`  ${foot.toFixed(1)}${Math.min(...ei) < foot ? ' and below' : ''}$`));
    expect(lines.filter((line) => /^ {2}(x \*|c) +\d/.test(line))).toHaveLength(2);
  });

  it('gives a choice one row per option, the pick marked', () => {
    const result = explainParameterAt({ space, state, label: 'c', optimizer: gpOptions });
    const rows = formatExplain(result, false).split('\n').filter((line) => /^ {2}[ab] /.test(line));
    expect(rows).toHaveLength(2);
    expect(rows.filter((row) => row.endsWith('◀'))).toEqual([rows.find((row) => row.startsWith(`  ${String(result.gp?.chosen.value)} `))]);
  });
});

describe('explain in a conditional space under the Gaussian process', () => {
  const text = ['metric: loss', 'params:', '  model:', '    choice:', '      - svm:', '          C: loguniform(0.001, 1000)', '      - tree:', '          depth: randint(1, 20)', '  scale: uniform(-3, 3)', ''].join('\n');
  const cond = parseSpace(text, { file: 'space.yaml' });
  const loss = (p: Config): number => (Number(p.scale) - 0.5) ** 2 + (p.model === 'svm' ? Math.log10(Number(p.C)) ** 2 : 0.5 + ((Number(p.depth) - 8) / 5) ** 2);
  const options = { algo: 'auto' as const, seed: 3 };
  const opt = createOptimizer(cond, options);
  const events: StudyEvent[] = [{ type: 'study_created', meta: { name: 'cond', spaceText: text, spaceFile: null, command: ['true'], options, target: 20, createdAt: 0 } }];
  for (let i = 0; i < 14; i++) {
    const { id, params, startup, sampler } = opt.ask();
    events.push({ type: 'trial_asked', id, params, startup, sampler, worker: 'w', at: 10 * id, retryOf: null });
    const value = loss(params);
    opt.tell(id, value);
    events.push({ type: 'trial_finished', id, state: 'complete', value, exitCode: 0, error: null, at: 10 * id + 5 });
  }
  const state = replay(events)!;

  it('says a parameter of the other branch is not in the proposal, and holds only the branch\'s parameters', () => {
    const next = opt.ask();
    expect(next.sampler).toBe('gp');
    const [inside, outside] = next.params.model === 'svm' ? ['C', 'depth'] : ['depth', 'C'];
    const left = explainParameterAt({ space: cond, state, label: outside, optimizer: options });
    expect(left.note).toContain(`${outside} is not in its proposal (its parent choice took another option)`);
    const shown = explainParameterAt({ space: cond, state, label: inside, optimizer: options });
    expect(Object.keys(shown.gp?.heldAt ?? {}).sort()).toEqual(['model', 'scale']);
    expect(shown.proposed).toBe(next.params[inside]);
  });
});
