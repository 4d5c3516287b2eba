import { afterAll, describe, expect, it, type OnTestFinishedHandler } from 'vitest';
import { RuntimeFailure, StoreUnreachable } from '../../src/errors.js';
import { openPostgresStore } from '../../src/store/postgres/open-postgres.js';
import type { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import type { NewTrial } from '../../src/study/events.js';
import { withDatabase } from '../cli/helpers/workers.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';

const url = process.env['HYPERTUNE_TEST_POSTGRES'];
const title = url ? 'PostgreSQL store across a lost connection' : 'PostgreSQL store across a lost connection (skipped: HYPERTUNE_TEST_POSTGRES is not set)';
if (!url) process.stderr.write(`${title}; set it to e.g. postgresql://postgres@127.0.0.1:5432/hypertune_test\n`);
const prefix = `rc${process.pid}-`;
let serial = 0;

const asked = (x: number, at = Date.now()): NewTrial => ({ params: { x }, startup: false, sampler: 'tpe', worker: 'w', at, retryOf: null });
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Registers what to undo once the test that called it is over (the test context's own: the tests run at once). */
type AtTestEnd = (handler: OnTestFinishedHandler) => void;

/**
 * A store that reaches the test server through a proxy the test can cut, and what it said about the
 * connection; both closed when the calling test is over.
 */
async function storeBehindProxy(atEnd: AtTestEnd, windowMs: number, timing: { silentMs?: number; heldMs?: number } = {}): Promise<{ store: PostgresStore; proxy: TcpProxy; said: string[]; study: string }> {
  const server = new URL(url as string);
  const proxy = await startTcpProxy(server.hostname, Number(server.port || 5432));
  atEnd(() => proxy.close());
  const through = new URL(url as string);
  through.hostname = '127.0.0.1';
  through.port = String(proxy.port);
  const said: string[] = [];
  const store = await openPostgresStore(through.toString(), { reconnectWindowMs: windowMs, onConnection: (text) => said.push(text), ...timing });
  // handlers run last registered first: the store is closed before its proxy
  atEnd(() => store.close().catch(() => undefined));
  const study = `${prefix}${serial++}`;
  await store.createStudy({ name: study, spaceText: 'x', spaceFile: null, command: ['true'], options: {}, target: 100, createdAt: Date.now() });
  return { store, proxy, said, study };
}

// The tests run at once (each its own proxy, store and study): each mostly waits out an outage of
// 0.6-6 s, and its margins are 1.3 s or more of a process that does nothing else. One after the other
// they took 12.6 s of the suite.
describe.skipIf(!url)(title, { concurrent: true }, () => {
  afterAll(() => withDatabase((client) => client.query('DELETE FROM hypertune_studies WHERE name LIKE $1', [`${prefix}%`])));

  it('rides out a lost connection: calls made while it is down complete once it is back, and it says so once each way', async ({ onTestFinished }) => {
    const { store, proxy, said, study } = await storeBehindProxy(onTestFinished, 30_000);
    const id = await store.createTrial(study, asked(0.5));
    await proxy.cut();
    const finish = store.append(study, { type: 'trial_finished', id, state: 'complete', value: 0.25, exitCode: 0, error: null, at: Date.now() });
    const read = store.readChanges(study, null);
    const created = store.createSharedTrial(study, asked(0.7), id + 1);
    await sleep(1500);
    await proxy.restore();
    await Promise.all([finish, read, created]);
    expect(await created).toEqual({ id: id + 1 });
    const state = await store.load(study);
    expect(state?.trials.map((t) => [t.id, t.state, t.value])).toEqual([[id, 'complete', 0.25], [id + 1, 'running', null]]);
    expect(said).toHaveLength(2);
    expect(said[0]).toMatch(/^lost the connection to PostgreSQL at 127\.0\.0\.1:\d+, database "\w+"; retrying for up to 30 s/);
    expect(said[1]).toMatch(/^reconnected to PostgreSQL at 127\.0\.0\.1:\d+, database "\w+" after \d+\.\d s$/);
  });

  it('says when a server that hangs leaves a statement unanswered, and when it answers again (a user audit: silent for minutes)', async ({ onTestFinished }) => {
    const { store, proxy, said, study } = await storeBehindProxy(onTestFinished, 30_000, { silentMs: 300, heldMs: 200 });
    await store.createTrial(study, asked(0.5, Date.now() - 60_000));
    proxy.hang();
    const listed = store.listStudies();
    await sleep(800);
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/^no answer from PostgreSQL at 127\.0\.0\.1:\d+, database "\w+" for 0 s \(a server that hangs, a network partition, or another worker holding the study's lock\); still waiting/);
    proxy.release();
    await listed;
    expect(said[1]).toMatch(/^PostgreSQL at 127\.0\.0\.1:\d+, database "\w+" answered again after \d+\.\d s$/);
    // the other workers' heartbeats were held as long (behind PgBouncer, a restart is such a wait): none is called dead yet
    expect(await store.claimStale(study, 10_000, store.now(), 'w2')).toBeNull();
  });

  it('gives up after its window with the usual one-line error', async ({ onTestFinished }) => {
    const { store, proxy } = await storeBehindProxy(onTestFinished, 1_000);
    await proxy.cut();
    const started = Date.now();
    const error: unknown = await store.listStudies().then(() => null, (thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(StoreUnreachable);
    // that it waited and gave up, not only the last error (a user audit)
    expect((error as Error).message).toMatch(/^PostgreSQL at 127\.0\.0\.1:\d+, database "\w+": connection refused \(is the server running and listening there\?\); still so after 1 s of retrying$/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('tries until its window ends, not one wait short of it (a user audit: a 6 s window gave up after 4 s)', async ({ onTestFinished }) => {
    const { store, proxy } = await storeBehindProxy(onTestFinished, 6_000);
    await proxy.cut();
    const started = Date.now();
    const error: unknown = await store.listStudies().then(() => null, (thrown: unknown) => thrown);
    expect((error as Error).message).toMatch(/still so after 6 s of retrying$/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(5_900);
  });

  it('counts the window from the start of the outage for every call, so calls queued late do not wait one of their own', async ({ onTestFinished }) => {
    const { store, proxy } = await storeBehindProxy(onTestFinished, 2_000);
    await proxy.cut();
    const early = store.listStudies().then(() => null, (thrown: unknown) => thrown);
    await sleep(1_500);
    const lateStart = Date.now();
    const late = await store.listStudies().then(() => null, (thrown: unknown) => thrown);
    // a window of its own would have kept it 2 s at least
    expect(Date.now() - lateStart).toBeLessThan(1_800);
    expect(late).toBeInstanceOf(RuntimeFailure);
    expect(await early).toBeInstanceOf(RuntimeFailure);
  });

  it('calls no worker dead until a whole heartbeat timeout has passed since the connection came back', async ({ onTestFinished }) => {
    const { store, proxy, study } = await storeBehindProxy(onTestFinished, 30_000);
    // a trial whose last sign of life is 10 s old: stale for a 5 s timeout
    await store.createTrial(study, asked(0.1, Date.now() - 10_000));
    await proxy.cut();
    const reading = store.readChanges(study, null);
    await sleep(600);
    await proxy.restore();
    await reading;
    expect(await store.claimStale(study, 5_000, Date.now(), 'rescuer')).toBeNull();
    // another worker, which saw no outage, may take it over
    const { store: other } = await storeBehindProxy(onTestFinished, 30_000);
    expect((await other.claimStale(study, 5_000, Date.now(), 'rescuer'))?.state).toBe('interrupted');
  });
});
