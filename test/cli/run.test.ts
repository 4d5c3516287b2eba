import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROGRAMS, QUADRATIC_SPACE, hypertune, program, summaryJson, tempDir, writeFile, SH } from './helpers/hypertune.js';

const quadratic = program('loop-quadratic.sh');

// a trial that prints a fixed loss, in sh: node's start cost ~0.1 s of CPU a trial, sh's a fraction of it
const printsLoss = [SH, '-c', 'echo "loss: 0.41"'];

// Each test its own folder, none racing a clock: they run side by side (describe.concurrent).

describe.concurrent('hypertune run', () => {
  it('runs the target number of trials, one line each, then the best value and what to run next', async () => {
    const dir = tempDir();
    writeFile(dir, 'quad.yaml', QUADRATIC_SPACE);
    const result = await hypertune(['run', 'quad.yaml', '--trials', '4', '--seed', '3', '--', SH, quadratic], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^Study quad: minimize loss over 4 trials, auto \(seed 3\); stored in /);
    expect(result.stdout.match(/^trial \d+ {2}complete {2}loss=/gm)).toHaveLength(4);
    expect(result.stdout).toContain('Done: 4 of 4 trials finished (4 complete, 0 failed)');
    expect(result.stdout).toMatch(/Best loss: [\d.e-]+ \(trial \d\)\n {2}x: /);
    expect(result.stdout).toContain('hypertune summary --study quad');
    expect(result.stdout).not.toContain('\u001b[');
    const summary = await summaryJson(dir);
    expect(summary.counts).toEqual({ complete: 4, failed: 0, pruned: 0, running: 0, interrupted: 0, queued: 0 });
    expect(summary.trials.map((t) => t.id)).toEqual([0, 1, 2, 3]);
    // both reported values are kept, the last one is the result
    expect(summary.trials[0]?.intermediate).toHaveLength(2);
    expect(summary.trials[0]?.value).toBe(summary.trials[0]?.intermediate[1]);
  });

  it('says how many points a grid has left when the target comes first, and suggests no more once it is exhausted', async () => {
    const dir = tempDir();
    writeFile(dir, 'grid.yaml', 'metric: loss\nparams:\n  x: choice(0.1, 0.3, 0.5)\n  n: randint(1, 3)\n');
    const dry = await hypertune(['run', 'grid.yaml', '--algo', 'grid', '--dry-run', '--', SH, quadratic], { cwd: dir });
    expect(dry.stdout).toContain('The grid has 6 points; --trials 6 tries them all.');
    const first = await hypertune(['run', 'grid.yaml', '--algo', 'grid', '--trials', '4', '--', SH, quadratic], { cwd: dir });
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stdout).toContain('The grid has 6 points; 2 not tried yet. Try them all with:\n  hypertune resume --study grid --trials 6');
    const rest = await hypertune(['resume', '--trials', '10'], { cwd: dir });
    expect(rest.stdout).toContain('Grid exhausted: 6 of 10 trials finished');
    expect(rest.stdout).not.toMatch(/--trials \d/);
  });

  it('proposes the same parameters for the same seed', async () => {
    const runs = await Promise.all(
      [0, 1].map(async () => {
        const dir = tempDir();
        writeFile(dir, 'quad.yaml', QUADRATIC_SPACE);
        const result = await hypertune(['run', 'quad.yaml', '--trials', '3', '--seed', '42', '--algo', 'random', '--', SH, quadratic], { cwd: dir });
        expect(result.exitCode).toBe(0);
        return (await summaryJson(dir)).trials.map((t) => t.params);
      }),
    );
    expect(runs[0]).toHaveLength(3);
    expect(runs[1]).toEqual(runs[0]);
  });

  it('--dry-run prints the argv and environment of the first trials and runs nothing', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', 'params:\n  lr: loguniform(1e-4, 1)\n  act:\n    choice: ["leaky relu", tanh]\n');
    const result = await hypertune(['run', 'space.yaml', '--dry-run', '--seed', '5', '--', 'python3', 'train.py', '--epochs', '3'], { cwd: dir });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('Dry run of study space: nothing is run and nothing is stored.');
    expect(result.stdout).toMatch(/argv: \["python3","train\.py","--epochs","3","--lr=[\d.e-]+","--act=(leaky relu|tanh)"\]/);
    expect(result.stdout).toMatch(/HYPERTUNE_PARAMS=\{"lr":[\d.e-]+,"act":"(leaky relu|tanh)"\}/);
    expect(result.stdout).toContain('HYPERTUNE_TRIAL_ID=0');
    expect(result.stdout).toContain('HYPERTUNE_STUDY=space');
    expect(result.stdout).toMatch(/HP_LR=/);
    expect(result.stdout).toMatch(/^trial 2/m);
    expect(existsSync(join(dir, '.hypertune'))).toBe(false);
    // the parse line reads as the run would, its pattern and objective quoted for the shell
    writeFile(dir, 'pattern.yaml', 'metric: val score\npattern: "SCORE\\\\[([0-9.]+)\\\\]"\nobjective: max\nparams:\n  x: uniform(0, 1)\n');
    const patterned = await hypertune(['run', 'pattern.yaml', '--dry-run', '--', 'python3', 'train.py'], { cwd: dir });
    expect(patterned.stdout).toContain("Check a saved log with: hypertune parse --metric 'val score' --pattern 'SCORE\\[([0-9.]+)\\]' --objective max < train.log");
    // placeholders: no flags; a parameter under an option not picked leaves out its words, flag and all
    writeFile(dir, 'nested.yaml', 'params:\n  lr: loguniform(1e-4, 1)\n  model:\n    choice:\n      - linear\n      - mlp:\n          width: randint(8, 65)\n  epochs: 3\n');
    const placed = await hypertune(['run', 'nested.yaml', '--dry-run', '--seed', '5', '--', 'python3', 'train.py', '--lr', '{lr}', '--width', '{width}', '--model={model}'], { cwd: dir });
    expect(placed.exitCode, placed.stderr).toBe(0);
    const argvs = [...placed.stdout.matchAll(/argv: (\[.*\])/g)].map((match) => JSON.parse(match[1] ?? '[]') as string[]);
    expect(argvs).toHaveLength(3);
    for (const argv of argvs) {
      expect(argv.slice(0, 3)).toEqual(['python3', 'train.py', '--lr']);
      expect(argv.slice(4)).toEqual(argv.includes('--model=mlp') ? ['--width', expect.stringMatching(/^\d+$/), '--model=mlp'] : ['--model=linear']);
    }
    expect(placed.stdout).toContain('Note: the command has {placeholders} for some parameters, so no flags are added: epochs reaches it only through the environment (HP_EPOCHS, HYPERTUNE_PARAMS)');
    // a new study runs the space file's start: configurations first, and so does its dry run
    writeFile(dir, 'started.yaml', 'start:\n  - {lr: 0.001}\nparams:\n  lr: loguniform(1e-4, 1)\n  n: randint(1, 9)\n');
    const started = await hypertune(['run', 'started.yaml', '--dry-run', '--seed', '5', '--', 'python3', 'train.py'], { cwd: dir });
    expect(started.stdout).toMatch(/^trial 0 \(a start: configuration of the space file\): lr=0\.001 n=\d\n {2}argv: \["python3","train\.py","--lr=0\.001","--n=\d"\]$/m);
    expect(started.stdout).toMatch(/^trial 1 \(start-up sampler, space-filling\)/m);
    writeFile(dir, 'twins.yaml', 'params:\n  a.b: uniform(0, 1)\n  a_b: uniform(5, 6)\n');
    const twins = await hypertune(['run', 'twins.yaml', '--dry-run', '--', 'python3', 'train.py'], { cwd: dir });
    expect(twins.stdout).toContain('Note: a.b and a_b share the environment variable HP_A_B, which holds one of them; read them from flags or HYPERTUNE_PARAMS');
  });

  it('notes a uniform over several decades once, when it makes the study, and runs it as written', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', 'params:\n  lr: uniform(1e-5, 0.1)\n');
    const first = await hypertune(['run', 'space.yaml', '--trials', '1', '--seed', '1', '--', ...printsLoss], { cwd: dir });
    expect(first.exitCode).toBe(0);
    expect(first.stderr).toBe('hypertune: note: space.yaml:2:7: lr: uniform over 4 decades draws 90 % of its values from the top one; if a small value may be best (a learning rate, a weight decay), write loguniform(1e-5, 0.1)');
    const dry = await hypertune(['run', 'space.yaml', '--dry-run', '--', ...printsLoss], { cwd: dir });
    expect(dry.stdout).toContain('\nNote: space.yaml:2:7: lr: uniform over 4 decades');
    const more = await hypertune(['run', 'space.yaml', '--trials', '2', '--', ...printsLoss], { cwd: dir });
    expect(more.exitCode).toBe(0);
    expect(more.stderr).toBe('');
    expect((await summaryJson(dir)).trials).toHaveLength(2);
  });

  it('says when a space has nothing to tune, and runs its trials all the same (they ran identical without a word)', async () => {
    const dir = tempDir();
    writeFile(dir, 'fixed.yaml', 'params:\n  epochs: 3\n  model: resnet\n');
    const note = "hypertune: note: fixed.yaml: nothing to tune (the space has only constants): every trial gets the same values, so more than one trial only measures how much the program's result varies from run to run";
    const run = await hypertune(['run', 'fixed.yaml', '--trials', '2', '--', ...printsLoss], { cwd: dir });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe(note);
    const trials = (await summaryJson(dir)).trials as Array<{ params: Record<string, unknown> }>;
    expect(trials.map((t) => t.params)).toEqual([{ epochs: 3, model: 'resnet' }, { epochs: 3, model: 'resnet' }]);
    const check = await hypertune(['check', 'fixed.yaml'], { cwd: dir });
    expect(check.stdout).toContain(`\n${note.replace('hypertune: ', '')}`);
  });

  it('refuses a study whose space or command changed, showing the difference', async () => {
    const dir = tempDir();
    writeFile(dir, 'quad.yaml', QUADRATIC_SPACE);
    const first = await hypertune(['run', 'quad.yaml', '--trials', '1', '--', SH, quadratic], { cwd: dir });
    expect(first.exitCode).toBe(0);
    writeFile(dir, 'quad.yaml', QUADRATIC_SPACE.replace('uniform(-1, 1)', 'uniform(-2, 2)'));
    const changed = await hypertune(['run', 'quad.yaml', '--trials', '2', '--', SH, quadratic], { cwd: dir });
    expect(changed.exitCode).toBe(2);
    expect(changed.stdout).toBe('');
    expect(changed.stderr).toContain('study "quad" already exists with a different setup');
    expect(changed.stderr).toContain('-   x: uniform(-1, 1)\n  +   x: uniform(-2, 2)');
    expect(changed.stderr).toContain('--study quad-2');
    expect(changed.stderr).toContain('then --add quad.csv to that run)');
    // a parameter the old trials lacked: the hint says its column goes into the file, or add refuses every row (a user audit)
    writeFile(dir, 'quad.yaml', `${QUADRATIC_SPACE}  z: uniform(0, 1)\n`);
    const added = await hypertune(['run', 'quad.yaml', '--trials', '2', '--', SH, quadratic], { cwd: dir });
    expect(added.exitCode).toBe(2);
    expect(added.stderr).toContain('then --add quad.csv to that run, with a column z added to the file holding the value the old trials ran with)');
    writeFile(dir, 'quad.yaml', QUADRATIC_SPACE);
    const otherCommand = await hypertune(['run', 'quad.yaml', '--', SH, quadratic, '--fast'], { cwd: dir });
    expect(otherCommand.exitCode).toBe(2);
    expect(otherCommand.stderr).toContain('the command differs');
    expect(otherCommand.stderr).toContain('--fast');
    expect((await summaryJson(dir)).trials).toHaveLength(1);
    // the pruner is the study's: a worker joining with another is refused, not ignored
    const otherPruner = await hypertune(['run', 'quad.yaml', '--prune', 'asha', '--', SH, quadratic], { cwd: dir });
    expect(otherPruner.exitCode).toBe(2);
    expect(otherPruner.stderr).toBe('hypertune: study "quad" prunes with none as it was made, for every worker; --prune and its settings apply to a new study (--study NAME)');
  });

  it('continues an existing study with the same space, raising its target', async () => {
    const dir = tempDir();
    writeFile(dir, 'quad.yaml', QUADRATIC_SPACE);
    expect((await hypertune(['run', 'quad.yaml', '--trials', '2', '--seed', '1', '--', SH, quadratic], { cwd: dir })).exitCode).toBe(0);
    const again = await hypertune(['run', 'quad.yaml', '--trials', '3', '--', SH, quadratic], { cwd: dir });
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain('Continuing study quad');
    expect(again.stdout).toContain('Done: 3 of 3 trials finished');
    const resumed = await hypertune(['resume', '--trials', '4'], { cwd: dir });
    expect(resumed.exitCode).toBe(0);
    expect(resumed.stdout).toContain('Done: 4 of 4 trials finished');
    expect((await summaryJson(dir)).trials.map((t) => t.id)).toEqual([0, 1, 2, 3]);
    // the same search with a comment, another layout and a new trials: in the file goes on to that target
    writeFile(dir, 'quad.yaml', `# the quadratic, now six trials\ntrials: 6\ngoal: minimize\n${QUADRATIC_SPACE.replace('params:', 'params:   # x only').replace('uniform(-1, 1)', 'uniform(-1,1)')}`);
    const edited = await hypertune(['run', 'quad.yaml', '--', SH, quadratic], { cwd: dir });
    expect(edited.exitCode, edited.stderr).toBe(0);
    expect(edited.stdout).toContain('Done: 6 of 6 trials finished');
    // a stop rule written into the file now is the study's too
    writeFile(dir, 'quad.yaml', `trials: 9\nstop: { at: 100 }\n${QUADRATIC_SPACE}`);
    const stopped = await hypertune(['run', 'quad.yaml', '--', SH, quadratic], { cwd: dir });
    expect(stopped.exitCode, stopped.stderr).toBe(0);
    expect(stopped.stdout).toContain('over 9 trials, or until loss <= 100');
    expect(stopped.stdout).toMatch(/^Stopped early: 6 of 9 trials finished/m);
  });

  it('explains a missing command and bad flags with exit code 2', async () => {
    const dir = tempDir();
    writeFile(dir, 'quad.yaml', QUADRATIC_SPACE);
    const noCommand = await hypertune(['run', 'quad.yaml', '--trials', '2'], { cwd: dir });
    expect(noCommand.exitCode).toBe(2);
    expect(noCommand.stderr).toContain('no command to tune');
    const badTrials = await hypertune(['run', 'quad.yaml', '--trials', 'many', '--', SH, quadratic], { cwd: dir });
    expect(badTrials.exitCode).toBe(2);
    expect(badTrials.stderr).toBe(`hypertune: option '--trials <n>' argument 'many' is invalid. expected a whole number of at least 1, got "many" (run with --help for usage)`);
    // commander's own complaints are one line too, its suggestion kept
    const noFile = await hypertune(['run', 'quad.yaml', '--', SH, quadratic, '--config', '{params_file}'], { cwd: dir });
    expect([noFile.exitCode, noFile.stderr]).toEqual([2, 'hypertune: {params_file} names the file that --pass json-file writes the parameters to: add --pass json-file']);
    // --help after a command that is none names it unknown, not the program's help with exit 0 (a user audit)
    const unknown = await hypertune(['export', '--help'], { cwd: dir });
    expect([unknown.exitCode, unknown.stdout, unknown.stderr]).toEqual([2, '', "hypertune: unknown command 'export': a study's trials as CSV or JSON come from hypertune summary --format csv (or json) > trials.csv"]);
    expect((await hypertune(['sumary', '-h'], { cwd: dir })).stderr).toBe("hypertune: unknown command 'sumary' (Did you mean summary?) (run with --help for usage)");
    expect((await hypertune(['help', 'sumary'], { cwd: dir })).stderr).toBe("hypertune: unknown command 'sumary' (Did you mean summary?) (run with --help for usage)");
    expect((await hypertune(['help', 'summary'], { cwd: dir })).stdout).toMatch(/^Usage: hypertune summary/);
    const typo = await hypertune(['run', 'quad.yaml', '--tirals', '2', '--', SH, quadratic], { cwd: dir });
    expect([typo.exitCode, typo.stderr]).toEqual([2, "hypertune: unknown option '--tirals' (Did you mean --trials?) (run with --help for usage)"]);
    // a flag taken as another's value, and a command's own flags read as ours without --, would change the study unseen
    const eaten = await hypertune(['run', 'quad.yaml', '--metric', '--maximize', '--', SH, quadratic], { cwd: dir });
    expect([eaten.exitCode, eaten.stderr]).toEqual([2, 'hypertune: --metric needs a value, got the flag --maximize; write --metric=VALUE for a value that starts with --']);
    const noDashes = await hypertune(['run', 'quad.yaml', '--trials', '2', SH, quadratic, '--seed', '3'], { cwd: dir });
    expect(noDashes.exitCode).toBe(2);
    expect(noDashes.stderr).toBe(`hypertune: put -- before the command to tune: hypertune run quad.yaml [options] -- ${SH} ${quadratic} (without it, its own flags would be read as hypertune's)`);
    // a flag of the program's own, unknown to us, without --; the space file forgotten; a command given to resume
    const ownFlag = await hypertune(['run', 'quad.yaml', SH, quadratic, '--epochs', '3'], { cwd: dir });
    expect([ownFlag.exitCode, ownFlag.stderr]).toEqual([2, `hypertune: unknown option '--epochs': if it is the program's, put -- before the command to tune: hypertune run quad.yaml [options] -- ${SH} ${quadratic} --epochs 3`]);
    // an option's value before the program is no word of the command (a user audit: the hint ran `m1 sh ...`)
    const valued = await hypertune(['run', 'quad.yaml', '--study', 'm1', '--trials', '3', SH, quadratic, '--epochs', '3'], { cwd: dir });
    expect(valued.stderr).toBe(`hypertune: unknown option '--epochs': if it is the program's, put -- before the command to tune: hypertune run quad.yaml [options] -- ${SH} ${quadratic} --epochs 3`);
    const noSpace = await hypertune(['run', '--trials', '2', '--', SH, quadratic], { cwd: dir });
    expect([noSpace.exitCode, noSpace.stderr]).toEqual([2, `hypertune: give the space file before --: hypertune run space.yaml [options] -- ${SH} ${quadratic} (or the space itself: hypertune run --param 'lr=loguniform(1e-5, 1e-1)' [options] -- ...)`]);
    const stray = await hypertune(['run', 'quad.yaml', '--study', 'my', 'env', '--dry-run', '--', SH, quadratic], { cwd: dir });
    expect([stray.exitCode, stray.stderr]).toEqual([2, 'hypertune: "env" before -- is no option: the command is what follows -- (a value with spaces is quoted: --study "my study")']);
    const trialFolder = await hypertune(['run', 'quad.yaml', '--study', 'cwd', '--cwd', 'trial', '--', './train.sh'], { cwd: dir });
    expect([trialFolder.exitCode, trialFolder.stderr]).toEqual([2, 'hypertune: with --cwd trial each trial runs in its own new folder, where ./train.sh is not: give its absolute path ("$PWD/train.sh")']);
    // the script an interpreter is given, too (a user audit: python3 examples/train.py failed in every trial), in a dry run as well
    const script = await hypertune(['run', 'quad.yaml', '--cwd', 'trial', '--dry-run', '--', 'python3', 'examples/train.py'], { cwd: dir });
    expect([script.exitCode, script.stderr]).toEqual([2, 'hypertune: with --cwd trial each trial runs in its own new folder, where examples/train.py is not: give its absolute path ("$PWD/examples/train.py")']);
    writeFile(dir, '.yaml', 'params:\n  x: uniform(0, 1)\n');
    const dotName = await hypertune(['run', '.yaml', '--', SH, quadratic], { cwd: dir });
    expect([dotName.exitCode, dotName.stderr]).toEqual([2, 'hypertune: the study takes the space file\'s name, ".yaml", which cannot name one (it starts with a dot): give --study NAME']);
    const resumeCommand = await hypertune(['resume', '--', SH, quadratic], { cwd: dir });
    expect([resumeCommand.exitCode, resumeCommand.stderr]).toEqual([2, 'hypertune: resume takes no command: it runs the one the study stored; another command is another study: hypertune run SPACE --study NEW -- COMMAND']);
    // a diverged job told as -inf: commander reads -0.5 as a value, -inf as an unknown flag (a scripting audit)
    const minusInf = await hypertune(['tell', '3', '-inf'], { cwd: dir });
    expect([minusInf.exitCode, minusInf.stderr]).toEqual([2, 'hypertune: a complete trial needs a finite value, got -inf; tell a run without one with --state failed']);
    const badSpace = writeFile(dir, 'bad.yaml', 'params:\n  x: uniform(1, 0)\n');
    const bad = await hypertune(['run', badSpace, '--', SH, quadratic], { cwd: dir });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/bad\.yaml:2:\d+: x: /);
  });
});

describe.concurrent('hypertune summary', () => {
  it('shows a study as a table, as JSON in the documented shape, and as CSV', async () => {
    const dir = tempDir();
    writeFile(dir, 'quad.yaml', 'params:\n  x: uniform(-1, 1)\n  act:\n    choice: [relu, "a,b"]\n');
    expect((await hypertune(['run', 'quad.yaml', '--trials', '3', '--seed', '9', '--', SH, quadratic], { cwd: dir })).exitCode).toBe(0);

    const table = await hypertune(['summary', '--top', '2'], { cwd: dir });
    expect(table.exitCode).toBe(0);
    expect(table.stdout).toContain('Study quad: minimize loss, 3 of 3 trials finished (3 complete, 0 failed, 0 running, 0 interrupted)');
    expect(table.stdout).toContain('Best 2 of 3 complete trials');
    expect(table.stdout).toMatch(/│ trial │ loss\s+│ x\s+│ act\s+│ duration │ sampler │/);
    expect(table.stdout).toContain('Proposed by (--algo auto --seed 9): startup 3');
    expect(table.stdout).toContain('* start-up trial');
    expect(table.stdout).toMatch(/Best parameters \(trial \d, loss [\d.e-]+\):\n {2}x: /);
    expect(table.stdout).toMatch(/Best so far: [▁▂▃▄▅▆▇█]{3} /);

    const json = await summaryJson(dir, ['--study', 'quad']);
    expect(Object.keys(json)).toEqual(['study', 'metric', 'goal', 'objective', 'algo', 'seed', 'target', 'trial_time_s', 'time_budget_s', 'time_left_s', 'stopped_early', 'counts', 'best', 'repeats', 'prune_check', 'trials']);
    expect(json).toMatchObject({ study: 'quad', metric: 'loss', goal: 'minimize', counts: { complete: 3, failed: 0, running: 0, interrupted: 0 } });
    expect(Object.keys(json.best ?? {})).toEqual(['id', 'value', 'params']);
    expect(Object.keys(json.trials[0] ?? {})).toEqual(['id', 'state', 'value', 'params', 'intermediate', 'steps', 'stopped_at_step', 'duration_s', 'exit_code', 'error', 'sampler']);
    expect(json.trials.map((t) => t.sampler)).toEqual(['startup', 'startup', 'startup']);
    const best = Math.min(...json.trials.map((t) => t.value ?? Infinity));
    expect(json.best?.value).toBe(best);

    const csv = await hypertune(['summary', '--format', 'csv'], { cwd: dir });
    const rows = csv.stdout.trimEnd().split('\n');
    expect(rows[0]).toBe('id,state,loss,duration_s,exit_code,startup,sampler,stopped_at_step,x,act,error');
    expect(rows).toHaveLength(4);
    expect(rows[1]).toMatch(/^0,complete,[\d.e-]+,[\d.]+,0,true,startup,,[\d.e-]+,(relu|"a,b"),$/);

    const missing = await hypertune(['summary', '--study', 'nope'], { cwd: dir });
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('no study "nope"');
    expect(missing.stderr).toContain('studies there: quad');
  });
});

describe.concurrent('hypertune parse', () => {
  it('shows every value the parser reads from a saved log, and the result', async () => {
    const dir = tempDir();
    const log = 'starting\nepoch 1 loss=0.9\nepoch 2 val_loss=0.5 loss: 0.7\n{"loss": 0.65, "epoch": 3}\ndone\n';
    const result = await hypertune(['parse', '--objective', 'min'], { cwd: dir, input: log });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(
      'Looking for "loss: <number>", "loss=<number>", "loss <number>", a JSON line with key "loss" or a column headed "loss"\n' +
        'line 2: 0.9 (step 1)\tepoch 1 loss=0.9\n' +
        'line 3: 0.7 (step 2)\tepoch 2 val_loss=0.5 loss: 0.7\n' +
        'line 4: 0.65 (step 3)\t{"loss": 0.65, "epoch": 3}\n' +
        '3 values in 5 lines.\n' +
        'Result (min): 0.65',
    );
    const file = writeFile(dir, 'train.log', 'acc 91.5%\nacc 93.25%\n');
    const custom = await hypertune(['parse', file, '--pattern', 'acc ([\\d.]+)%'], { cwd: dir });
    expect(custom.exitCode).toBe(0);
    expect(custom.stdout).toContain('Result (last): 93.25');
  });

  it('splits a progress bar at its \\r as run does, and reads a table by its header, with the epoch column as the step', async () => {
    const dir = tempDir();
    const bar = 'Epoch 0: 100%|#####| 10/10 [val_loss=0.250]\rEpoch 1: 100%|#####| 10/10 [val_loss=0.200]\n';
    const progress = await hypertune(['parse', '--metric', 'val_loss'], { cwd: dir, input: bar });
    expect(progress.exitCode).toBe(0);
    expect(progress.stdout).toContain('line 2: 0.2 (step 1)\tEpoch 1: 100%');
    const table = 'epoch     train_loss  valid_loss  accuracy  time\n0         0.51        0.40        0.81      00:03\n1         0.30        0.25        0.90      00:03\n';
    const fastai = await hypertune(['parse', '--metric', 'valid_loss'], { cwd: dir, input: table });
    expect(fastai.exitCode).toBe(0);
    expect(fastai.stdout).toContain('line 2: 0.4 (step 0)\t0 ');
    expect(fastai.stdout).toContain('line 3: 0.25 (step 1)\t1 ');
    expect(fastai.stdout).toContain('Result (last): 0.25');
    // a metric the log does not show, beside names it does: named
    const missing = await hypertune(['parse', '--metric', 'loss'], { cwd: dir, input: 'epoch 1 train_loss=0.5 val_loss=0.4\n' });
    expect([missing.exitCode, missing.stderr]).toEqual([1, expect.stringMatching(/; the output has val_loss or train_loss values: is the metric val_loss or train_loss\?$/)]);
  });

  it("reads a saved TensorBoard event file's scalars by their tag, as run --metric-file does", async () => {
    const dir = tempDir();
    const file = join(dir, 'events.out.tfevents.1700000000.host.1.0');
    copyFileSync(join(PROGRAMS, '..', 'tfevents', 'simple-values.tfevents'), file);
    const result = await hypertune(['parse', file, '--metric', 'val_loss'], { cwd: dir });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('line 4: 0.25 (step 1)\t{"val_loss":0.25,"step":1}');
    expect(result.stdout).toContain('5 values in 10 lines.\nResult (last): 0.1');
  });

  it('says what it looked for when nothing matches, with exit code 1', async () => {
    const dir = tempDir();
    const result = await hypertune(['parse', '--metric', 'acc'], { cwd: dir, input: 'loss=0.3\n' });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('0 values in 1 line.');
    expect(result.stderr).toContain('no line matched "acc: <number>"');
  });
});

describe.concurrent('run --algo grid on a space it cannot enumerate', () => {
  it('refuses before a study is made, naming the line, so the corrected file starts the same study (a user audit)', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', 'params:\n  lr: loguniform(1e-4, 1)\n  n: quniform(0, 4, 1)\n');
    const refused = await hypertune(['run', 'space.yaml', '--algo', 'grid', '--', ...printsLoss], { cwd: dir });
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr.trim()).toBe('hypertune: space.yaml:2:7: lr: grid search needs points for this continuous parameter: write { dist: ..., grid: N }, or grid: N at the top for every such one');
    expect(existsSync(join(dir, '.hypertune'))).toBe(false);
    writeFile(dir, 'space.yaml', 'params:\n  lr: { dist: loguniform(1e-4, 1), grid: 2 }\n  n: quniform(0, 4, 1)\n');
    const run = await hypertune(['run', 'space.yaml', '--algo', 'grid', '--trials', '10', '--', ...printsLoss], { cwd: dir });
    expect(run.exitCode).toBe(0);
    expect((await summaryJson(dir)).counts.complete).toBe(10);
  });
});

describe.concurrent("a run of an existing study with a lower --trials", () => {
  it("keeps the study's target: a joining run only raises it (a user audit: a late Slurm task undid a raise for every worker); resume lowers it, and says so", async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', 'params:\n  x: uniform(0, 1)\n');
    const command = ['--', ...printsLoss];
    expect((await hypertune(['run', 'space.yaml', '--trials', '2', ...command], { cwd: dir })).exitCode).toBe(0);
    // raising it is the usual way on: no note
    const higher = await hypertune(['run', 'space.yaml', '--trials', '3', ...command], { cwd: dir });
    expect(higher.stderr).not.toContain('target');
    const lower = await hypertune(['run', 'space.yaml', '--trials', '1', ...command], { cwd: dir });
    expect(lower.stderr).toContain("hypertune: note: study space's target stays 3 trials (this run asks for 1; a joining run only raises it: lower it with hypertune resume --study space --trials 1)");
    expect((await summaryJson(dir)).target).toBe(3);
    const resumed = await hypertune(['resume', '--trials', '1'], { cwd: dir });
    expect(resumed.stderr).toContain("hypertune: note: study space's target was 3 trials; it is 1 now, for every worker on it");
    expect((await summaryJson(dir)).target).toBe(1);
  });
});
