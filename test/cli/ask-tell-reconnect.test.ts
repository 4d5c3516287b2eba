// ask and tell of batch jobs wait for a PostgreSQL server that cannot be reached yet (a restart, a
// failover) instead of failing at once: a job's result must not be lost to a blip.
import { afterAll, describe, expect, it } from 'vitest';
import { relayTo, startTcpProxy } from '../helpers/tcp-proxy.js';
import { hypertune, tempDir, writeFile } from './helpers/hypertune.js';
import { dropStudies, POSTGRES, SKIP_REASON, studyNamer } from './helpers/workers.js';

const studies = studyNamer();

/** A study of three trials made through a relay to the server (which a test can make lose a reply), and one trial asked. */
async function askedThroughRelay(): Promise<{ cwd: string; study: string; where: string[]; proxy: Awaited<ReturnType<typeof relayTo>>['proxy']; asked: { id: number } }> {
  const cwd = tempDir();
  writeFile(cwd, 'space.yaml', 'metric: loss\nparams:\n  x: uniform(-1, 1)\n');
  const study = studies.next();
  const { proxy, through } = await relayTo(POSTGRES ?? '');
  const where = ['--study', study, '--storage', through];
  expect((await hypertune(['create', 'space.yaml', ...where, '--trials', '3'], { cwd })).exitCode).toBe(0);
  const asked = JSON.parse((await hypertune(['ask', ...where], { cwd })).stdout) as { id: number };
  return { cwd, study, where, proxy, asked };
}

// Each test its own study and its own proxy to the server: they run side by side (describe.concurrent).
describe.concurrent(`ask and tell while the server is away${POSTGRES === undefined ? ` (${SKIP_REASON})` : ''}`, () => {
  afterAll(() => dropStudies(studies.prefix));

  it.skipIf(POSTGRES === undefined)('tell waits for the server to come back and records the result; ask too', async () => {
    const cwd = tempDir();
    writeFile(cwd, 'space.yaml', 'metric: loss\nparams:\n  x: uniform(-1, 1)\n');
    const study = studies.next();
    const server = new URL(POSTGRES ?? '');
    const proxy = await startTcpProxy(server.hostname, Number(server.port || 5432));
    try {
      const through = new URL(POSTGRES ?? '');
      through.hostname = '127.0.0.1';
      through.port = String(proxy.port);
      const where = ['--study', study, '--storage', through.toString()];
      expect((await hypertune(['create', 'space.yaml', ...where, '--trials', '3'], { cwd })).exitCode).toBe(0);
      const asked = JSON.parse((await hypertune(['ask', ...where], { cwd })).stdout) as { id: number };
      await proxy.cut();
      const tell = hypertune(['tell', ...where, String(asked.id), '0.25'], { cwd });
      const ask = hypertune(['ask', ...where, '--format', 'env'], { cwd });
      // the server comes back once both have found it away (a fixed 1.5 s was too short for a loaded CI machine's starts)
      const saidSo = (child: typeof tell): Promise<void> =>
        new Promise((done) => {
          let text = '';
          child.stderr?.on('data', (chunk: Buffer) => {
            text += String(chunk);
            if (text.includes('retrying up to')) done();
          });
        });
      await Promise.race([Promise.all([saidSo(tell), saidSo(ask)]), new Promise((done) => setTimeout(done, 20_000))]);
      await proxy.restore();
      const [told, again] = await Promise.all([tell, ask]);
      expect(told.exitCode, told.stderr).toBe(0);
      expect(told.stderr).toMatch(/cannot connect to PostgreSQL at 127\.0\.0\.1:\d+, database "[^"]+": connection refused.*; retrying up to 120 s/);
      expect(told.stdout).toBe(`Trial ${asked.id} of study ${study}: complete (0.25)`);
      expect(again.exitCode, again.stderr).toBe(0);
      expect(again.stdout).toMatch(/^export HYPERTUNE_TRIAL_ID='1'$/m);
    } finally {
      await proxy.close();
    }
  });

  it.skipIf(POSTGRES === undefined)('a tell whose write committed but whose reply was lost is told, and the same tell again is no error', async () => {
    const { cwd, study, where, proxy, asked } = await askedThroughRelay();
    try {
      // the finish reaches the server and commits; its reply is lost with the connection, and tell tries again
      const trap = proxy.loseReplyTo(/SET state = 'complete'/);
      const told = await hypertune(['tell', ...where, String(asked.id), '0.25'], { cwd });
      await trap;
      expect(told.exitCode, told.stderr).toBe(0);
      expect(told.stdout).toMatch(new RegExp(`^Trial ${asked.id} of study ${study}: complete \\(0\\.25\\)`));
      // the docs' advice after a tell that exited 1 (not told): run the same command again; it was told already
      const again = await hypertune(['tell', ...where, String(asked.id), '0.25'], { cwd });
      expect(again.exitCode, again.stderr).toBe(0);
      expect(again.stdout).toMatch(/already recorded/);
      // another result for it is still refused: a trial is told once
      const other = await hypertune(['tell', ...where, String(asked.id), '0.5'], { cwd });
      expect(other.exitCode).toBe(2);
      expect(other.stderr).toMatch(/is already complete with 0\.25; tell finishes a running trial once/);
      const summary = JSON.parse((await hypertune(['summary', ...where, '--format', 'json'], { cwd })).stdout) as { trials: Array<{ id: number; state: string; value: number | null }> };
      expect(summary.trials.map((t) => [t.id, t.state, t.value])).toEqual([[asked.id, 'complete', 0.25]]);
    } finally {
      await proxy.close();
    }
  });

  it.skipIf(POSTGRES === undefined)('a tell --step whose write committed but whose reply was lost keeps its value once', async () => {
    const { cwd, where, proxy, asked } = await askedThroughRelay();
    try {
      expect((await hypertune(['tell', ...where, String(asked.id), '0.5', '--step', '1'], { cwd })).stdout).toBe('continue');
      // the value reaches the server and is stored; its reply is lost, and the store tries the write again
      const trap = proxy.loseReplyTo(/array_append/);
      const told = await hypertune(['tell', ...where, String(asked.id), '0.4', '--step', '2'], { cwd });
      await trap;
      expect(told.exitCode, told.stderr).toBe(0);
      expect(told.stderr).toMatch(/lost the connection to PostgreSQL at 127\.0\.0\.1:\d+, database "\w+"; retrying for up to 120 s$/m);
      // a tell runs no trials that would go on meanwhile
      expect(told.stderr).not.toMatch(/running trials go on/);
      // the same value at a later step is a value of its own
      expect((await hypertune(['tell', ...where, String(asked.id), '0.4', '--step', '3'], { cwd })).stdout).toBe('continue');
      const summary = JSON.parse((await hypertune(['summary', ...where, '--format', 'json'], { cwd })).stdout) as { trials: Array<{ steps: number[]; intermediate: number[] }> };
      expect(summary.trials[0]?.steps).toEqual([1, 2, 3]);
      expect(summary.trials[0]?.intermediate).toEqual([0.5, 0.4, 0.4]);
    } finally {
      await proxy.close();
    }
  });
});
