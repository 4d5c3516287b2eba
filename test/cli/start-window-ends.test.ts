import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { hypertune, SH, tempDir, writeFile } from './helpers/hypertune.js';

/** A local port nothing listens on: one the system handed out, closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

describe('a worker that waited its HYPERTUNE_RECONNECT_WINDOW at its start for a server that never came', () => {
  it('says it retried for the window, not only the last error (exit 1)', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', 'params:\n  x: uniform(0, 1)\n');
    const url = `postgresql://postgres@127.0.0.1:${await closedPort()}/none`;
    const run = await hypertune(['run', 'space.yaml', '--storage', url, '--study', 's', '--trials', '1', '--', SH, '-c', 'echo loss=1'], { cwd: dir, env: { HYPERTUNE_RECONNECT_WINDOW: '1s' } });
    expect(run.exitCode).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/: connection refused \(.*\); retrying up to 1 s$/);
    expect(lines.at(-1)).toMatch(/^hypertune: cannot connect to PostgreSQL at 127\.0\.0\.1:\d+, database "none": connection refused \(.*\); still so after 1 s of retrying$/);
  });
});
