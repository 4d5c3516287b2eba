import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { buildInvocation, envName, formatValue } from '../../src/runner/invocation.js';
import type { TrialLaunch } from '../../src/runner/types.js';

function invocationOf(command: string[], params: TrialLaunch['params'], pass: TrialLaunch['pass'] = 'flags') {
  return buildInvocation({ command, params, trialId: 7, study: 'demo', pass });
}

describe('envName', () => {
  it('upper-cases and turns other characters into _', () => {
    expect(envName('learning_rate')).toBe('HP_LEARNING_RATE');
    expect(envName('optimizer.beta-1')).toBe('HP_OPTIMIZER_BETA_1');
    expect(envName('lr2')).toBe('HP_LR2');
    expect(envName('größe')).toBe('HP_GR_SSE'); // GRÖSSE: Ö is outside A-Z
  });
});

describe('formatValue', () => {
  it('writes numbers in a form that reads back to the same double', () => {
    for (const value of [1e-7, 0.001, 0.1 + 0.2, 300, -2.5, 1e21, 123456789.123]) {
      expect(Number(formatValue(value))).toBe(value);
    }
    expect(formatValue(1e-7)).toBe('1e-7');
    // a negative number is written without an exponent, which argparse would take for an option
    expect(formatValue(-5.516671863210969e-7)).toBe('-0.0000005516671863210969');
    expect(formatValue(-1.5e21)).toBe('-1500000000000000000000');
    expect(formatValue(-2.5)).toBe('-2.5');
    for (const value of [-5.516671863210969e-7, -1e-300, -1.5e21, -1.7976931348623157e308, -5e-324]) expect(Number(formatValue(value))).toBe(value);
    expect(formatValue(true)).toBe('true');
    expect(formatValue(false)).toBe('false');
    expect(formatValue(null)).toBe('null');
    expect(formatValue('leaky relu')).toBe('leaky relu');
  });
});

describe('buildInvocation', () => {
  const params = { lr: 1e-7, layers: 3, act: 'leaky relu', nesterov: false };

  it('appends --label=value flags in params order', () => {
    expect(invocationOf(['python', 'train.py', '--epochs', '3'], params)).toMatchObject({
      file: 'python',
      args: ['train.py', '--epochs', '3', '--lr=1e-7', '--layers=3', '--act=leaky relu', '--nesterov=false'],
    });
  });

  it('fills {label} placeholders in place and then appends no flags', () => {
    const invocation = invocationOf(['python', 'train.py', '--learning-rate', '{lr}', '--arch=mlp-{layers}', '--out', 'runs/{study}/{trial_id}'], params);
    expect(invocation.args).toEqual(['train.py', '--learning-rate', '1e-7', '--arch=mlp-3', '--out', 'runs/demo/7']);
  });

  it("leaves out the words naming a parameter the trial does not have, a lone one's flag too, and still appends no flags", () => {
    // width lives under model: mlp; this trial picked cnn
    const launch = { params: { lr: 0.1, model: 'cnn' }, labels: ['lr', 'model', 'width'], trialId: 7, study: 'demo', pass: 'flags' as const };
    const command = ['python', 'train.py', '--lr', '{lr}', '--width', '{width}', '--arch={model}-{width}', '-w', '{width}', '{width}', '--epochs', '3'];
    expect(buildInvocation({ ...launch, command }).args).toEqual(['train.py', '--lr', '0.1', '--epochs', '3']);
    // only an inactive parameter's placeholder in the command: still no flags, the same in every trial
    expect(buildInvocation({ ...launch, command: ['python', 'train.py', '--width={width}'] }).args).toEqual(['train.py']);
    // a flag taking several values (argparse's nargs) stays while one of them is there
    const layers = { command: ['python', 'train.py', '--hidden', '{h1}', '{h2}', '{h3}', '--lr', '{lr}'], params: { h2: 64, h3: 32, lr: 0.1 }, labels: ['h1', 'h2', 'h3', 'lr'], trialId: 1, study: 's', pass: 'flags' as const };
    expect(buildInvocation(layers).args).toEqual(['train.py', '--hidden', '64', '32', '--lr', '0.1']);
    expect(buildInvocation({ ...layers, params: { lr: 0.1 } }).args).toEqual(['train.py', '--lr', '0.1']);
    // a flag whose one word is left out goes with it: it would take the next word as its value (a user audit)
    const out = ['python', 'train.py', '--out', 'runs/{model}_{width}', 'data.csv'];
    expect(buildInvocation({ ...launch, command: out }).args).toEqual(['train.py', 'data.csv']);
  });

  it('leaves braces that name no parameter alone, and still appends flags', () => {
    const invocation = invocationOf(['node', '-e', 'f({x})', '{"a": 1}', 'runs/{trial_id}'], { lr: 0.1 });
    expect(invocation.args).toEqual(['-e', 'f({x})', '{"a": 1}', 'runs/7', '--lr=0.1']);
  });

  it('writes a whole value of a float parameter as a float (1.0), in flags, args, placeholders and HP_ variables', () => {
    const launch = { command: ['python', 'train.py'], params: { colsample: 1, depth: 4, wd: 0 }, floats: ['colsample', 'wd'], trialId: 1, study: 's', pass: 'flags' as const };
    const invocation = buildInvocation(launch);
    expect(invocation.args).toEqual(['train.py', '--colsample=1.0', '--depth=4', '--wd=0.0']);
    expect(invocation.env['HP_COLSAMPLE']).toBe('1.0');
    expect(buildInvocation({ ...launch, pass: 'args' }).args).toEqual(['train.py', 'colsample=1.0', 'depth=4', 'wd=0.0']);
    expect(buildInvocation({ ...launch, command: ['python', 'train.py', '--c', '{colsample}'] }).args).toEqual(['train.py', '--c', '1.0']);
    expect(buildInvocation({ ...launch, params: { colsample: 0.85, depth: 4, wd: -2 } }).args).toEqual(['train.py', '--colsample=0.85', '--depth=4', '--wd=-2.0']);
  });

  it('switches: a boolean is a bare --label when true and left out when false; other values stay --label=value', () => {
    const invocation = invocationOf(['python', 'train.py'], { use_bn: true, no_dropout: false, lr: 0.1, act: 'true' }, 'switches');
    expect(invocation.args).toEqual(['train.py', '--use_bn', '--lr=0.1', '--act=true']);
    expect(invocation.env['HP_NO_DROPOUT']).toBe('false');
    expect(invocationOf(['python', 'train.py', '--bn={use_bn}'], { use_bn: false }, 'switches').args).toEqual(['train.py', '--bn=false']);
  });

  it('switch-pairs: a boolean is --label when true and --no-label when false (BooleanOptionalAction, click --x/--no-x)', () => {
    expect(invocationOf(['python', 'train.py'], { 'use-bn': false, amp: true, lr: 0.1 }, 'switch-pairs').args).toEqual(['train.py', '--no-use-bn', '--amp', '--lr=0.1']);
  });

  it("leaves a null option's flag out (the program's default applies), in flags and switch modes; args writes key=null, as Hydra reads None (a user audit)", () => {
    expect(invocationOf(['python', 'train.py'], { heads: null, lr: 0.1 }, 'flags').args).toEqual(['train.py', '--lr=0.1']);
    expect(invocationOf(['python', 'train.py'], { heads: null, bn: true }, 'switches').args).toEqual(['train.py', '--bn']);
    expect(invocationOf(['python', 'train.py'], { heads: null }, 'args').args).toEqual(['train.py', 'heads=null']);
    expect(invocationOf(['python', 'train.py'], { heads: null }, 'flags').env['HP_HEADS']).toBe('null');
  });

  it("shell-quotes values placed in the script of sh -c / bash -lc, and only there (a user audit: $(...) ran, it's broke the script)", () => {
    const params = { name: "it's $(touch pwned) two words", lr: 0.1 };
    const script = invocationOf(['bash', '-lc', 'cd /tmp && python3 t.py --lr {lr} --name {name}', 'ignored {name}'], params, 'flags').args;
    expect(script).toEqual(['-lc', `cd /tmp && python3 t.py --lr 0.1 --name 'it'\\''s $(touch pwned) two words'`, `ignored ${params.name}`]);
    expect(invocationOf(['sh', 'train.sh', '--name', '{name}'], params, 'flags').args).toEqual(['train.sh', '--name', params.name]);
    expect(invocationOf(['python3', '-c', 'print("{name}")'], params, 'flags').args).toEqual(['-c', `print("${params.name}")`]);
  });

  it('leaves out a word that is one placeholder of an empty option: a switch written choice("--use_bn", "") is present or absent', () => {
    expect(invocationOf(['python', 't.py', '{use_bn}', '{augment}', '--tag={use_bn}'], { use_bn: '', augment: '--no-augment' }).args).toEqual(['t.py', '--no-augment', '--tag=']);
    expect(invocationOf(['python', 't.py', '{use_bn}', '{augment}'], { use_bn: '--use_bn', augment: '--augment' }).args).toEqual(['t.py', '--use_bn', '--augment']);
  });

  it("leaves out a shell script's own words for a parameter the trial lacks, not the script, its spacing kept (a re-audit: bash alone ran)", () => {
    const launch = { params: { layers: 1 }, labels: ['layers', 'width'], trialId: 0, study: 's', pass: 'flags' as const };
    const command = ['bash', '-c', 'cd /tmp &&\n  python3 echo.py --out=runs/{width} --n={layers} --w {width}'];
    expect(buildInvocation({ ...launch, command }).args).toEqual(['-c', 'cd /tmp &&\n  python3 echo.py --n=1']);
  });

  it('quotes a value for where it stands in a script: bare, in single quotes, in double quotes (a re-audit)', () => {
    const params = { name: `it's "x" $HOME \\ two` };
    const args = invocationOf(['sh', '-c', `echo {name} '{name}' "{name}"`], params, 'flags').args;
    expect(args[1]).toBe(`echo 'it'\\''s "x" $HOME \\ two' 'it'\\''s "x" $HOME \\ two' "it's \\"x\\" \\$HOME \\\\ two"`);
  });

  it('leaves out a placeholder of a null option with its flag, as flags do; args keeps key=null (a re-audit)', () => {
    expect(invocationOf(['python', 't.py', '--heads', '{heads}', '--lr={lr}'], { heads: null, lr: 0.1 }, 'flags').args).toEqual(['t.py', '--lr=0.1']);
    expect(invocationOf(['python', 't.py', 'heads={heads}'], { heads: null }, 'args').args).toEqual(['t.py', 'heads=null']);
  });

  it('passes no flags in env mode, but still fills placeholders', () => {
    expect(invocationOf(['python', 'train.py'], params, 'env').args).toEqual(['train.py']);
    expect(invocationOf(['python', 'train.py', '{lr}'], params, 'env').args).toEqual(['train.py', '1e-7']);
  });

  it('always sets HYPERTUNE_PARAMS, HYPERTUNE_TRIAL_ID, HYPERTUNE_STUDY and HP_<LABEL>', () => {
    const { env } = buildInvocation({
      command: ['x'],
      params,
      trialId: 7,
      study: 'demo',
      pass: 'flags',
      env: { CUDA_VISIBLE_DEVICES: '1' },
    });
    expect(env).toEqual({
      HYPERTUNE_PARAMS: JSON.stringify(params),
      HYPERTUNE_TRIAL_ID: '7',
      HYPERTUNE_STUDY: 'demo',
      HP_LR: '1e-7',
      HP_LAYERS: '3',
      HP_ACT: 'leaky relu',
      HP_NESTEROV: 'false',
      PYTHONUNBUFFERED: '1',
      WANDB_RUN_GROUP: 'demo',
      WANDB_NAME: 'demo-trial-7',
      CUDA_VISIBLE_DEVICES: '1',
    });
  });

  it("names each trial's W&B run and groups a study's, unless the user's environment sets either (even empty)", () => {
    const launch = { command: ['x'], params, trialId: 7, study: 'demo', pass: 'flags' } as const;
    const own = buildInvocation(launch, { WANDB_RUN_GROUP: 'sweep-3', WANDB_NAME: '' }).env;
    expect([own['WANDB_RUN_GROUP'], own['WANDB_NAME']]).toEqual([undefined, undefined]);
    expect(buildInvocation(launch, {}).env).toMatchObject({ WANDB_RUN_GROUP: 'demo', WANDB_NAME: 'demo-trial-7' });
  });

  it('writes a float parameter\'s whole value as a float in HYPERTUNE_PARAMS too (1.0, as in its flag)', () => {
    const { env, args } = buildInvocation({ command: ['x'], params: { scale: 1, layers: 2 }, floats: ['scale'], trialId: 0, study: 'demo', pass: 'flags' });
    expect(env['HYPERTUNE_PARAMS']).toBe('{"scale":1.0,"layers":2}');
    expect(args).toEqual(['--scale=1.0', '--layers=2']);
  });

  it("makes Python's output come line by line, unless the tuner's environment says otherwise", () => {
    const launch = { command: ['python', 'train.py'], params, trialId: 7, study: 'demo', pass: 'flags' } as const;
    expect(buildInvocation(launch, { PATH: '/usr/bin' }).env['PYTHONUNBUFFERED']).toBe('1');
    // the program inherits the tuner's environment: a value set there stays the user's; an empty one
    // is no value to Python, which would buffer (a user audit)
    expect(buildInvocation(launch, { PYTHONUNBUFFERED: '' }).env['PYTHONUNBUFFERED']).toBe('1');
    expect(buildInvocation(launch, { PYTHONUNBUFFERED: '1' }).env).not.toHaveProperty('PYTHONUNBUFFERED');
    // the study's own environment wins over ours
    expect(buildInvocation({ ...launch, env: { PYTHONUNBUFFERED: '0' } }, {}).env['PYTHONUNBUFFERED']).toBe('0');
  });

  it('args: appends label=value words, dotted labels as they are, values with spaces and quotes as one word each', () => {
    const invocation = invocationOf(['xgboost', 'train.conf'], { 'optimizer.lr': 0.01, name: `it's "big"`, depth: 4 }, 'args');
    expect(invocation.args).toEqual(['train.conf', 'optimizer.lr=0.01', `name=it's "big"`, 'depth=4']);
    // placeholders win over appending, as with flags
    expect(invocationOf(['x', 'lr={optimizer.lr}'], { 'optimizer.lr': 0.01 }, 'args').args).toEqual(['lr=0.01']);
  });

  it('json-file: no words appended; the file and the trial folder in the environment and the placeholders', () => {
    const invocation = buildInvocation({
      command: ['python', 'train.py', '--config', '{params_file}', '--out', '{trial_dir}/model.pt'],
      params: { lr: 0.1 },
      trialId: 3,
      study: 'demo',
      pass: 'json-file',
      trialDir: '/s/trials/3',
      paramsFile: '/s/trials/3/params.json',
    });
    expect(invocation.args).toEqual(['train.py', '--config', '/s/trials/3/params.json', '--out', '/s/trials/3/model.pt']);
    expect(invocation.env).toMatchObject({ HYPERTUNE_PARAMS_FILE: '/s/trials/3/params.json', HYPERTUNE_TRIAL_DIR: '/s/trials/3', HP_LR: '0.1' });
    expect(() => invocationOf(['x'], { lr: 0.1 }, 'json-file')).toThrow(/--pass json-file needs a file/);
  });

  it('refuses an empty command as a usage error', () => {
    expect(() => invocationOf([], params)).toThrow(UsageError);
  });
});
