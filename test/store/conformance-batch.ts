// The Store contract for a running trial's writes made in one batch (Store.appendBatch).
import { expect, it } from 'vitest';
import { RuntimeFailure } from '../../src/errors.js';
import type { TrialWrite } from '../../src/store/types.js';
import type { TrialEvent } from '../../src/study/events.js';
import { asked, makeMeta, storesFor, uniqueStudy, type ConformanceTarget } from './conformance.js';

export function batchConformance(target: ConformanceTarget): void {
  const { open } = storesFor(target);

  // every kind of event, values a literal could get wrong, text with quotes, backslashes, `$1` and NUL
  const eventsOf = (id: number): TrialEvent[] => [
    { type: 'trial_started', id, worker: "host:'2'", at: 1010 },
    { type: 'trial_intermediate', id, value: 0.5, step: 1, at: 1011 },
    { type: 'trial_intermediate', id, value: Number.NaN, step: 2.5, at: 1012 },
    { type: 'trial_intermediate', id, value: Number.NEGATIVE_INFINITY, at: 1013 },
    { type: 'trial_intermediate', id, value: -1e-300, step: 4, at: 1014 },
    { type: 'trial_heartbeat', id, worker: 'host:\\3', at: 1020 },
    { type: 'trial_finished', id, state: 'failed', value: null, exitCode: -1, error: "it's $1 \\n ✗\nsecond line", at: 1030 },
    { type: 'trial_finished', id, state: 'complete', value: 1, exitCode: 0, error: null, at: 1031 },
  ];
  const outputOf = (trialId: number): TrialWrite[] => [
    { output: { trialId, stream: 'stdout', text: "line 'one' \\ $2\n" } },
    { output: { trialId, stream: 'stderr', text: 'warn ✓\n' } },
    { output: { trialId, stream: 'stdout', text: '' } },
    { output: { trialId, stream: 'stdout', text: 'two\0\n' } },
  ];

  it('stores a batch of events and output exactly as the same writes one by one', async () => {
    const store = await open();
    const name = uniqueStudy('batch');
    await store.createStudy(makeMeta(name));
    await store.createTrial(name, asked({ lr: 0.1 }));
    await store.createTrial(name, asked({ lr: 0.1 }));
    const [stdout1, stderr, empty, stdout2] = outputOf(1);
    await store.appendBatch(name, [stdout1!, ...eventsOf(1).slice(0, 3).map((event) => ({ event })), stderr!, empty!]);
    await store.appendBatch(name, [...eventsOf(1).slice(3).map((event) => ({ event })), stdout2!]);
    for (const write of outputOf(0)) if ('output' in write) await store.appendOutput(name, 0, write.output.stream, write.output.text);
    for (const event of eventsOf(0)) await store.append(name, event);
    const state = await (await open()).load(name);
    const [one, two] = state?.trials ?? [];
    expect({ ...two, id: 0 }).toEqual(one);
    expect(two?.state).toBe('failed');
    expect(two?.intermediate).toEqual([0.5, Number.NaN, Number.NEGATIVE_INFINITY, -1e-300]);
    for (const stream of ['stdout', 'stderr'] as const) expect(await store.readOutput(name, 1, stream)).toBe(await store.readOutput(name, 0, stream));
    expect(await store.readOutput(name, 1, 'stdout')).toMatch(/^line 'one' \\ \$2\ntwo\0?\n$/);
  });

  it('leaves a finished trial as it is, and refuses a trial that does not exist', async () => {
    const store = await open();
    const name = uniqueStudy('batch-done');
    await store.createStudy(makeMeta(name));
    await store.createTrial(name, asked({ lr: 0.1 }));
    await store.append(name, { type: 'trial_finished', id: 0, state: 'complete', value: 2, exitCode: 0, error: null, at: 1100 });
    const before = await store.load(name);
    await store.appendBatch(name, eventsOf(0).map((event) => ({ event })));
    expect(await store.load(name)).toEqual(before);
    await expect(store.appendBatch(name, [{ event: { type: 'trial_heartbeat', id: 7, worker: 'w', at: 1 } }])).rejects.toThrow(RuntimeFailure);
    await expect(store.appendBatch(name, [{ event: { type: 'trial_heartbeat', id: 7, worker: 'w', at: 1 } }])).rejects.toThrow(/has no trial 7/);
  });

  it("keeps one clock: now() moves with this machine's (the server's clock, for PostgreSQL, reads the same here)", async () => {
    const store = await open();
    const readings: number[] = [];
    for (let i = 0; i < 5; i++) {
      const local = Date.now();
      readings.push(store.now());
      // one machine: the server's clock and this one agree to within the round trip and a rounding
      expect(Math.abs((readings.at(-1) as number) - local)).toBeLessThan(100);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    for (let i = 1; i < readings.length; i++) expect(readings[i]).toBeGreaterThanOrEqual((readings[i - 1] as number) + 15);
  });
}
