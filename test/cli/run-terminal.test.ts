import { existsSync } from 'node:fs';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { BIN, NODE, QUADRATIC_SPACE, program, tempDir, writeFile, SH } from './helpers/hypertune.js';

// util-linux `script` gives the tuner a pseudo-terminal, as a user's shell would.
const SCRIPT = '/usr/bin/script';

// Its tests run at once (concurrent): each has its own folder and mostly waits on its
// programs; one after the other they took 7 s of the suite.
describe.skipIf(!existsSync(SCRIPT))('on a terminal (through script(1))', { concurrent: true }, () => {
  async function onTerminal(env: Record<string, string>, limits: string[] = ['--trials', '2']): Promise<string> {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    const words = [NODE, BIN, 'run', 'space.yaml', ...limits, '--seed', '1', '--', SH, program('loop-quadratic.sh')];
    const result = await execa(SCRIPT, ['-qec', words.map((w) => `'${w}'`).join(' '), '/dev/null'], {
      cwd: dir,
      env: { PATH: process.env['PATH'] ?? '', TERM: 'xterm', ...env },
      extendEnv: false,
      reject: false,
      stdin: 'ignore',
    });
    expect(result.exitCode).toBe(0);
    return result.stdout;
  }

  it('redraws one live progress line in place, with colours unless NO_COLOR is set', async () => {
    const colored = await onTerminal({});
    expect(colored).toContain('\r\u001b[2K[2/2], 0 running, 0 failed, best loss ');
    expect(colored).toMatch(/elapsed, ETA /);
    expect(colored).toContain('\u001b[32mcomplete\u001b[0m');
    const plain = await onTerminal({ NO_COLOR: '1' });
    expect(plain).toContain('\r\u001b[2K[1/2]');
    expect(plain).not.toContain('\u001b[32m');
  });

  it('cuts the live line to the terminal\'s width: a wrapped line left a copy of its first row at every redraw (a tmux pane of 70 columns)', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    const words = [NODE, BIN, 'run', 'space.yaml', '--trials', '3', '--time-budget', '2h', '--seed', '1', '--', SH, program('loop-quadratic.sh')];
    const result = await execa(SCRIPT, ['-qec', `stty cols 60; ${words.map((w) => `'${w}'`).join(' ')}`, '/dev/null'], {
      cwd: dir,
      env: { PATH: process.env['PATH'] ?? '', TERM: 'xterm', LOOP_SLEEP_MS: '1200' },
      extendEnv: false,
      reject: false,
      stdin: 'ignore',
    });
    expect(result.exitCode, result.stdout).toBe(0);
    const drawn = result.stdout.split('\r\u001b[2K').slice(1).map((part) => part.split(/[\r\n]/)[0] ?? '').filter((line) => line.startsWith('['));
    expect(drawn.length).toBeGreaterThan(2);
    // the plain line is longer than 60 here (budget, ETA): cut, with no colour codes, ending in an ellipsis
    for (const line of drawn) expect(line.length, line).toBeLessThan(60);
    // cut from the compact form: no '0 failed', the budget as 'spent/budget'
    for (const line of drawn) expect(line).not.toContain('0 failed');
    expect(drawn.some((line) => line.endsWith('\u2026'))).toBe(true);
  });

  it('shows the trial time against a time budget, moving with the clock while a trial runs', async () => {
    const out = await onTerminal({ NO_COLOR: '1', LOOP_SLEEP_MS: '2600' }, ['--time-budget', '2.5']);
    // one trial of 2.6 s: no trial event between its start and its end, yet the figure grows each second
    const spent = [...out.matchAll(/\[0\], 1 running, [^\r\n]*?, ([\d.]+)s of 2\.5s budget/g)].map((m) => Number(m[1]));
    expect(spent.length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...spent) - Math.min(...spent)).toBeGreaterThanOrEqual(0.9);
    expect(out).toContain('Time budget spent: 1 trial finished (1 complete, 0 failed)');
  });
});
