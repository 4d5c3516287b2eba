import { describe, expect, it } from 'vitest';
import { densityTimeline, historyBefore } from '../../src/report/html/densities.js';
import { embedJson, renderReportHtml } from '../../src/report/html/page.js';
import { buildReportHtml } from '../../src/report/html/report.js';
import { buildReportData } from '../../src/report/html/report-data.js';
import { explainProposal } from '../../src/engine/index.js';
import type { Trial } from '../../src/study/types.js';
import { demoSpace, demoStudy } from '../browser/synthetic-study.js';

const assets = { script: 'document.body.dataset.ready = "true";', css: '.u-legend{}' };

function trial(id: number, askedAt: number, finishedAt: number | null, state: Trial['state'], value: number | null): Trial {
  return { id, params: { x: id }, state, value, intermediate: [], steps: [], startup: false, sampler: 'tpe', askedAt, startedAt: askedAt, finishedAt, exitCode: null, error: null, worker: 'w', heartbeatAt: askedAt };
}

describe('historyBefore: the history as the engine saw it', () => {
  const trials = [trial(0, 0, 50, 'complete', 1), trial(1, 10, 200, 'complete', 2), trial(2, 100, 150, 'failed', null), trial(3, 300, null, 'running', null)];

  it('counts a trial finished only if it had finished when the later trial was asked', () => {
    expect(historyBefore(trials, 2).map((t) => [t.id, t.state, t.value])).toEqual([
      [0, 'complete', 1],
      [1, 'running', null],
    ]);
    expect(historyBefore(trials, 3).map((t) => t.state)).toEqual(['complete', 'complete', 'failed']);
  });

  it('takes everything as it is now for the next proposal', () => {
    expect(historyBefore(trials, null).map((t) => t.state)).toEqual(['complete', 'complete', 'failed', 'running']);
  });
});

describe('densityTimeline', () => {
  const space = demoSpace();
  const state = demoStudy(space, { trials: 30, seed: 5 });
  const traceAt = (history: Parameters<typeof explainProposal>[1], id: number) => explainProposal(space, history, { algo: 'tpe', seed: 5 }, id);

  it('steps through the modelled trials and ends with the next proposal, each pick being what the trial got', () => {
    const timeline = densityTimeline(space, state.trials, traceAt, 10);
    expect(timeline.steps).toHaveLength(10);
    expect(timeline.steps.at(-1)).toEqual({ trial: 30, finished: 30, ran: false });
    expect(timeline.steps.slice(0, -1).every((step) => step.ran && !state.trials[step.trial]!.startup)).toBe(true);
    const lr = timeline.tracks.find((t) => t.label === 'lr')!;
    expect(lr.log).toBe(true);
    expect(lr.x).toHaveLength(120);
    timeline.steps.slice(0, -1).forEach((step, i) => {
      expect(lr.frames[i]!.chosen).toBe(state.trials[step.trial]!.params['lr']);
    });
    const layers = timeline.tracks.find((t) => t.label === 'layers')!;
    expect(layers).toMatchObject({ discrete: true, x: [1, 2, 3, 4, 5, 6] });
  });

  it('has nothing to show for a study still in its start-up phase', () => {
    const early = demoStudy(space, { trials: 3, seed: 5 });
    const timeline = densityTimeline(space, early.trials, traceAt, 10);
    expect(timeline.tracks).toEqual([]);
  });
});

describe('the page', () => {
  it('embeds data so that no value can close the script element', () => {
    const text = embedJson({ error: '</script><script>alert(1)</script><!--', line: '\u2028' });
    expect(text).not.toContain('<');
    expect(JSON.parse(text)).toEqual({ error: '</script><script>alert(1)</script><!--', line: '\u2028' });
  });

  it('is one document with the data, the library and the script inlined, and a policy against any request', () => {
    const space = demoSpace();
    const state = demoStudy(space, { trials: 12, seed: 2, failing: [3] });
    const html = buildReportHtml({ space, state, metric: 'loss', goal: 'minimize', optimizer: { algo: 'tpe', seed: 2 }, generatedAt: new Date(0), assets });
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain("default-src 'none'");
    expect(html).toContain(assets.script);
    expect(html).toContain(assets.css);
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/);
  });

  it('carries each trial\'s reported values as its curve: six digits, a gap for NaN or inf, pruned trials as they are', () => {
    const space = demoSpace();
    const state = demoStudy(space, { trials: 12, seed: 2, steps: 6, pruned: [7] });
    state.trials[3]!.intermediate = [1.23456789, NaN, Infinity, 0.5];
    const data = buildReportData({ space, state, metric: 'loss', goal: 'minimize', importance: [], densities: { steps: [], tracks: [] }, usesTpe: true, generatedAt: new Date(0) });
    expect(data.trials[3]?.curve).toEqual([1.23457, null, null, 0.5]);
    expect(data.trials[7]).toMatchObject({ state: 'pruned', curve: state.trials[7]!.intermediate.map((v) => Number(v.toPrecision(6))) });
    expect(data.trials[7]?.curve).toHaveLength(2);
    expect(data.trials[0]?.curve).toHaveLength(6);
    expect(data.trials.every((t) => t.curveSteps === null)).toBe(true);
  });

  it("gives a pruned trial's stop step, where its partial value is from, and no other trial one (found by a user audit)", () => {
    const space = demoSpace();
    const state = demoStudy(space, { trials: 12, seed: 2, steps: 6, pruned: [7], failing: [4] });
    const data = buildReportData({ space, state, metric: 'loss', goal: 'minimize', importance: [], densities: { steps: [], tracks: [] }, usesTpe: true, generatedAt: new Date(0) });
    expect(data.trials[7]).toMatchObject({ state: 'pruned', stoppedAt: 2, value: state.trials[7]!.intermediate[1] });
    expect(data.trials.filter((t) => t.stoppedAt !== null).map((t) => t.id)).toEqual([7]);
  });

  it('thins a curve of thousands of values, with the step of each value kept', () => {
    const space = demoSpace();
    const state = demoStudy(space, { trials: 5, seed: 2, steps: 6 });
    state.trials[1]!.intermediate = Array.from({ length: 5000 }, (_, i) => 1 / (i + 1));
    const data = buildReportData({ space, state, metric: 'loss', goal: 'minimize', importance: [], densities: { steps: [], tracks: [] }, usesTpe: true, generatedAt: new Date(0) });
    expect(data.trials[1]?.curve.length).toBeLessThanOrEqual(250);
    expect(data.trials[1]?.curveSteps?.at(-1)).toBe(5000);
    expect(data.trials[1]?.curve.at(-1)).toBe(0.0002);
  });

  it("gives the study's trial time, and of its time budget when it has one", () => {
    const space = demoSpace();
    const state = demoStudy(space, { trials: 3, seed: 2, steps: 2 });
    state.trials.forEach((trial, i) => Object.assign(trial, { state: 'complete', askedAt: 10_000 * i, startedAt: 10_000 * i, finishedAt: 10_000 * i + 2500 }));
    const input = { space, state, metric: 'loss', goal: 'minimize' as const, importance: [], densities: { steps: [], tracks: [] }, usesTpe: true, gp: { steps: [] }, generatedAt: new Date(60_000) };
    expect(buildReportData(input).trialTime).toBe('7.5s');
    expect(buildReportData({ ...input, timeBudgetS: 3600 }).trialTime).toBe('7.5s of 1h00m');
  });

  it('reports the best trial by the goal given, not the space file', () => {
    const space = demoSpace();
    const state = demoStudy(space, { trials: 12, seed: 2 });
    const common = { space, state, metric: 'loss', importance: [], densities: { steps: [], tracks: [] }, usesTpe: true, generatedAt: new Date(0) };
    const values = state.trials.map((t) => t.value ?? NaN);
    expect(buildReportData({ ...common, goal: 'minimize' }).best?.value).toBe(Math.min(...values));
    expect(buildReportData({ ...common, goal: 'maximize' }).best?.value).toBe(Math.max(...values));
    expect(renderReportHtml(buildReportData({ ...common, goal: 'maximize' }), assets)).toContain('"goal":"maximize"');
  });
});

describe('the report of an auto study', () => {
  const space = demoSpace();
  const generatedAt = new Date(0);
  const dataOf = (html: string): { usesTpe: boolean; trials: Array<{ sampler: string | null }>; densities: { steps: Array<{ trial: number }> } } =>
    JSON.parse(html.match(/<script type="application\/json" id="report-data">(.*?)<\/script>/s)?.[1] ?? 'null');

  it('has a sampler per trial, and TPE density steps only for the trials TPE proposed', () => {
    const state = demoStudy(space, { trials: 20, seed: 3 });
    // pretend the Gaussian process proposed every other modelled trial
    state.trials.forEach((trial) => (trial.sampler = trial.startup ? 'startup' : trial.id % 2 === 0 ? 'gp' : 'tpe'));
    const html = buildReportHtml({ space, state, metric: 'loss', goal: 'minimize', optimizer: { algo: 'auto', seed: 3 }, generatedAt, assets });
    const data = dataOf(html);
    expect(data.usesTpe).toBe(true);
    expect(data.trials.map((t) => t.sampler)).toEqual(state.trials.map((t) => t.sampler));
    const ran = data.densities.steps.filter((step) => step.trial < 20).map((step) => step.trial);
    expect(ran.length).toBeGreaterThan(0);
    expect(ran.every((id) => state.trials[id]?.sampler === 'tpe')).toBe(true);
  });

  it('has no TPE panels when no trial is TPE\'s', () => {
    const state = demoStudy(space, { trials: 12, seed: 3 });
    state.trials.forEach((trial) => (trial.sampler = trial.startup ? 'startup' : 'gp'));
    const gp = dataOf(buildReportHtml({ space, state, metric: 'loss', goal: 'minimize', optimizer: { algo: 'gp', seed: 3 }, generatedAt, assets }));
    expect(gp.usesTpe).toBe(false);
    expect(gp.densities.steps).toEqual([]);
    const random = dataOf(buildReportHtml({ space, state, metric: 'loss', goal: 'minimize', optimizer: { algo: 'random', seed: 3 }, generatedAt, assets }));
    expect(random.usesTpe).toBe(false);
  });
});
