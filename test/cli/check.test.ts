import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(ROOT, 'bin', 'hypertune.js');

beforeAll(() => {
  // built before any file starts, from the current sources (test/global-setup.ts)
  expect(existsSync(join(ROOT, 'dist', 'cli', 'commands', 'check.js'))).toBe(true);
});

/** The built binary as a user runs it, from the repository root so paths in messages are relative. */
function check(...args: string[]): ReturnType<typeof execa> {
  return execa(process.execPath, [BIN, 'check', ...args], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1' },
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
  });
}

// `check` of a space file of the repository's, started once for this file's tests: each asserts its part
// of the same output (an example space was checked three times: its table, its exact text, its notes)
const checkedOnce = new Map<string, ReturnType<typeof check>>();
const checkExample = (file: string): ReturnType<typeof check> => checkedOnce.get(file) ?? checkedOnce.set(file, check(file)).get(file) ?? check(file);

const SPACE_FILES = [...readdirSync(join(ROOT, 'spaces')).filter((f) => f.endsWith('.yaml')).map((f) => `spaces/${f}`), 'examples/space.yaml', 'examples/sweep.yaml'];

describe('hypertune check on the example spaces', () => {
  it('finds the five spaces of issue 2', () => {
    for (const name of ['heart', 'qlearning', 'quadratic', 'nested', 'neural-network']) expect(SPACE_FILES).toContain(`spaces/${name}.yaml`);
  });

  it.each(SPACE_FILES)('%s: exit 0, a table of every label and the settings', async (file) => {
    const result = await checkExample(file);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const out = String(result.stdout);
    expect(out.split('\n')[0]).toMatch(new RegExp(`^${file.replace('.', '\\.')}: \\d+ parameters? \\(\\d+ conditional\\), \\d+ constants?$`));
    expect(out).toMatch(/│ label +│ family +│ arguments +│ condition +│ type +│/);
    for (const key of ['metric:', 'goal:', 'trials:', 'objective:', 'pattern:']) expect(out).toMatch(new RegExp(`^${key} +\\S`, 'm'));
    expect(out).not.toMatch(/\u001b\[/);
  });

  it('prints the neural-network space exactly', async () => {
    const result = await checkExample('spaces/neural-network.yaml');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(
      [
        'spaces/neural-network.yaml: 11 parameters (2 conditional), 1 constant',
        '┌───────────────┬─────────────┬──────────────────────────┬──────────────────┬──────────────┐',
        '│ label         │ family      │ arguments                │ condition        │ type         │',
        '│ learning_rate │ loguniform  │ 1e-5, 1                  │                  │ float        │',
        '│ dropout       │ uniform     │ 0, 0.5                   │                  │ float        │',
        '│ hidden        │ quniform    │ 16, 256, 16              │                  │ integer      │',
        '│ layers        │ randint     │ 1, 6                     │                  │ integer 1..5 │',
        '│ momentum      │ normal      │ 0.9, 0.05                │                  │ float        │',
        '│ weight_decay  │ qloguniform │ 1e-6, 1e-2, 1e-6         │                  │ float        │',
        '│ batch         │ choice      │ 16, 32, 64               │                  │ integer      │',
        '│ activation    │ choice      │ relu, tanh, "leaky relu" │                  │ string       │',
        '│ optimizer     │ choice      │ adam, sgd, rmsprop       │                  │ string       │',
        '│ beta1         │ uniform     │ 0.8, 0.999               │ optimizer = adam │ float        │',
        '│ nesterov      │ choice      │ true, false              │ optimizer = sgd  │ boolean      │',
        '│ epochs        │ constant    │ 20                       │                  │ integer      │',
        '└───────────────┴─────────────┴──────────────────────────┴──────────────────┴──────────────┘',
        'metric:    loss',
        'goal:      minimize',
        'trials:    100',
        "objective: last (which reported value is the trial's result)",
        'pattern:   none: reads "loss: <number>", "loss=<number>", "loss <number>", a JSON line with key "loss" or a column headed "loss"',
      ].join('\n'),
    );
  });

  it('shows the condition of a nested choice and boolean options', async () => {
    const result = await checkExample('spaces/nested.yaml');
    expect(result.stdout).toMatch(/│ float +│ uniform +│ 0, 1 +│ use_float_param_or_not = true │ float +│/);
    expect(result.stdout).toMatch(/│ c +│ choice +│ false, true +│ +│ boolean │/);
  });

  it('shows pchoice probabilities, a one-line per-parameter grid, mixed types, a pattern and the top-level grid', async () => {
    const text =
      'metric: val_acc\nextra_metrics: [val_loss, f1]\ngoal: maximize\ngrid: 4\nobjective: max\npattern: "acc=([0-9.]+)"\nparams:\n  act:\n    pchoice: [[0.5, relu], [0.3, tanh], [0.2, gelu]]\n  lr: { dist: loguniform(1e-5, 1), grid: 5 }\n  odd: choice(1, two, true)\n';
    await withSpaceFile(text, async (file) => {
      const result = await check(file);
      expect(result.exitCode).toBe(0);
      const out = String(result.stdout);
      expect(out).toMatch(/│ act +│ pchoice +│ relu \(p 0\.5\), tanh \(p 0\.3\), gelu \(p 0\.2\) │ +│ string +│/);
      expect(out).toMatch(/│ lr +│ loguniform \(grid 5\) │ 1e-5, 1 +│/);
      expect(out).toMatch(/│ odd +│ choice +│ 1, two, true +│ +│ mixed +│/);
      expect(out).toContain('metric:    val_acc\ngoal:      maximize\ntrials:    not set');
      expect(out).toContain('objective: max');
      expect(out).toContain('pattern:   /acc=([0-9.]+)/');
      expect(out).toContain('grid:      4 points per continuous parameter');
      expect(out).toContain("extra:     val_loss, f1 (recorded beside the metric, each as printed with the result; never optimized)");
      // strings that would read as two options, a boolean or a number are quoted
      writeFileSync(file, 'params:\n  s:\n    choice: ["a,b", "true", "3", plain]\n');
      expect(String((await check(file)).stdout)).toMatch(/│ s +│ choice +│ "a,b", "true", "3", plain +│/);
      // thirds that sum to 0.9999, rescaled: four digits each, so all three options fit (a user audit)
      writeFileSync(file, 'params:\n  opt:\n    pchoice: [[0.3333, a], [0.3333, b], [0.3333, c]]\n');
      expect(String((await check(file)).stdout)).toMatch(/│ opt +│ pchoice +│ a \(p 0\.3333\), b \(p 0\.3333\), c \(p 0\.3333\) +│/);
    });
  });

  it('cuts a choice of many options, and long option values, to keep rows readable (a choice of 300 options made 6,000-column rows)', async () => {
    const many = Array.from({ length: 300 }, (_, i) => `opt${i}`).join(', ');
    const text = `params:\n  many: choice(${many})\n  long:\n    choice:\n      - ${'a'.repeat(2000)}\n      - ${'b'.repeat(1000)}:\n          x: uniform(0, 1)\n  w:\n    pchoice: [[0.5, ${'w'.repeat(500)}], [0.5, short]]\n  k: ${'k'.repeat(3000)}\n  short: choice(1, 2, 3)\n`;
    await withSpaceFile(text, async (file) => {
      const result = await check(file);
      expect(result.stderr).toBe('');
      expect(result.exitCode).toBe(0);
      const out = String(result.stdout);
      for (const line of out.split('\n')) expect(line.length).toBeLessThan(200);
      expect(out).toMatch(/│ many +│ choice +│ opt0, opt1, opt2, .*, opt\d+, \.\.\. \(300 options\) +│/);
      expect(out).toMatch(/│ long +│ choice +│ a{20}\u2026 \(2000 chars\), b{20}\u2026 \(1000 chars\) +│/);
      expect(out).toMatch(/│ x +│ uniform +│ 0, 1 +│ long = b{20}\u2026 \(1000 chars\) +│ float +│/);
      expect(out).toMatch(/│ w +│ pchoice +│ w{20}\u2026 \(500 chars\) \(p 0\.5\), short \(p 0\.5\) +│/);
      expect(out).toMatch(/│ k +│ constant +│ k{52}\u2026 \(3000 chars\) +│/);
      expect(out).toMatch(/│ short +│ choice +│ 1, 2, 3 +│/);
    });
  });

  it('shows the metric stream, the sampler, the pruning and the stop rule the file asks for', async () => {
    const text = 'metric: loss\nmetric_stream: stderr\nalgo: tpe\nprune: { pruner: asha, min_steps: 1 }\nmax_steps: 27\nstop: { patience: 20, min_delta: 0.001 }\nparams:\n  x: uniform(0, 1)\n';
    await withSpaceFile(text, async (file) => {
      const out = String((await check(file)).stdout);
      expect(out).toContain('stream:    stderr (where the metric is read)');
      expect(out).toContain('algo:      tpe');
      expect(out).toContain('prune:     asha, min_steps 1, max_steps 27 (run\'s default; --prune and its flags override it)');
      expect(out).toContain('stop:      patience 20, min_delta 0.001 (the study stops before its target then; --stop-at, --patience, --min-delta override it)');
      // a file that says nothing of them shows none of these lines
      writeFileSync(file, 'params:\n  x: uniform(0, 1)\n');
      expect(String((await check(file)).stdout)).not.toMatch(/^(stream|algo|prune|stop):/m);
      // run would refuse this without a budget from its flags
      writeFileSync(file, 'at_budget: stop\nparams:\n  x: uniform(0, 1)\n');
      expect(String((await check(file)).stdout)).toContain('note: at_budget: stop needs a time budget: give time_budget: here, or --time-budget to run');
      // a program reading its environment would see one of two labels
      writeFileSync(file, 'params:\n  opt.lr: uniform(0, 1)\n  opt_lr: uniform(5, 6)\n');
      expect(String((await check(file)).stdout)).toContain('note: opt.lr and opt_lr share the environment variable HP_OPT_LR, which holds one of them; read them from flags or HYPERTUNE_PARAMS');
    });
  });

  it('shows the time budget, what happens to running trials then, and the start: configurations (they were read and never shown)', async () => {
    await withSpaceFile('time_budget: 90m\nat_budget: stop\nstart:\n  - { x: 0.5 }\n  - { x: 0.25 }\nparams:\n  x: uniform(0, 1)\n', async (file) => {
      const out = String((await check(file)).stdout);
      expect(out).toContain("trials:    not set: the time budget alone ends the study (run --trials)\n");
      expect(out).toContain("budget:    1h30m of trial time, running trials then stopped (at_budget: stop) (run's default; --time-budget and --at-budget override it)\n");
      expect(out).toMatch(/^start:     2 configurations to try first, queued when the study is made$/m);
      const dry = await execa(process.execPath, [BIN, 'run', file, '--dry-run', '--seed', '1', '--patience', '1', '--', 'prog'], { cwd: dirname(file), reject: false, env: { NO_COLOR: '1' } });
      // and one trial is one trial ('1 trials without progress' before)
      expect(String(dry.stdout).split('\n')[1]).toBe('minimize loss over 1h30m of trial time (running trials stopped then), or until 1 trial without progress, --algo auto, seed 1');
    });
  });

  it('calls a choice of whole numbers written as floats a float, as the program receives it (it said integer while --c2=2.0 was passed)', async () => {
    await withSpaceFile('params:\n  c1: choice(0.1, 1.0)\n  c2: choice(1.0, 2.0)\n  c3: choice(1, 2)\n  c4: choice(1.0, relu)\n', async (file) => {
      const result = await check(file);
      expect(result.exitCode).toBe(0);
      const rows = String(result.stdout).split('\n').filter((line) => /^│ c\d/.test(line)).map((line) => line.split('│').slice(1, -1).map((cell) => cell.trim()));
      expect(rows.map(([label, , args, , type]) => [label, args, type])).toEqual([
        ['c1', '0.1, 1.0', 'float'],
        ['c2', '1.0, 2.0', 'float'],
        ['c3', '1, 2', 'integer'],
        ['c4', '1.0, relu', 'mixed'],
      ]);
      const dry = await execa(process.execPath, [BIN, 'run', file, '--dry-run', '--seed', '1', '--', 'prog'], { cwd: dirname(file), reject: false, env: { NO_COLOR: '1' } });
      expect(String(dry.stdout)).toMatch(/--c2=[12]\.0"/);
    });
  });

  it('notes a uniform over several decades, the study going on as written, and says nothing of the example spaces', async () => {
    await withSpaceFile('params:\n  lr: uniform(1e-5, 0.1)\n  dropout: uniform(0, 0.5)\n', async (file) => {
      const result = await check(file);
      expect(result.exitCode).toBe(0);
      expect(String(result.stdout).split('\n').filter((line) => line.startsWith('note: '))).toEqual([
        `note: ${file}:2:7: lr: uniform over 4 decades draws 90 % of its values from the top one; if a small value may be best (a learning rate, a weight decay), write loguniform(1e-5, 0.1)`,
      ]);
    });
    const notes = await Promise.all(SPACE_FILES.map(async (file) => String((await checkExample(file)).stdout).includes('note: ')));
    expect(notes.every((noted) => !noted)).toBe(true);
  });
});

/** Runs `work` on a space file holding `text`, in a folder removed afterwards. */
async function withSpaceFile(text: string, work: (file: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'hypertune-check-'));
  try {
    const file = join(dir, 'space.yaml');
    writeFileSync(file, text);
    await work(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ERROR_CASES: Array<[string, string]> = [
  [
    'yaml-syntax.yaml',
    '3:7: YAML syntax error: the flow sequence [ opened here is never closed (YAML gave up at line 4, column 3: Flow sequence in block collection must be sufficiently indented and end with a ])',
  ],
  ['empty.yaml', '1:1: the space file is empty; it needs a params: mapping'],
  ['no-params.yaml', '1:1: no params: mapping; list the parameters to tune under params:'],
  ['unknown-family.yaml', '4:18: learning_rate: unknown family "loguniforn" (did you mean loguniform?); known: uniform, quniform, loguniform, qloguniform, normal, qnormal, lognormal, qlognormal, randint, uniformint, choice, pchoice'],
  ['wrong-arity.yaml', '3:11: hidden: quniform takes 3 arguments, got 2: write quniform(low, high, q)'],
  ['log-nonpositive.yaml', "4:29: learning_rate: loguniform needs 0 < low < high (got low = 0); bounds are in the value's own units"],
  ['sigma-nonpositive.yaml', '3:25: momentum: normal needs sigma > 0 (got sigma = -0.05)'],
  ['pchoice-sum.yaml', '3:14: activation: pchoice probabilities must sum to 1, within 0.001 (got 0.9)'],
  ['duplicate-label.yaml', '7:11: beta1: duplicate label: already defined at line 2; labels must be unique across the whole space: for one flag in two options, name them apart (adam_beta1, sgd_beta1) and place both in the command, of which only the active one is passed: --beta1 {adam_beta1} --beta1 {sgd_beta1} (docs/space.md, "Labels")'],
  ['invalid-label.yaml', '3:3: learning rate: invalid label "learning rate": a label starts with an ASCII letter or _ and contains only ASCII letters, digits, _, - and .'],
];

// A user audit's newcomer mistakes, each told what to write
const NEWCOMER_CASES: Array<[string, string, string]> = [
  ['option as name:', 'params:\n  opt:\n    choice:\n      - {name: sgd, momentum: uniform(0, 0.99)}\n      - adam\n', '4:9: opt: an option is a scalar (- adam), or a mapping of one key, the option, to its own parameters (- sgd: with them on the lines below, indented); for {name: X, ...} write - X: and its parameters below'],
  ['nested key', 'params:\n  optimizer: {lr: loguniform(1e-4, 1)}\n', '2:15: optimizer: unknown key "lr" in a parameter mapping; use choice:, pchoice:, or dist: with grid: (a nested name is one dotted label: optimizer.lr: ...)'],
  ['parameters:', 'parameters:\n  lr: uniform(0, 1)\n', "2:7: lr: a W&B sweep parameter is a mapping (value:, values:, or min: and max: with a distribution:); hypertune's own files list their parameters under params: (parameters: is read as a W&B sweep configuration)"],
  ['goal: max', 'goal: max\nparams:\n  lr: uniform(0, 1)\n', '1:7: goal must be minimize or maximize: write maximize (got "max")'],
  ['goal: minimise', 'goal: minimise\nparams:\n  lr: uniform(0, 1)\n', '1:7: goal must be minimize or maximize: write minimize (got "minimise")'],
  ['a tab', 'params:\n\tlr: uniform(0, 1)\n', '2:1: YAML syntax error: Tabs are not allowed as indentation (indent with spaces)'],
];

describe('hypertune check on mistakes', () => {
  it.each(NEWCOMER_CASES)('%s: says what to write', async (_name, text, rest) => {
    await withSpaceFile(text, async (file) => {
      const result = await check(file);
      expect([result.exitCode, result.stderr]).toEqual([2, `hypertune: ${file}:${rest}`]);
    });
  });

  it.each(ERROR_CASES)('%s: exit 2, one line `file:line:col: label: reason`, no stack', async (name, rest) => {
    const file = `test/fixtures/spaces/${name}`;
    const result = await check(file);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`hypertune: ${file}:${rest}`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('a missing file: exit 2, one line', async () => {
    const result = await check('spaces/no-such-space.yaml');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe('hypertune: spaces/no-such-space.yaml: no such file');
  });

  it('no file at all: exit 2 with usage help', async () => {
    const result = await check();
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/missing required argument 'space'/);
  });
});
