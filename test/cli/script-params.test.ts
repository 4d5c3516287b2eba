// A trial's parameters as a shell script takes them (ask --format, show --params): JSON, `export`
// lines and flags for eval, run through a real shell into a real argparse program.
import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { BIN, hypertune, NODE, program, PYTHON, SH, tempDir, writeFile } from './helpers/hypertune.js';

// values a shell would split, expand or run, and an option that opens a parameter of its own
const SPACE = `metric: loss
start:
  - {lr: 0.5, heads: null, name: "it's \\"two\\" words $(echo no)", kind: deep, depth: 3}
  - {lr: 0.25, heads: 4, name: "a,b", kind: plain}
params:
  lr: uniform(0.1, 1)
  heads: choice(null, 4, 8)
  name:
    choice: ["it's \\"two\\" words $(echo no)", "a,b"]
  kind:
    choice:
      - plain
      - deep:
          depth: randint(1, 5)
`;

interface Parsed {
  args: { lr: number; heads: number | null; name: string; depth: number; kind: string; epochs: number };
  env: Record<string, string>;
}

/** `script` run by /bin/sh in `cwd`, the built binary as the function `ht`: what final-run.py parsed. */
async function shell(cwd: string, script: string): Promise<Parsed> {
  const result = await execa(SH, ['-c', `ht() { "$NODE" "$BIN" "$@"; }; ${script}`], {
    cwd,
    env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1', NODE, BIN, PY: PYTHON, FINAL: program('final-run.py') },
    extendEnv: false,
    reject: false,
  });
  expect(result.exitCode, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Parsed;
}

describe('parameters for a script', () => {
  it("ask --format args leaves a null option's flag out, as run does, so the program's default applies (was --heads=null, which argparse's type=int refused)", async () => {
    const cwd = tempDir();
    writeFile(cwd, 'space.yaml', SPACE);
    expect((await hypertune(['create', 'space.yaml', '--study', 'jobs'], { cwd })).exitCode).toBe(0);
    const first = await hypertune(['ask', '--study', 'jobs', '--format', 'args'], { cwd });
    expect(first.stdout).not.toContain('heads');
    expect(first.stdout.trim()).toBe(`--lr=0.5 '--name=it'\\''s "two" words $(echo no)' --kind=deep --depth=3`);
    // eval'd into a command line, each value is one argument, as the program got it from run
    const parsed = await shell(cwd, 'eval "$PY $FINAL --epochs 50 $(ht ask --study jobs --format args)"');
    expect(parsed.args).toEqual({ lr: 0.25, heads: 4, name: 'a,b', depth: -1, kind: 'plain', epochs: 50 });
  });
});
