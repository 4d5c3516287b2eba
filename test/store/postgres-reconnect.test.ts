import { afterAll, afterEach, describe, expect, it } from 'vitest';
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

/** A store that reaches the test server through a proxy the test can cut, and what it said about the connection. */
async function storeBehindProxy(windowMs: number, timing: { silentMs?: number; heldMs?: number } = {}): Promise<{ store: PostgresStore; proxy: TcpProxy; said: string[]; study: string }> {
  const server = new URL(url as string);
  const proxy = await startTcpProxy(server.hostname, Number(server.port || 5432));
  opened.push(proxy);
  const through = new URL(url as string);
  through.hostname = '127.0.0.1';
  through.port = String(proxy.port);
  const said: string[] = [];
  const store = await openPostgresStore(through.toString(), { reconnectWindowMs: windowMs, onConnection: (text) => said.push(text), ...timing });
  stores.push(store);
  const study = `${prefix}${serial++}`;
  await store.createStudy({ name: study, spaceText: 'x', spaceFile: null, command: ['true'], options: {}, target: 100, createdAt: Date.now() });
  return { store, proxy, said, study };
}

const opened: TcpProxy[] = [];
const stores: PostgresStore[] = [];

describe.skipIf(!url)(title, () => {
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close().catch(() => undefined);
    for (const proxy of opened.splice(0)) await proxy.close();
  });
  afterAll(() => withDatabase((client) => client.query('DELETE FROM hypertune_studies WHERE name LIKE $1', [`${prefix}%`])));

  it('rides out a lost connection: calls made while it is down complete once it is back, and it says so once each way', async () => {
    const { store, proxy, said, study } = await storeBehindProxy(30_000);
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

  it('says when a server that hangs leaves a statement unanswered, and when it answers again (a user audit: silent for minutes)', async () => {
    const { store, proxy, said, study } = await storeBehindProxy(30_000, { silentMs: 300, heldMs: 200 });
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

  it('gives up after its window with the usual one-line error', async () => {
    const { store, proxy } = await storeBehindProxy(1_000);
    await proxy.cut();
    const started = Date.now();
    const error: unknown = await store.listStudies().then(() => null, (thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(StoreUnreachable);
    // that it waited and gave up, not only the last error (a user audit)
    expect((error as Error).message).toMatch(/^PostgreSQL at 127\.0\.0\.1:\d+, database "\w+": connection refused \(is the server running and listening there\?\); still so after 1 s of retrying$/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('tries until its window ends, not one wait short of it (a user audit: a 6 s window gave up after 4 s)', async () => {
    const { store, proxy } = await storeBehindProxy(6_000);
    await proxy.cut();
    const started = Date.now();
    const error: unknown = await store.listStudies().then(() => null, (thrown: unknown) => thrown);
    expect((error as Error).message).toMatch(/still so after 6 s of retrying$/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(5_900);
  });

  it('counts the window from the start of the outage for every call, so calls queued late do not wait one of their own', async () => {
    const { store, proxy } = await storeBehindProxy(2_000);
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

  it('calls no worker dead until a whole heartbeat timeout has passed since the connection came back', async () => {
    const { store, proxy, study } = await storeBehindProxy(30_000);
    // a trial whose last sign of life is 10 s old: stale for a 5 s timeout
    await store.createTrial(study, asked(0.1, Date.now() - 10_000));
    await proxy.cut();
    const reading = store.readChanges(study, null);
    await sleep(600);
    await proxy.restore();
    await reading;
    expect(await store.claimStale(study, 5_000, Date.now(), 'rescuer')).toBeNull();
    // another worker, which saw no outage, may take it over
    const { store: other } = await storeBehindProxy(30_000);
    expect((await other.claimStale(study, 5_000, Date.now(), 'rescuer'))?.state).toBe('interrupted');
  });
});
