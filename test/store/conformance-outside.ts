// The Store contract for trials that run outside a worker: queued (enqueue), asked (ask), recorded (add).
import { expect, it } from 'vitest';
import { asked, makeMeta, storesFor, uniqueStudy, type ConformanceTarget } from './conformance.js';

export function outsideTrialsConformance(target: ConformanceTarget): void {
  const { open } = storesFor(target);

  it('queues configurations as trials that one claimer alone takes, and stops claims at the target', async () => {
    const store = await open();
    const name = uniqueStudy('queue');
    await store.createStudy(makeMeta(name, { target: 2 }));
    expect(await store.enqueueTrials(name, [{ x: 1 }, { x: 2 }, { x: 3 }], 500)).toEqual([0, 1, 2]);
    expect(await store.createTrial(name, asked({ x: 9 }))).toBe(3);
    const other = await open();
    const claims = await Promise.all([store, other].map((s, i) => s.claimQueued(name, 0, { params: { x: 1 }, worker: `w${i}`, at: 600 })));
    expect(claims.sort()).toEqual(['claimed', 'taken']);
    // two live trials (the claimed one and trial 3) reach the target of 2
    expect(await store.claimQueued(name, 1, { params: { x: 2 }, worker: 'w', at: 700 })).toBe('target-reached');
    const state = await (await open()).load(name);
    expect(state?.trials.map((t) => [t.id, t.state, t.sampler])).toEqual([[0, 'running', 'enqueued'], [1, 'queued', 'enqueued'], [2, 'queued', 'enqueued'], [3, 'running', 'startup']]);
    expect(state?.trials[0]?.askedAt).toBe(600);
  });

  it('records finished trials whole, and keeps asked trials marked external', async () => {
    const store = await open();
    const name = uniqueStudy('outside');
    await store.createStudy(makeMeta(name));
    const [id] = await store.recordTrials(name, [{ trial: { ...asked({ x: 0.5 }), sampler: 'added' }, finish: { state: 'complete', value: 0.25, error: null, at: 2000 } }]);
    const created = await store.createSharedTrial?.(name, { ...asked({ x: 0.7 }), external: true }, 1);
    expect(created).toEqual({ id: 1 });
    const state = await (await open()).load(name);
    expect(state?.trials.map((t) => [t.id, t.state, t.value, t.sampler, t.external])).toEqual([
      [id, 'complete', 0.25, 'added', false],
      [1, 'running', null, 'startup', true],
    ]);
    // an asked trial has no worker beating for it: it is never taken over
    expect(await store.claimStale?.(name, 1, 1_000_000, 'w')).toBeNull();
  });
}
