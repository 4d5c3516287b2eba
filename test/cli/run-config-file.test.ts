// --config-file: a program that reads everything from its own config file, tuned without a wrapper.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PYTHON, hypertune, program, summaryJson, tempDir, writeFile } from './helpers/hypertune.js';

const SPACE = `metric: loss
params:
  optimizer.lr: loguniform(1e-9, 1)
  model.depth: randint(1, 6)
  model.act: choice(relu, "on", "off")
`;
const BASE = `# the trainer's own settings
optimizer:
  name: sgd
  lr: 0.1        # tuned
model:
  depth: 4
  act: relu
seed: 0
`;

describe.concurrent('--config-file', () => {
  it("gives each trial a copy of the file with its parameters in the file's own text, read by PyYAML as the values they are", async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', SPACE);
    writeFile(dir, 'config.yaml', BASE);
    const command = ['--', PYTHON, program('tuned-config.py'), '--config', '{config_file}'];
    const dry = await hypertune(['run', 'space.yaml', '--config-file', 'config.yaml', '--seed', '3', '--dry-run', ...command], { cwd: dir });
    expect(dry.stdout).toMatch(/^ {2}config\.yaml: a copy of config\.yaml with optimizer\.lr: \S+, model\.depth: \d, model\.act: \S+$/m);
    expect(dry.stdout).toContain(`HYPERTUNE_CONFIG_FILE=${join(dir, '.hypertune', 'space', 'trials', '0', 'config.yaml')}`);
    const run = await hypertune(['run', 'space.yaml', '--config-file', 'config.yaml', '--trials', '6', '--seed', '3', ...command], { cwd: dir });
    expect(run.exitCode, run.stderr).toBe(0);
    const { trials } = await summaryJson(dir);
    expect(trials.map((trial) => trial.state)).toEqual(Array(6).fill('complete'));
    for (const trial of trials) {
      const copy = readFileSync(join(dir, '.hypertune', 'space', 'trials', String(trial.id), 'config.yaml'), 'utf8');
      const params = trial.params as Record<string, number | string>;
      // the untouched lines and the comments as written; a float keeps its point, a word PyYAML reads as a boolean is quoted
      expect(copy.split('\n').filter((line) => !/^\s+(lr|depth|act):/.test(line))).toEqual(BASE.split('\n').filter((line) => !/^\s+(lr|depth|act):/.test(line)));
      expect(copy).toMatch(/^ {2}lr: \S+ {8}# tuned$/m);
      expect(copy).toContain(`  depth: ${params['model.depth']}\n`);
      expect(copy).toContain(`  act: ${params['model.act'] === 'relu' ? 'relu' : `"${params['model.act']}"`}\n`);
      const output = readFileSync(join(dir, '.hypertune', 'space', 'trials', String(trial.id), 'stdout.log'), 'utf8');
      expect(output).toContain('types: float int str seed 0');
    }
    // show gives the command that reads the trial's copy again
    const shown = await hypertune(['show', 'best'], { cwd: dir });
    expect(shown.stdout).toMatch(/command {5}\S+ \S+tuned-config\.py --config \S+\/\.hypertune\/space\/trials\/\d+\/config\.yaml$/m);
    // the best configuration as a file of its own, for the final run: the trial's copy, made again from the file
    const bestId = (JSON.parse((await hypertune(['show', 'best', '--params', 'json'], { cwd: dir })).stdout) as { id: number }).id;
    const bestConfig = await hypertune(['show', 'best', '--params', 'config'], { cwd: dir });
    // (the test's runner strips the output's last line break)
    expect(bestConfig.stdout).toBe(readFileSync(join(dir, '.hypertune', 'space', 'trials', String(bestId), 'config.yaml'), 'utf8').replace(/\n$/, ''));
    // a resume reads the file as it is now; a run naming another file is another study
    writeFile(dir, 'config.yaml', BASE.replace('seed: 0', 'seed: 7'));
    expect((await hypertune(['resume', '--trials', '7'], { cwd: dir })).exitCode).toBe(0);
    expect(readFileSync(join(dir, '.hypertune', 'space', 'trials', '6', 'config.yaml'), 'utf8')).toContain('seed: 7\n');
    writeFile(dir, 'other.yaml', BASE);
    const other = await hypertune(['run', 'space.yaml', '--config-file', 'other.yaml', ...command], { cwd: dir });
    expect([other.exitCode, other.stderr]).toEqual([2, expect.stringContaining('--config-file differs: stored "config.yaml", given "other.yaml"')]);
  });

  it('writes a JSON file as JSON in its own layout, where a trial run in its own folder finds it under its own name', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', SPACE);
    const base = '{\n  "optimizer": {"lr": 0.1},\n  "model": {"depth": 4, "act": "relu"},\n  "seed": 0\n}\n';
    writeFile(dir, 'config.json', base);
    const run = await hypertune(['run', 'space.yaml', '--config-file', 'config.json', '--cwd', 'trial', '--trials', '2', '--', PYTHON, program('tuned-config.py')], { cwd: dir });
    expect(run.exitCode, run.stderr).toBe(0);
    for (const id of ['0', '1']) {
      const copy = readFileSync(join(dir, '.hypertune', 'space', 'trials', id, 'config.json'), 'utf8');
      expect(copy).toMatch(/^\{\n {2}"optimizer": \{"lr": [\d.e+-]+\},\n {2}"model": \{"depth": \d, "act": "(relu|on|off)"\},\n {2}"seed": 0\n\}\n$/);
      expect(JSON.parse(copy)).toBeTruthy();
    }
  });

  it("gives a job that asks for its trial (create, ask) that trial's copy through show --params config", async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', SPACE);
    writeFile(dir, 'config.yaml', BASE);
    const created = await hypertune(['create', 'space.yaml', '--study', 'jobs', '--config-file', 'config.yaml'], { cwd: dir });
    expect(created.stdout).toContain('Its config file:  hypertune show --study jobs <id> --params config > config.yaml');
    const asked = JSON.parse((await hypertune(['ask', '--study', 'jobs', '--format', 'json'], { cwd: dir })).stdout) as { id: number; params: Record<string, number | string> };
    // from another folder too: the file is read where the study was made
    const shown = await hypertune(['show', String(asked.id), '--study', 'jobs', '--dir', join(dir, '.hypertune'), '--params', 'config'], { cwd: tempDir() });
    expect(shown.stdout).toContain(`  depth: ${asked.params['model.depth']}\n`);
    expect(shown.stdout.split('\n')[0]).toBe("# the trainer's own settings");
    const refused = await hypertune(['create', 'space.yaml', '--study', 'other', '--config-file', 'none.yaml'], { cwd: dir });
    expect([refused.exitCode, refused.stderr]).toEqual([2, `hypertune: --config-file none.yaml: no such file (in ${dir}, where the trials start)`]);
  });

  it('refuses, before anything is stored, a label the file lacks, a missing file, and a copy the command would never see (exit 2)', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', SPACE);
    writeFile(dir, 'config.yaml', BASE.replace('depth', 'layers'));
    const command = ['--', PYTHON, program('tuned-config.py'), '--config', '{config_file}'];
    const cases: Array<[string[], string]> = [
      [['--config-file', 'config.yaml', ...command], 'hypertune: space.yaml line 4: model.depth is not a value of config.yaml: model has no key "depth" (its keys: layers, act)'],
      [['--config-file', 'conf/none.yaml', ...command], `hypertune: --config-file conf/none.yaml: no such file (in ${dir}, where the trials start)`],
      [['--config-file', 'config.yaml', '--', PYTHON, program('tuned-config.py')], expect.stringMatching(/^hypertune: --config-file config\.yaml: name each trial's copy of it in the command with \{config_file\}/) as unknown as string],
      [command, expect.stringMatching(/^hypertune: \{config_file\} names each trial's copy of the file --config-file gives/) as unknown as string],
      [['--config-file', 'config.yaml', '--pass', 'args', ...command], 'hypertune: --config-file writes the parameters into each trial\'s copy of config.yaml: leave out --pass args'],
    ];
    for (const [args, message] of cases) {
      const result = await hypertune(['run', 'space.yaml', ...args], { cwd: dir });
      expect([result.exitCode, result.stderr]).toEqual([2, message]);
    }
    expect(readdirSync(dir).sort()).toEqual(['config.yaml', 'space.yaml']);
  });
});
