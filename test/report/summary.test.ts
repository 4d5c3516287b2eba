import { describe, expect, it } from 'vitest';
import { formatSummaryCsv } from '../../src/report/summary-csv.js';
import { formatSummaryJson } from '../../src/report/summary-json.js';
import { formatSummaryTable, idRanges } from '../../src/report/summary-table.js';
import { rankTrials, summarizeStudy } from '../../src/report/summary.js';
import { formatTrialDetail } from '../../src/report/trial-detail.js';
import { sparkline } from '../../src/report/sparkline.js';
import { diffLines } from '../../src/report/text-diff.js';
import { formatProgressLine, formatTrialLine } from '../../src/report/progress.js';
import { formatDuration, formatValue, trialsOfTarget } from '../../src/report/format.js';
import { replay, type StudyState } from '../../src/study/replay.js';
import type { StudyEvent } from '../../src/study/events.js';

function study(goal: 'minimize' | 'maximize' = 'minimize', extra: StudyEvent[] = []): StudyState {
  const events: StudyEvent[] = [
    {
      type: 'study_created',
      meta: { name: 'demo', spaceText: 'x', spaceFile: null, command: ['node'], options: { goal }, target: 5, createdAt: 0 },
    },
  ];
  const trials: Array<[number, 'complete' | 'failed' | 'interrupted' | 'running', number | null, Record<string, number | string>]> = [
    [0, 'complete', 0.5, { lr: 0.1, act: 'relu' }],
    [1, 'failed', null, { lr: 0.2, act: 'tanh' }],
    [2, 'complete', 0.25, { lr: 0.01, act: 'a, "b"' }],
    [3, 'interrupted', null, { lr: 0.3 }],
    [4, 'complete', 0.75, { lr: 0.4, act: 'relu' }],
    [5, 'running', null, { lr: 0.5, act: 'relu' }],
  ];
  for (const [id, state, value, params] of trials) {
    events.push({ type: 'trial_asked', id, params, startup: id < 2, worker: 'w', at: 1000 * id, retryOf: null });
    events.push({ type: 'trial_started', id, worker: 'w', at: 1000 * id });
    if (value !== null) events.push({ type: 'trial_intermediate', id, value: value * 2, at: 1000 * id + 100 });
    if (value !== null) events.push({ type: 'trial_intermediate', id, value, at: 1000 * id + 200 });
    if (state !== 'running') {
      events.push({
        type: 'trial_finished',
        id,
        state,
        value,
        exitCode: state === 'failed' ? 3 : 0,
        error: state === 'failed' ? 'exit code 3\nTraceback' : null,
        at: 1000 * id + 500,
      });
    }
  }
  const state = replay([...events, ...extra]);
  if (state === null) throw new Error('no state');
  return state;
}

describe('summary model', () => {
  it('finds the best trial for each goal and the best-so-far curve', () => {
    const min = summarizeStudy(study(), { metric: 'loss', goal: 'minimize', labels: ['lr', 'act'] });
    expect(min.best).toEqual({ id: 2, value: 0.25, params: { lr: 0.01, act: 'a, "b"' } });
    expect(min.bestSoFar).toEqual([0.5, 0.25, 0.25]);
    expect(min.counts).toEqual({ complete: 3, failed: 1, pruned: 0, running: 1, interrupted: 1, queued: 0 });
    expect(rankTrials(min).map((t) => t.id)).toEqual([2, 0, 4]);
    const max = summarizeStudy(study(), { metric: 'acc', goal: 'maximize' });
    expect(max.best?.id).toBe(4);
    expect(rankTrials(max, 2).map((t) => t.id)).toEqual([4, 0]);
  });
});

describe('summary formats', () => {
  const summary = summarizeStudy(study(), { metric: 'loss', goal: 'minimize', labels: ['lr', 'act'] });

  it('writes JSON in exactly the documented shape', () => {
    const doc = JSON.parse(formatSummaryJson(summary)) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(['study', 'metric', 'goal', 'objective', 'algo', 'seed', 'target', 'trial_time_s', 'time_budget_s', 'time_left_s', 'stopped_early', 'counts', 'best', 'repeats', 'prune_check', 'trials']);
    // its running trial's worker has been silent since long ago: no pace to go on at
    expect(doc['time_left_s']).toBeNull();
    expect(doc['trial_time_s']).toBe(Number(summary.trialTimeS.toFixed(3)));
    expect(doc['time_budget_s']).toBeNull();
    expect(doc['stopped_early']).toBeNull();
    expect(doc['counts']).toEqual({ complete: 3, failed: 1, pruned: 0, running: 1, interrupted: 1, queued: 0 });
    const trials = doc['trials'] as Array<Record<string, unknown>>;
    expect(Object.keys(trials[0] ?? {})).toEqual(['id', 'state', 'value', 'params', 'intermediate', 'steps', 'stopped_at_step', 'duration_s', 'exit_code', 'error', 'sampler']);
    expect(trials[0]).toEqual({
      id: 0, state: 'complete', value: 0.5, params: { lr: 0.1, act: 'relu' }, intermediate: [1, 0.5], steps: [1, 2], stopped_at_step: null, duration_s: 0.5, exit_code: 0, error: null, sampler: 'startup',
    });
    expect(trials[5]).toMatchObject({ state: 'running', duration_s: null, value: null });
  });

  it('writes one CSV row per trial and one column per parameter, quoting where needed', () => {
    const lines = formatSummaryCsv(summary).trimEnd().split('\n');
    expect(lines[0]).toBe('id,state,loss,duration_s,exit_code,startup,sampler,stopped_at_step,lr,act,error');
    expect(lines[1]).toBe('0,complete,0.5,0.500,0,true,startup,,0.1,relu,');
    expect(lines[4]).toBe('2,complete,0.25,0.500,0,false,tpe,,0.01,"a, ""b""",');
    expect(lines[5]).toBe('3,interrupted,,0.500,0,false,tpe,,0.3,,');
    expect(formatSummaryCsv(summary)).toContain('"exit code 3\nTraceback"');
    // every label of the space is a column from the start, so exports of one study line up
    const wider = summarizeStudy(study(), { metric: 'loss', goal: 'minimize', labels: ['lr', 'width', 'act'] });
    expect(formatSummaryCsv(wider).split('\n')[0]).toBe('id,state,loss,duration_s,exit_code,startup,sampler,stopped_at_step,lr,width,act,error');
    expect(formatSummaryCsv(wider, [])).toBe('id,state,loss,duration_s,exit_code,startup,sampler,stopped_at_step,lr,width,act,error\n');
  });

  it('writes the extra metrics after the metric, empty where a trial has none; one named as another column is extra.<name>', () => {
    const state = study();
    state.trials[0]!.extras = { accuracy: 0.9, lr: 0.5 };
    state.trials[2]!.extras = { accuracy: 0.8 };
    const lines = formatSummaryCsv(summarizeStudy(state, { metric: 'loss', goal: 'minimize', labels: ['lr', 'act'] })).split('\n');
    expect(lines[0]).toBe('id,state,loss,accuracy,extra.lr,duration_s,exit_code,startup,sampler,stopped_at_step,lr,act,error');
    expect(lines[1]).toBe('0,complete,0.5,0.9,0.5,0.500,0,true,startup,,0.1,relu,');
    expect(lines[2]).toBe('1,failed,,,,0.500,3,true,startup,,0.2,tanh,"exit code 3');
    expect(lines[4]).toMatch(/^2,complete,0\.25,0\.8,,0\.500,/);
  });

  it('shows the best trials, start-up trials, best parameters and a sparkline in the table', () => {
    const text = formatSummaryTable(summary, { top: 2, color: false });
    // five trials of 0.5 s, and one running since 5 s whose worker has been silent: 10 s past its last sign
    expect(text).toContain('Study demo: minimize loss, 4 of 5 trials finished (3 complete, 1 failed, 1 running, 1 interrupted); trial time 13s\n');
    const budgeted = summarizeStudy(study(), { metric: 'loss', goal: 'minimize', timeBudgetS: 3600 });
    expect(formatSummaryTable(budgeted, { top: 2, color: false })).toContain('1 interrupted); trial time 13s of the 1h00m budget\n');
    expect(text).toContain('Best 2 of 3 complete trials');
    expect(text).toMatch(/│ 2\s+│ 0\.25\s+│ 0\.01\s+│ "a, \\"b\\""/);
    expect(text).toContain('* start-up trial');
    expect(text).toContain(': 0-1');
    expect(text).toContain('Best parameters (trial 2, loss 0.25):\n  lr: 0.01');
    expect(text).toContain('Best so far: █▁▁  0.5 -> 0.25 over 3 complete trials');
    expect(text).toContain('Last failure: trial 1: exit code 3');
    expect(text).not.toContain('\u001b[');
    expect(text).not.toContain('Workers:');
  });

  it('names the step pruned trials stopped at once when they all stopped at one step', () => {
    const pruneAt = (steps: number[]): StudyState =>
      study(
        'minimize',
        steps.flatMap((step, k): StudyEvent[] => [
          { type: 'trial_asked', id: 10 + k, params: { lr: 0.1 }, startup: false, worker: 'w', at: 9000 + k, retryOf: null },
          { type: 'trial_intermediate', id: 10 + k, value: 1, step, at: 9100 + k },
          { type: 'trial_finished', id: 10 + k, state: 'pruned', value: 1, exitCode: null, error: 'pruned', at: 9200 + k },
        ]),
      );
    const text = (steps: number[]) => formatSummaryTable(summarizeStudy(pruneAt(steps), { goal: 'minimize', metric: 'loss', now: 0 }), { top: 2, color: false });
    expect(text([1, 1])).toMatch(/Pruned: 2 trials, stopped at step 1\b(?!-)/);
    expect(text([1, 1])).not.toContain('median');
    expect(text([1, 3, 3])).toMatch(/Pruned: 3 trials, stopped at step 1-3 .*\(median 3\)/);
    // an even count: the mean of the middle two (a user audit: 13 at 1, 3 at 2, 10 at 3 said median 1)
    expect(text([...Array(13).fill(1), 2, 2, 2, ...Array(10).fill(3)])).toMatch(/stopped at step 1-3 .*\(median 1.5\)/);
  });

  it("gives a pruned trial's step as the pruner's decision, not a value printed after it while it was being stopped, in the JSON, the table and show", () => {
    const pruned = (id: number, error: string | null): StudyEvent[] => [
      { type: 'trial_asked', id, params: { lr: 0.1 }, startup: false, worker: 'w', at: 9000 + id, retryOf: null },
      ...[5000, 10000, 15000].map((step, k): StudyEvent => ({ type: 'trial_intermediate', id, value: 40 + k, step, at: 9100 + id + k })),
      { type: 'trial_finished', id, state: 'pruned', value: 42, exitCode: null, error, at: 9200 + id },
    ];
    const state = study('maximize', [...pruned(10, 'pruned at step 10000 (median): best value so far 41 is worse than the median 80 of 2 other trials at that step; its process group was stopped (SIGTERM)'), ...pruned(11, null)]);
    const summary = summarizeStudy(state, { goal: 'maximize', metric: 'return', now: 0 });
    // a trial told pruned from outside names no step: its last one
    expect(summary.trials.filter((t) => t.state === 'pruned').map((t) => t.stoppedAt)).toEqual([10000, 15000]);
    const json = JSON.parse(formatSummaryJson(summary)) as { trials: Array<{ id: number; stopped_at_step: number | null }> };
    expect(json.trials.find((t) => t.id === 10)?.stopped_at_step).toBe(10000);
    expect(formatSummaryTable(summary, { top: 2, color: false })).toContain('Pruned: 2 trials, stopped at step 10000-15000');
    const trial = summary.trials.find((t) => t.id === 10);
    if (trial === undefined) throw new Error('no trial 10');
    const shown = formatTrialDetail({ summary, trial, askedAt: 0, startedAt: 0, finishedAt: 1, stdout: '', stderr: '' }, false);
    expect(shown.split('\n')[0]).toBe('trial 10 of study demo: pruned, stopped at step 10000, last return 42 (at step 15000: printed before the stop landed)');
  });

  it('writes the best parameters with every digit, to be copied; the table rounds', () => {
    const big = study('minimize', [
      { type: 'trial_asked', id: 6, params: { lr: 29756391647.6, act: 'relu' }, startup: false, worker: 'w', at: 9000, retryOf: null },
      { type: 'trial_finished', id: 6, state: 'complete', value: -8601326275929.168, exitCode: 0, error: null, at: 9100 },
    ]);
    const text = formatSummaryTable(summarizeStudy(big, { goal: 'minimize', metric: 'loss', now: 0 }), { top: 1, color: false });
    expect(text).toContain('Best parameters (trial 6, loss -8.60133e+12):\n  lr: 29756391647.6\n');
    expect(text).toMatch(/│ 6\s+│ -8\.60133e\+12 │ 2\.97564e\+10 │/);
  });

  it('says how the trials spread over the workers when several shared the study', () => {
    const state = study();
    const workers = ['gpu1:11', 'gpu2:22', 'gpu1:11', 'gpu3:33', 'gpu1:11', 'gpu2:22'];
    state.trials.forEach((trial, i) => (trial.worker = workers[i] ?? null));
    const shared = summarizeStudy(state, { metric: 'loss', goal: 'minimize' });
    // trial 3 was interrupted: it counts for nobody
    expect(shared.workers).toMatchObject([
      { worker: 'gpu1:11', finished: 3, running: 0 },
      { worker: 'gpu2:22', finished: 1, running: 1 },
    ]);
    expect(formatSummaryTable(shared, { top: 2, color: false })).toContain('Workers: 2, trials finished by each: gpu1:11 3, gpu2:22 1 (+1 running)');
    // a run and its resumes, one after another: each is a worker of its own, but no work was spread (a user audit)
    const resumed = study();
    resumed.trials.forEach((trial, i) => {
      trial.worker = i < 3 ? 'vm:1' : 'vm:2';
      trial.askedAt = i * 1000;
      trial.startedAt = i * 1000;
      trial.finishedAt = i * 1000 + 500;
      trial.heartbeatAt = null;
    });
    expect(formatSummaryTable(summarizeStudy(resumed, { metric: 'loss', goal: 'minimize' }), { top: 2, color: false })).not.toContain('Workers:');
  });
});

describe('summary tables of large spaces', () => {
  const row = (params: Record<string, string | number>): StudyEvent[] => [
    { type: 'trial_asked', id: 6, params, startup: false, worker: 'w', at: 9000, retryOf: null },
    { type: 'trial_finished', id: 6, state: 'complete', value: 0.01, exitCode: 0, error: null, at: 9100 },
  ];

  it('cuts a long option value in its column, and a row of many parameters, with --format json keeping them whole (200 parameters made 3,000-column rows)', () => {
    const prompt = 'p'.repeat(2000);
    const long = summarizeStudy(study('minimize', row({ lr: 0.1, act: prompt })), { goal: 'minimize', metric: 'loss', now: 0 });
    const table = formatSummaryTable(long, { top: 3, color: false }).split('\n');
    expect(table.find((line) => line.startsWith('│ 6 '))).toMatch(new RegExp(`│ 0\\.1 +│ p{20}\u2026 \\(2000 chars\\) │`));
    const tableLines = table.filter((line) => /^[│┌└]/.test(line));
    for (const line of tableLines) expect(line.length).toBeLessThan(120);
    const json = JSON.parse(formatSummaryJson(long)) as { trials: Array<{ id: number; params: Record<string, unknown> }> };
    expect(json.trials.find((t) => t.id === 6)?.params['act']).toBe(prompt);

    const wide = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`p${i}`, 0.123456 + i]));
    const many = summarizeStudy(study('minimize', row(wide)), { goal: 'minimize', metric: 'loss', now: 0 });
    const line = formatSummaryTable(many, { top: 1, color: false }).split('\n').find((l) => l.startsWith('│ 6 ')) ?? '';
    expect(line).toMatch(/│ p0=0\.123456 p1=1\.12346 p2=2\.12346 .* p\d+=[\d.]+ \.\.\. \(200 parameters\) +│ 0\.1s +│/);
    expect(line.length).toBeLessThan(260);
    // a few parameters are shown whole, as before
    expect(formatSummaryTable(summarizeStudy(study('minimize', row(Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`p${i}`, i])))), { goal: 'minimize', metric: 'loss', now: 0 }), { top: 1, color: false })).toContain('│ p0=0 p1=1 p2=2 p3=3 p4=4 p5=5 p6=6 p7=7 │');
  });
});

describe('small formatters', () => {
  it('draws sparklines scaled between the extremes and resamples long series', () => {
    expect(sparkline([3, 2, 1])).toBe('█▅▁');
    expect(sparkline([1, 1])).toBe('▁▁');
    expect(sparkline(Array.from({ length: 200 }, (_, i) => i), 10)).toHaveLength(10);
    expect(sparkline([])).toBe('');
  });

  it('formats values, durations and id ranges for people', () => {
    expect(formatValue(0.123456789)).toBe('0.123457');
    expect(formatValue(Number.NaN)).toBe('nan');
    expect(formatValue(-Infinity)).toBe('-inf');
    // six digits of a large or tiny value in exponent form, never written out as if exact (a user audit)
    expect(formatValue(-8601326275929.168)).toBe('-8.60133e+12');
    expect(formatValue(29756391647.6)).toBe('2.97564e+10');
    expect(formatValue(1.5e-9)).toBe('1.5e-9');
    expect(formatValue(123456.7)).toBe('123457');
    expect(formatDuration(4.23)).toBe('4.2s');
    expect(formatDuration(185)).toBe('3m05s');
    expect(formatDuration(7500)).toBe('2h05m');
    // rounded before it is split: no 1m00s for two minutes, no 59m00s for an hour
    expect(formatDuration(59.7)).toBe('1m00s');
    expect(formatDuration(119.6)).toBe('2m00s');
    expect(formatDuration(3599.7)).toBe('1h00m');
    expect(formatDuration(7199)).toBe('2h00m');
    expect(idRanges([5, 0, 1, 2, 7, 8])).toBe('0-2, 5, 7-8');
    // the TPE's look at the whole space every 5th trial, over 3,000 trials: one stretch, not 600 ids (a user audit)
    const startup = [...Array(8).keys(), ...Array.from({ length: 598 }, (_, i) => 12 + 5 * i)];
    expect(idRanges(startup)).toBe('0-7, 12-2997 every 5th');
    expect(idRanges([1, 3, 5, 7, 20, 22])).toBe('1-7 every 2nd, 20, 22');
    expect(idRanges([1, 3, 5])).toBe('1, 3, 5');
    expect(idRanges(Array.from({ length: 40 }, (_, i) => i * i))).toMatch(/^0-1, 4, 9, .*, \.\.\. \(40 in all\)$/);
    expect(trialsOfTarget(3, 10)).toBe('3 of 10 trials');
    expect(trialsOfTarget(6, 2)).toBe('6 trials (target 2)');
    expect(trialsOfTarget(1, null)).toBe('1 trial');
  });

  it('diffs space texts line by line', () => {
    expect(diffLines('a\nb\nc\nd\ne\n', 'a\nb\nX\nd\ne\n')).toBe('  ...\n  b\n- c\n+ X\n  d\n  ...');
    expect(diffLines('a\n', 'a\nb\n')).toBe('  a\n+ b');
  });

  it('writes the progress line and one line per finished trial', () => {
    const line = formatProgressLine(
      { finished: 3, target: 10, budget: null, running: 2, failed: 1, best: { id: 2, value: 0.25 }, metric: 'loss', elapsedS: 30, finishedThisRun: 3 },
      false,
    );
    expect(line).toBe('[3/10], 2 running, 1 failed, best loss 0.25 (trial 2), 30s elapsed, ETA 1m10s');
    // while a trial runs the ETA counts down from the last finish's pace, not up with the clock (a user audit)
    const later = (since: number): string =>
      formatProgressLine({ finished: 1, target: 4, budget: null, running: 1, failed: 0, best: null, metric: 'loss', elapsedS: 2 + since, finishedThisRun: 1, sinceFinishS: since }, false);
    expect([later(0), later(1), later(2)].map((text) => /ETA (\S+)$/.exec(text)?.[1])).toEqual(['6.0s', '5.0s', '4.0s']);
    // a time budget alone: no count to reach; the ETA is the budget's rest
    const budgeted = formatProgressLine(
      { finished: 3, target: null, budget: { spentS: 600, budgetS: 3600 }, running: 1, failed: 0, best: null, metric: 'loss', elapsedS: 600, finishedThisRun: 3 },
      false,
    );
    expect(budgeted).toBe('[3], 1 running, 0 failed, best loss -, 10m00s elapsed, 10m00s of 1h00m budget, ETA 50m00s');
    // both: whichever ends first
    const both = formatProgressLine(
      { finished: 3, target: 10, budget: { spentS: 30, budgetS: 60 }, running: 1, failed: 0, best: null, metric: 'loss', elapsedS: 30, finishedThisRun: 3 },
      false,
    );
    expect(both).toMatch(/30s of 1m00s budget, ETA 30s$/);
    // a narrow terminal's form: no '0 failed', the budget shorter, the ETA kept
    expect(formatProgressLine({ finished: 3, target: 10, budget: { spentS: 30, budgetS: 60 }, running: 1, failed: 0, best: null, metric: 'loss', elapsedS: 30, finishedThisRun: 3 }, false, true)).toBe(
      '[3/10], 1 running, best loss -, 30s elapsed, 30s/1m00s budget, ETA 30s',
    );
    // four at once, the first of them just finished after 12 s: 7 more take about 7 x 12 s / 4, not 7 x 12 s
    const base = { target: 8, budget: null, running: 3, failed: 0, best: null, metric: 'loss', elapsedS: 12, sinceFinishS: 0 } as const;
    expect(formatProgressLine({ ...base, finished: 1, finishedThisRun: 1, firstBatch: { meanTrialS: 12, slots: 4 } }, false)).toMatch(/ETA 21s$/);
    // past the first batch, and with other workers' trials counted: the study's pace over this run
    expect(formatProgressLine({ ...base, finished: 4, finishedThisRun: 4, firstBatch: { meanTrialS: 12, slots: 4 } }, false)).toMatch(/ETA 12s$/);
    expect(formatProgressLine({ ...base, finished: 6, finishedThisRun: 2, finishedSinceStart: 6 }, false)).toMatch(/ETA 4\.0s$/);
    const done = formatTrialLine(
      { id: 4, state: 'complete', value: 0.2, params: { lr: 0.1 }, durationS: 1.5, error: null, newBest: true },
      'loss',
      false,
    );
    expect(done).toBe('trial 4  complete  loss=0.2  lr=0.1  (1.5s)  best so far');
    const failed = formatTrialLine(
      { id: 5, state: 'failed', value: null, params: {}, durationS: 0.2, error: 'exit code 1\nstack', newBest: false },
      'loss',
      false,
    );
    expect(failed).toBe('trial 5  failed  (0.2s)  - exit code 1');
    // a pruned trial's other metrics as they stood when it was stopped, as show and the CSV give them (a user audit)
    const pruned = formatTrialLine(
      { id: 6, state: 'pruned', value: 0.64, params: { lr: 0.001 }, durationS: 0.4, error: 'pruned at step 6 (median): ...', newBest: false, extras: { val_accuracy: 0.88 } },
      'val_loss',
      false,
    );
    expect(pruned).toBe('trial 6  pruned  val_loss=0.64  val_accuracy=0.88  lr=0.001  (0.4s)  - pruned at step 6 (median): ...');
  });
});
