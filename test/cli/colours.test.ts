// Colours as CI scripts ask for them: FORCE_COLOR (a log that renders them) and NO_COLOR, through the built binary.
import { existsSync } from 'node:fs';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, hypertune, NODE, QUADRATIC_SPACE, tempDir, writeFile } from './helpers/hypertune.js';

const ESC = '\u001b[';
const SCRIPT = '/usr/bin/script';
let cwd = '';

beforeAll(async () => {
  cwd = tempDir();
  writeFile(cwd, 'space.yaml', QUADRATIC_SPACE);
  writeFile(cwd, 'done.csv', 'x,loss\n0.5,0.25\n-0.2,0.04\n');
  expect((await hypertune(['create', 'space.yaml', '--study', 'plain'], { cwd })).exitCode).toBe(0);
  expect((await hypertune(['add', '--study', 'plain', '--from', 'done.csv'], { cwd })).exitCode).toBe(0);
});

describe('colours off a terminal', () => {
  it('are off in a pipe, on with FORCE_COLOR (it was ignored), and never in JSON or CSV', async () => {
    const piped = await hypertune(['summary'], { cwd, env: { NO_COLOR: '' } });
    expect(piped.stdout).toContain('Study plain');
    expect(piped.stdout).not.toContain(ESC);
    for (const force of ['1', 'true', '']) {
      const forced = await hypertune(['summary'], { cwd, env: { NO_COLOR: '', FORCE_COLOR: force } });
      expect(forced.stdout, `FORCE_COLOR=${force}`).toContain(ESC);
    }
    expect((await hypertune(['studies'], { cwd, env: { NO_COLOR: '', FORCE_COLOR: '1' } })).stdout).toContain(ESC);
    for (const data of [['summary', '--format', 'json'], ['summary', '--format', 'csv'], ['studies', '--format', 'json'], ['show', 'best', '--json'], ['show', 'best', '--params', 'env']]) {
      const forced = await hypertune(data, { cwd, env: { NO_COLOR: '', FORCE_COLOR: '1' } });
      expect(forced.exitCode, forced.stderr).toBe(0);
      expect(forced.stdout, data.join(' ')).not.toContain(ESC);
    }
  });

  it('stay off with NO_COLOR whatever FORCE_COLOR says, and with FORCE_COLOR=0', async () => {
    expect((await hypertune(['summary'], { cwd, env: { NO_COLOR: '1', FORCE_COLOR: '1' } })).stdout).not.toContain(ESC);
    expect((await hypertune(['summary'], { cwd, env: { NO_COLOR: '', FORCE_COLOR: '0' } })).stdout).not.toContain(ESC);
  });

  it.skipIf(!existsSync(SCRIPT))('on a terminal (script(1)), FORCE_COLOR=0 and FORCE_COLOR=false turn them off', async () => {
    const onTerminal = async (env: Record<string, string>): Promise<string> => {
      const result = await execa(SCRIPT, ['-qec', `'${NODE}' '${BIN}' summary`, '/dev/null'], { cwd, env: { PATH: process.env['PATH'] ?? '', TERM: 'xterm', ...env }, extendEnv: false, reject: false, stdin: 'ignore' });
      expect(result.exitCode, result.stdout).toBe(0);
      return result.stdout;
    };
    expect(await onTerminal({})).toContain(ESC);
    expect(await onTerminal({ FORCE_COLOR: '0' })).not.toContain(ESC);
    expect(await onTerminal({ FORCE_COLOR: 'false' })).not.toContain(ESC);
  });
});
