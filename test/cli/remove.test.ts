import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, NODE, SH, hypertune, program, tempDir, writeFile } from './helpers/hypertune.js';
import { POSTGRES, SKIP_REASON, withDatabase } from './helpers/workers.js';

const SPACE = 'params:\n  x: uniform(0, 1)\n';

describe('remove: a study, for good (user audits: no way but rm -r or SQL, which let an old worker write into a new study)', () => {
  it('asks first, needs --yes without a terminal, and removes the journal and the trial folders', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', SPACE);
    expect((await hypertune(['run', 'space.yaml', '--trials', '2', '--', NODE, program('prints-loss.mjs')], { cwd: dir })).exitCode).toBe(0);
    const asked = await hypertune(['remove', 'space'], { cwd: dir, input: '' });
    expect(asked.exitCode).toBe(2);
    expect(asked.stderr).toContain('remove study "space" (2 trials: 2 complete) from');
    expect(asked.stderr).toContain('Nothing was removed: give --yes');
    expect(existsSync(join(dir, '.hypertune', 'space', 'trials', '0'))).toBe(true);
    const removed = await hypertune(['remove', 'space', '--yes'], { cwd: dir });
    expect(removed.exitCode).toBe(0);
    expect(removed.stdout).toBe(`Removed study "space" (2 trials: 2 complete) from ${join(dir, '.hypertune')}.`);
    expect(existsSync(join(dir, '.hypertune', 'space'))).toBe(false);
    const again = await hypertune(['remove', 'space', '--yes'], { cwd: dir });
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toContain('no study "space" in');
    // the same name starts afresh
    expect((await hypertune(['run', 'space.yaml', '--trials', '1', '--', NODE, program('prints-loss.mjs')], { cwd: dir })).stdout).toContain('Study space:');
  });

  it('refuses a study a live run holds, naming its running trial', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', SPACE);
    const run = hypertune(['run', 'space.yaml', '--trials', '1', '--', NODE, program('hangs.mjs')], { cwd: dir });
    for (let waited = 0; waited < 10_000 && !existsSync(join(dir, '.hypertune', 'space', 'trials', '0', 'stdout.log')); waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
    const refused = await hypertune(['remove', 'space', '--yes'], { cwd: dir });
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(/^hypertune: study "space" has 1 trial running now \(trial 0 on [^)]+\): stop their workers \(or let their jobs tell\) first, or give --force/);
    const forced = await hypertune(['remove', 'space', '--yes', '--force'], { cwd: dir });
    expect(forced.exitCode).toBe(1);
    expect(forced.stderr).toMatch(/study "space" is being run by pid \d+ on host .*: stop that run first/);
    // Ctrl-C twice: the trial is stopped, and the study stays
    run.kill('SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 300));
    run.kill('SIGINT');
    await run;
    expect(existsSync(join(dir, '.hypertune', 'space', 'journal.jsonl'))).toBe(true);
  });
});

const hasScript = spawnSync('script', ['--version']).status === 0;
const onTerminal = hasScript ? 'on a terminal (util-linux script)' : 'on a terminal (skipped: util-linux script is not installed)';

describe.skipIf(!hasScript)(onTerminal, () => {
  /**
   * `hypertune remove space` on a pseudo-terminal, typing `keys` once the question shows (typed any earlier,
   * under load, a Ctrl-C reaches a process that is still starting and kills it without a word); its exit code
   * and what it showed.
   */
  function removeTyping(dir: string, keys: string): Promise<{ status: number; shown: string }> {
    const child = spawn('script', ['-qec', `${NODE} ${BIN} remove space`, '/dev/null'], { cwd: dir, stdio: ['pipe', 'pipe', 'inherit'] });
    let shown = '';
    let typed = false;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      shown += chunk;
      if (!typed && shown.includes('[y/N]')) {
        typed = true;
        child.stdin.write(keys);
      }
    });
    return new Promise((resolve) => child.on('close', (code) => resolve({ status: code ?? -1, shown })));
  }

  it.skipIf(POSTGRES === undefined)(`on PostgreSQL, refuses a study whose worker finished a trial a moment ago and may be asking for its next (a user audit: removed between two trials, the next result was lost)${POSTGRES === undefined ? ` (${SKIP_REASON})` : ''}`, async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', SPACE);
    const study = `between-${process.pid}-${Date.now()}`;
    const where = ['--storage', POSTGRES ?? '', '--study', study];
    expect((await hypertune(['run', 'space.yaml', ...where, '--trials', '2', '--', SH, program('loop-quadratic.sh')], { cwd: dir })).exitCode).toBe(0);
    // its last trial as finished just now by a worker of another machine, one that may still be going
    await withDatabase((client) => client.query(`UPDATE hypertune_trials SET worker = 'gpu-node-7:4242', finished_at = $2 WHERE study = $1 AND id = 1`, [study, Date.now()]));
    const refused = await hypertune(['remove', study, '--storage', POSTGRES ?? '', '--yes'], { cwd: dir });
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(/^hypertune: study "between-[^"]+" had trial 1 finish (just now|\d+ s ago) on gpu-node-7:4242, whose worker may be asking for its next one: stop that worker first, or wait until nothing has finished for 60 s \(its --heartbeat-timeout\), or give --force$/);
    expect((await hypertune(['summary', ...where, '--format', 'json'], { cwd: dir })).exitCode).toBe(0);
    // a finish older than the timeout is no sign of a worker; --force removes it at once
    await withDatabase((client) => client.query(`UPDATE hypertune_trials SET finished_at = $2 WHERE study = $1 AND id = 1`, [study, Date.now() - 61_000]));
    const later = await hypertune(['remove', study, '--storage', POSTGRES ?? '', '--yes'], { cwd: dir });
    expect(later.exitCode, later.stderr).toBe(0);
    expect((await hypertune(['run', 'space.yaml', ...where, '--trials', '1', '--', SH, program('loop-quadratic.sh')], { cwd: dir })).exitCode).toBe(0);
    await withDatabase((client) => client.query(`UPDATE hypertune_trials SET worker = 'gpu-node-7:4242', finished_at = $2 WHERE study = $1`, [study, Date.now()]));
    expect((await hypertune(['remove', study, '--storage', POSTGRES ?? '', '--yes', '--force'], { cwd: dir })).exitCode).toBe(0);
  });

  it('asks, and takes Ctrl-C or no for an answer: nothing removed, Ctrl-C exits 130 (a re-audit: an internal error)', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', SPACE);
    expect((await hypertune(['run', 'space.yaml', '--trials', '1', '--', NODE, program('prints-loss.mjs')], { cwd: dir })).exitCode).toBe(0);
    const interrupted = await removeTyping(dir, '\u0003');
    expect(interrupted.status).toBe(130);
    expect(interrupted.shown).toContain('hypertune: interrupted; nothing was removed');
    const no = await removeTyping(dir, 'n\n');
    expect(no.status).toBe(0);
    expect(no.shown).toContain('hypertune: nothing was removed');
    expect(existsSync(join(dir, '.hypertune', 'space'))).toBe(true);
    const yes = await removeTyping(dir, 'y\n');
    expect(yes.shown).toContain('Removed study "space" (1 trial: 1 complete)');
    expect(existsSync(join(dir, '.hypertune', 'space'))).toBe(false);
  });
});
