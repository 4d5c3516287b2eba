// The page of a noisy RL study: its header says a trial's result is the mean of its last evaluations
// (objective: last-3-avg), and a trial pruned at step 10000 that had printed step 15000 before the stop
// landed shows the step the pruner stopped it at, as summary and show do (a user audit: show said
// "stopped at step 30000" of a trial pruned at step 25000).
import { describe, expect, it } from 'vitest';
import { buildReportHtml } from '../../src/report/html/report.js';
import { parseSpace } from '../../src/space/index.js';
import type { StudyEvent } from '../../src/study/events.js';
import { replay, type StudyState } from '../../src/study/replay.js';
import { available, builtAssets, openReport, reason, launchedBrowser } from './open-report.js';

const SPACE = 'metric: return\ngoal: maximize\nobjective: last-3-avg\nparams:\n  x: uniform(-1, 1)\n';

function rlStudy(): StudyState {
  const events: StudyEvent[] = [{ type: 'study_created', meta: { name: 'rl', spaceText: SPACE, spaceFile: null, command: ['python3', 'train.py'], options: { algo: 'random', seed: 1, objective: 'last-3-avg' }, target: 4, createdAt: 0 } }];
  const trial = (id: number, x: number, returns: number[], end: { state: 'complete' | 'pruned'; value: number; error: string | null }): void => {
    const at = 1000 + id * 1000;
    events.push({ type: 'trial_asked', id, params: { x }, startup: false, sampler: 'random', worker: 'test:1', at, retryOf: null });
    events.push({ type: 'trial_started', id, worker: 'test:1', at: at + 1 });
    returns.forEach((value, k) => events.push({ type: 'trial_intermediate', id, value, step: 5000 * (k + 1), at: at + 10 + k }));
    events.push({ type: 'trial_finished', id, state: end.state, value: end.value, exitCode: end.state === 'complete' ? 0 : null, error: end.error, at: at + 500 });
  };
  trial(0, 0.1, [80, 90, 85, 95, 88], { state: 'complete', value: 89.333, error: null });
  trial(1, -0.2, [70, 85, 80, 90, 86], { state: 'complete', value: 85.333, error: null });
  trial(2, 0.9, [20, 25, 30], { state: 'pruned', value: 30, error: 'pruned at step 10000 (median): best value so far 25 is worse than the median 87.5 of 2 other trials at that step; its process group was stopped (SIGTERM)' });
  const state = replay(events);
  if (state === null) throw new Error('replay gave no study');
  return state;
}

describe.skipIf(!available)(`the report of a study under objective: last-3-avg, with a pruned trial, in headless Chromium${reason}`, () => {
  const browser = launchedBrowser();

  it("says what a trial's result is in its header, and the step the pruner stopped a trial at beside its last value", async () => {
    const html = buildReportHtml({ space: parseSpace(SPACE), state: rlStudy(), metric: 'return', goal: 'maximize', objective: 'last-3-avg', optimizer: { algo: 'random', seed: 1 }, generatedAt: new Date(0), assets: builtAssets() });
    const { page, errors, requests } = await openReport(browser(), html, 'report-objective');
    expect(await page.$eval('header .sub', (p) => p.textContent)).toMatch(/^maximize return \(a trial's result is the mean of its last 3 values\) · algo random · /);
    const rows = await page.$$eval('#trials tbody tr', (trs) => trs.map((tr) => ({ state: tr.querySelector('span.state')?.textContent, value: tr.children[2]?.textContent ?? '', title: tr.children[2]?.getAttribute('title') })));
    expect(rows.filter((r) => r.state === 'pruned')).toEqual([{ state: 'pruned', value: '30 @ step 10000', title: 'pruned at step 10000: the last value it reported (at step 15000, printed before the stop landed), not a full run' }]);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
  });
});
