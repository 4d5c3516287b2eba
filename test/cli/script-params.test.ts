// A trial's parameters as a shell script takes them (ask --format, show --params): JSON, `export`
// lines and flags for eval, run through a real shell into a real argparse program.
import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { BIN, hypertune, NODE, program, PYTHON, SH, tempDir, writeFile } from './helpers/hypertune.js';

// values a shell would split, expand or run, and an option that opens a parameter of its own
const SPACE = `metric: loss
start:
  - {lr: 0.2, heads: null, name: "it's \\"two\\" words $(echo no)", kind: deep, depth: 3}
  - {lr: 0.9, heads: 4, name: "a,b", kind: plain}
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
    expect(first.stdout.trim()).toBe(`--lr=0.2 '--name=it'\\''s "two" words $(echo no)' --kind=deep --depth=3`);
    // eval'd into a command line, each value is one argument, as the program got it from run
    const parsed = await shell(cwd, 'eval "$PY $FINAL --epochs 50 $(ht ask --study jobs --format args)"');
    expect(parsed.args).toEqual({ lr: 0.9, heads: 4, name: 'a,b', depth: -1, kind: 'plain', epochs: 50 });
  });

  it('show best --params gives the best trial as JSON, as export lines and as flags, for a final run: types, quoting, null and conditional parameters as run passed them', async () => {
    const cwd = tempDir();
    writeFile(cwd, 'space.yaml', SPACE);
    const tune = ['run', 'space.yaml', '--trials', '2', '--pass', 'env', '--', PYTHON, '-c', "import os, json; print('loss=%s' % json.loads(os.environ['HYPERTUNE_PARAMS'])['lr'])"];
    const run = await hypertune(tune, { cwd });
    expect(run.exitCode, run.stderr).toBe(0);
    const name = 'it\'s "two" words $(echo no)';
    const json = await hypertune(['show', 'best', '--params', 'json'], { cwd });
    expect(JSON.parse(json.stdout)).toEqual({ study: 'space', id: 0, params: { lr: 0.2, heads: null, name, kind: 'deep', depth: 3 } });
    // flags appended to the final run's own: heads left out (argparse's None), each value one argument
    const flags = await shell(cwd, 'eval "$PY $FINAL --epochs 100 $(ht show best --params args)"');
    expect(flags.args).toEqual({ lr: 0.2, heads: null, name, depth: 3, kind: 'deep', epochs: 100 });
    // variables, as run set them for the trial; another trial's eval'd after it unsets the parameter it lacks
    const env = await shell(cwd, 'eval "$(ht show best --params env)"; $PY $FINAL --lr "$HP_LR" --name "$HP_NAME"');
    expect(env.args.name).toBe(name);
    expect(env.env).toEqual({ HP_LR: '0.2', HP_HEADS: 'null', HP_NAME: name, HP_KIND: 'deep', HP_DEPTH: '3' });
    const next = await shell(cwd, 'eval "$(ht show best --params env)"; eval "$(ht show 1 --params env)"; $PY $FINAL --lr "$HP_LR"');
    expect(next.env).toEqual({ HP_LR: '0.9', HP_HEADS: '4', HP_NAME: 'a,b', HP_KIND: 'plain' });
    // the parameters alone: with the page's other forms it is a usage error
    const both = await hypertune(['show', 'best', '--params', 'env', '--json'], { cwd });
    expect(both.exitCode).toBe(2);
    expect(both.stderr).toBe('hypertune: --params prints the parameters alone: give it without --json, --stream, --follow and --output');
  });
});
