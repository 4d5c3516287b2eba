import { existsSync } from 'node:fs';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { BIN, NODE, QUADRATIC_SPACE, program, tempDir, writeFile } from './helpers/hypertune.js';

// util-linux `script` gives the tuner a pseudo-terminal, as a user's shell would.
const SCRIPT = '/usr/bin/script';

describe.skipIf(!existsSync(SCRIPT))('on a terminal (through script(1))', () => {
  async function onTerminal(env: Record<string, string>): Promise<string> {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    const words = [NODE, BIN, 'run', 'space.yaml', '--trials', '2', '--seed', '1', '--', NODE, program('loop-quadratic.mjs')];
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
});
