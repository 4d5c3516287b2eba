import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RuntimeFailure } from '../../src/errors.js';
import { runTrial } from '../../src/runner/run-trial.js';
import { openMetricFile } from '../../src/store/metric-file.js';
import type { TrialLaunch } from '../../src/runner/types.js';
import { fixtureLaunch, fixturePrograms } from '../helpers/launch.js';
import { isAlive } from '../helpers/processes.js';

const programs = fixturePrograms;
const launchOf = fixtureLaunch;


/** The kernel closes a dying process's pipes a moment before it is gone, so allow it that moment. */
async function goneSoon(pid: number): Promise<boolean> {
  for (let waited = 0; waited < 2000; waited += 10) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return false;
}

// each test of this block, of failures' and of parameter passing's runs its own programs and waits on
// them: side by side too (the timing-bound blocks, pruning and stops, run their tests in turn)
describe.concurrent('runTrial: metrics from a real program', () => {
  it('streams every line and value, and takes the last value as the result', async () => {
    const lines: string[] = [];
    const values: number[] = [];
    const outcome = await runTrial(
      launchOf('prints-loss.mjs', [], {
        onLine: (stream, line) => lines.push(`${stream}: ${line}`),
        onValue: (value) => values.push(value),
      }),
    );
    expect(outcome).toMatchObject({ state: 'complete', value: 0.41, intermediate: [0.9, 0.5, 0.41], exitCode: 0, signal: null, timedOut: false, error: null });
    expect(values).toEqual([0.9, 0.5, 0.41]);
    expect(lines).toEqual([
      'stdout: starting training',
      'stdout: epoch 1 loss=0.9',
      'stdout: epoch 2 loss=0.5',
      'stdout: epoch 3 val_loss=0.47 acc=0.88',
      'stdout: loss: 0.41',
    ]);
    expect(outcome.durationS).toBeGreaterThan(0);
  });

  it('reads every metric form from one run', async () => {
    const forms = ['loss: 1', 'loss=2', 'epoch 3 val_loss=9 loss=3 acc=0.88', '{"loss": 4, "acc": 9}', "{'loss': 5}", 'Loss = 6e0', 'loss=+7', 'loss: 8.'];
    const outcome = await runTrial(launchOf('prints-lines.mjs', forms));
    expect(outcome.intermediate).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(outcome.value).toBe(8);
  });

  it('reads JSON lines by their top-level key', async () => {
    const outcome = await runTrial(launchOf('prints-json.mjs'));
    expect(outcome).toMatchObject({ state: 'complete', value: 0.55, intermediate: [0.8, 0.6, 0.55] });
  });

  it('picks min or max over lines that arrive in pieces', async () => {
    const best = await runTrial(launchOf('slow-loss-lines.mjs', [], { objective: 'min' }));
    expect(best).toMatchObject({ state: 'complete', value: 0.45, intermediate: [0.9, 0.7, 0.5, 0.45, 0.6] });
  });

  it('uses a custom pattern instead of the default rules', async () => {
    const outcome = await runTrial(
      launchOf('prints-lines.mjs', ['loss=9', 'Average loss: 0.0312, Accuracy: 98%'], { pattern: String.raw`Average loss: ([^,]+),` }),
    );
    expect(outcome).toMatchObject({ state: 'complete', value: 0.0312, intermediate: [0.0312] });
  });

  it('fails a NaN or infinite result with the line that said so', async () => {
    const nan = await runTrial(launchOf('prints-lines.mjs', ['loss=0.5', 'loss=nan']));
    expect(nan).toMatchObject({ state: 'failed', value: null, exitCode: 0, error: 'the metric was NaN (line 2: loss=nan)' });
    expect(nan.intermediate[0]).toBe(0.5);
    const inf = await runTrial(launchOf('prints-lines.mjs', ['loss=inf']));
    expect(inf.error).toBe('the metric was inf (line 1: loss=inf)');
  });

  it('fails a program that printed nothing matching, naming the pattern and showing stdout', async () => {
    const silent = await runTrial(launchOf('prints-nothing.mjs'));
    expect(silent).toMatchObject({ state: 'failed', exitCode: 0, value: null });
    expect(silent.error).toBe('no line matched "loss: <number>", "loss=<number>", "loss <number>", a JSON line with key "loss" or a column headed "loss"\nstdout was empty');
    const chatty = await runTrial(launchOf('prints-lines.mjs', ['accuracy 0.9', 'done'], { pattern: 'score=(\\d+)' }));
    expect(chatty.error).toBe('no line matched pattern /score=(\\d+)/\nlast 2 lines of stdout:\n  accuracy 0.9\n  done');
  });

  it('hints when the metric went to stderr', async () => {
    const outcome = await runTrial(launchOf('logs-to-stderr.mjs'));
    expect(outcome.state).toBe('failed');
    expect(outcome.error).toContain('stderr held 1 matching line(s), but hypertune reads stdout');
    expect(outcome.error).toContain('last line of stderr:\n  INFO epoch 1 loss=0.5');
  });
});

describe.concurrent('runTrial: failures', () => {
  it('fails a non-zero exit even after a value, keeping the values', async () => {
    const outcome = await runTrial(launchOf('exits-with.mjs', ['2']));
    // it says what --accept-exit would do: the program printed its result before it failed (a user audit)
    const printed = '; it had printed loss 0.3 (if it fails only after its result, --accept-exit 2 counts such runs complete)';
    expect(outcome).toMatchObject({ state: 'failed', value: null, intermediate: [0.3], exitCode: 2, signal: null, error: `exited with code 2${printed}` });
    const oom = await runTrial(launchOf('exits-with.mjs', ['137']));
    // not for codes that mostly mean a crash midway (an exception's 1, the out-of-memory killer's 137): following it would hide them
    expect(oom.error).toBe('exited with code 137 (128 + SIGKILL (killed; often the kernel out-of-memory killer))');
    const exception = await runTrial(launchOf('exits-with.mjs', ['1']));
    expect(exception.error).toBe('exited with code 1');
    const silent = await runTrial({ ...launchOf('exits-with.mjs', ['2']), command: [process.execPath, '-e', 'process.exit(2)'] });
    expect(silent.error).toBe('exited with code 2');
  });

  it('takes an exit code of --accept-exit as success once the metric was printed, and 128 + N as signal N', async () => {
    const accepted = await runTrial({ ...launchOf('exits-with.mjs', ['139']), acceptExit: [1, 139] });
    expect(accepted).toMatchObject({ state: 'complete', value: 0.3, exitCode: 139, error: null });
    expect(accepted.crashed).toBeUndefined();
    const other = await runTrial({ ...launchOf('exits-with.mjs', ['2']), acceptExit: [1, 139] });
    // the hint names the codes accepted already with the new one (a re-audit: it named 2 alone, which would replace them)
    expect(other).toMatchObject({ state: 'failed', exitCode: 2, crashed: true, error: 'exited with code 2; it had printed loss 0.3 (if it fails only after its result, --accept-exit 1,2,139 counts such runs complete)' });
    // a program that crashes by a signal of its own, at teardown (no shell turns it into 139)
    const segv = "console.log('loss=0.25'); process.kill(process.pid, 'SIGSEGV')";
    const bySignal = await runTrial({ ...launchOf('prints-loss.mjs'), command: [process.execPath, '-e', segv], acceptExit: [139] });
    // recorded with the code a shell gives it, not without one (a re-audit)
    expect(bySignal).toMatchObject({ state: 'complete', value: 0.25, signal: 'SIGSEGV', exitCode: 139 });
    const unaccepted = await runTrial({ ...launchOf('prints-loss.mjs'), command: [process.execPath, '-e', segv] });
    expect(unaccepted.error).toBe('killed by SIGSEGV (segmentation fault); it had printed loss 0.25 (if it fails only after its result, --accept-exit 139 counts such runs complete)');
    // nothing printed: a failure whatever the code
    const silent = await runTrial({ ...launchOf('exits-with.mjs', ['1']), command: [process.execPath, '-e', 'process.exit(1)'], acceptExit: [1] });
    expect(silent).toMatchObject({ state: 'failed', exitCode: 1 });
  });

  it('keeps the last 20 lines of stderr with the reason', async () => {
    const outcome = await runTrial(launchOf('writes-stderr-then-fails.mjs'));
    expect(outcome.exitCode).toBe(3);
    const tail = Array.from({ length: 19 }, (_, i) => `  stderr line ${i + 12}`).join('\n');
    // the last line, where Python puts a traceback's exception, is on the first line too: run prints that one
    expect(outcome.error).toBe(`exited with code 3: ValueError: bad hyperparameter\nlast 20 lines of stderr:\n${tail}\n  ValueError: bad hyperparameter`);
  });

  it("says when the program did not know a flag it was passed, as argparse says it", async () => {
    const script = "console.error('usage: train.py [-h] [--batch-size N]'); console.error('train.py: error: unrecognized arguments: --batch_size=32'); process.exit(2)";
    const outcome = await runTrial({ ...launchOf('prints-loss.mjs'), command: [process.execPath, '-e', script] });
    expect(outcome.error).toMatch(
      /^exited with code 2: train\.py: error: unrecognized arguments: --batch_size=32; the program does not know --batch_size: name the label as it spells its flag \(argparse's --batch-size is the label batch-size\), or place the value with \{label\}\nlast 2 lines of stderr:/,
    );
  });

  it('says when the program takes a flag as a switch without a value, as argparse and click say it', async () => {
    const argparse = "console.error(\"train.py: error: argument --use_bn: ignored explicit argument 'true'\"); process.exit(2)";
    const first = await runTrial({ ...launchOf('prints-loss.mjs'), command: [process.execPath, '-e', argparse] });
    expect(first.error).toMatch(/^exited with code 2: .*; the program takes --use_bn as a switch, without a value: give --pass switches \(true is a bare --use_bn, false leaves it out\)\n/);
    const click = "console.error(\"Error: Option '--use-bn' does not take a value.\"); process.exit(2)";
    const second = await runTrial({ ...launchOf('prints-loss.mjs'), command: [process.execPath, '-e', click] });
    expect(second.error).toMatch(/^exited with code 2: Error: Option '--use-bn' does not take a value\.; the program takes --use-bn as a switch/);
    // an on/off pair left out would stay on: the hint names the mode that writes --no-use-bn
    const pair = "console.error(\"train.py: error: argument --use-bn/--no-use-bn: ignored explicit argument 'false'\"); process.exit(2)";
    const third = await runTrial({ ...launchOf('prints-loss.mjs'), command: [process.execPath, '-e', pair] });
    expect(third.error).toMatch(/; the program takes --use-bn as an on\/off pair of switches \(--use-bn\/--no-use-bn\): give --pass switch-pairs/);
  });

  it('names a flag of the command given after -- that the program does not know as misplaced, not as a label', async () => {
    const script = "console.error('train.py: error: unrecognized arguments: --trials 3'); process.exit(2)";
    const outcome = await runTrial({ ...launchOf('prints-loss.mjs'), command: [process.execPath, '-e', script, '--', '--trials', '3'] });
    expect(outcome.error).toMatch(/; the program does not know --trials, which is in the command given after --: hypertune's own options go before --\n/);
  });

  it('fails the trial, not the study, whose value makes an argument longer than the system takes (E2BIG)', async () => {
    const outcome = await runTrial({ ...launchOf('prints-loss.mjs'), params: { text: 'v'.repeat(200_000) } });
    expect(outcome).toMatchObject({ state: 'failed', exitCode: null, error: "cannot start it: text's value (200000 characters) is longer than an argument or environment variable may be (E2BIG; 128 kB on Linux): give the program the path of a file that holds it" });
  });

  it('names the JSON of all parameters as what is too long, not a short value, for a space of thousands of parameters (a user audit)', async () => {
    const params = Object.fromEntries(Array.from({ length: 6000 }, (_, i) => [`p${i}`, 0.123456789012345 + i]));
    const outcome = await runTrial({ ...launchOf('prints-loss.mjs'), pass: 'env', params });
    expect(outcome.state).toBe('failed');
    expect(outcome.error).toMatch(/^cannot start it: HYPERTUNE_PARAMS, the JSON of all 6000 parameters hypertune sets for every trial, is 1\d\d kB, more than one environment variable may be \(E2BIG; 128 kB on Linux\): tune fewer parameters at once$/);
  });

  it('lets go of the pipes a process that left the group (setsid) still holds a second after the program ends, not after the whole grace', async () => {
    const script = "const c = require('child_process').spawn('sleep', ['30'], { detached: true, stdio: 'inherit' }); c.unref(); console.log('escaped ' + c.pid); console.log('loss=0.5')";
    let escaped = 0;
    const onLine = (_stream: string, line: string): void => void (line.startsWith('escaped ') && (escaped = Number(line.slice(8))));
    const outcome = await runTrial({ ...launchOf('prints-loss.mjs'), command: [process.execPath, '-e', script], killGraceS: 30, onLine });
    if (escaped > 0) process.kill(escaped, 'SIGKILL');
    expect(outcome).toMatchObject({ state: 'complete', value: 0.5 });
    expect(outcome.durationS).toBeLessThan(10);
  });

  it('throws a RuntimeFailure naming a command that cannot be started', async () => {
    const missing = runTrial({ ...launchOf('prints-loss.mjs'), command: ['no-such-trainer-xyz', 'train.py'] });
    await expect(missing).rejects.toThrow(RuntimeFailure);
    await expect(missing).rejects.toThrow('cannot start the command "no-such-trainer-xyz": not found (check the name and PATH)');
    const notExecutable = runTrial({ ...launchOf('prints-loss.mjs'), command: [join(programs, 'prints-loss.mjs')] });
    await expect(notExecutable).rejects.toThrow(/prints-loss\.mjs": permission denied/);
    const noFolder = runTrial({ ...launchOf('prints-loss.mjs'), cwd: '/no/such/folder' });
    await expect(noFolder).rejects.toThrow(`not found (check the name, PATH and the folder /no/such/folder)`);
  });

  it('reads the metric from stderr, or from both streams in arrival order, when told', async () => {
    const stderr = await runTrial(launchOf('metric-on-stderr.mjs', [], { metric: 'test-logloss', metricStream: 'stderr', env: { HP_X: '0.3' } }));
    expect(stderr).toMatchObject({ state: 'complete', intermediate: [0.1, 0.05, 0.033333] });
    const both = await runTrial(launchOf('interleaved-streams.mjs', [], { metricStream: 'both' }));
    expect(both).toMatchObject({ state: 'complete', value: 0.3, intermediate: [0.9, 0.7, 0.5, 0.3] });
    const onlyStdout = await runTrial(launchOf('interleaved-streams.mjs', []));
    expect(onlyStdout.intermediate).toEqual([0.9, 0.5]);
  });

  it('rejects with the error of a callback that throws, and stops the program', async () => {
    const run = runTrial(
      launchOf('hangs.mjs', [], {
        onValue: () => {
          throw new Error('journal is full');
        },
      }),
    );
    await expect(run).rejects.toThrow('journal is full');
  });
});

// these mostly wait on timers, so they wait side by side
describe.concurrent('runTrial: killing', () => {
  it('kills the whole process group on timeout, grandchild included', async () => {
    // as below: only a run where the grandchild said it was ready before the timeout shows anything
    for (const timeoutS of [1.5, 4, 10]) {
      let grandchild = 0;
      const outcome = await runTrial(
        launchOf('spawns-grandchild.mjs', [], {
          timeoutS,
          killGraceS: 0.2,
          onLine: (_stream, line) => {
            const match = /^grandchild (\d+)$/.exec(line);
            if (match) grandchild = Number(match[1]);
          },
        }),
      );
      if (grandchild === 0) continue;
      expect(outcome).toMatchObject({ state: 'failed', timedOut: true, signal: 'SIGTERM', value: null });
      expect(outcome.error).toBe(`timeout: still running after ${timeoutS} s, its process group was killed (SIGTERM, then SIGKILL after 0.2 s)`);
      expect(await goneSoon(grandchild)).toBe(true);
      return;
    }
    expect.fail('the grandchild never said it was ready before the timeout, even after 10 s');
  });

  it('records a program that printed its result and exited as its timeout came due as complete, not timed out (a user audit)', async () => {
    // the first line's handler holds the event loop past the timeout: the program meanwhile prints the
    // rest and exits, so the timer and the exit are both due when the loop goes on, the timer first
    for (const timeoutS of [1, 3, 8]) {
      let held = false;
      const outcome = await runTrial(
        launchOf('prints-loss.mjs', [], {
          timeoutS,
          killGraceS: 0.2,
          onLine: () => {
            if (held) return;
            held = true;
            const until = Date.now() + timeoutS * 1000 + 700;
            while (Date.now() < until) {
              // busy: the event loop must not run
            }
          },
        }),
      );
      if (outcome.exitCode !== 0) continue; // the program was slower than the hold: nothing shown
      expect(outcome).toMatchObject({ state: 'complete', value: 0.41, timedOut: false, error: null });
      return;
    }
    expect.fail('the program never finished within the hold, even with 8 s');
  });

  it("gives the whole group its grace when a wrapper dies on SIGTERM first: the trainer under it saves, after one SIGTERM (a user audit)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hypertune-wrapper-'));
    const checkpoint = join(dir, 'ckpt');
    const trainer = `'${process.execPath}' '${join(fixturePrograms, 'saves-on-sigterm.mjs')}'`;
    // the shell waits for its child and dies on SIGTERM, as `bash train.sh` without exec and many launchers do
    for (const timeoutS of [1, 3, 8]) {
      const outcome = await runTrial({
        ...fixtureLaunch('saves-on-sigterm.mjs'),
        command: ['sh', '-c', `${trainer}; true`],
        env: { CHECKPOINT: checkpoint, SAVE_MS: '1500' },
        timeoutS,
        killGraceS: 4,
      });
      if (!existsSync(`${checkpoint}.ready`)) continue; // the handler was not in place before the timeout: nothing shown
      expect(outcome).toMatchObject({ state: 'failed', timedOut: true });
      expect(readFileSync(checkpoint, 'utf8')).toBe('saved\n');
      expect(existsSync(`${checkpoint}.twice`)).toBe(false);
      return;
    }
    expect.fail('the trainer never put its handler in place before the timeout, even with 8 s');
  });

  it('follows an ignored SIGTERM with SIGKILL', async () => {
    // The timeout must strike after the program has installed its handler (it prints `ready` then);
    // on a loaded machine Node.js may take longer than a short timeout to get there, so a run where
    // the SIGTERM came first proves nothing and is repeated with a longer timeout.
    for (const timeoutS of [0.2, 0.5, 1.5, 4]) {
      const lines: string[] = [];
      const outcome = await runTrial(
        launchOf('ignores-sigterm.mjs', [], { timeoutS, killGraceS: 0.2, onLine: (_stream, line) => lines.push(line) }),
      );
      if (!lines.includes('ready')) continue;
      expect(lines).toEqual(['ready', 'ignoring SIGTERM']);
      expect(outcome).toMatchObject({ state: 'failed', timedOut: true, signal: 'SIGKILL', exitCode: null });
      return;
    }
    expect.fail('the program never said it was ready before its timeout, even after 4 s');
  });

  it('does not wait forever for leftovers that hold the pipes after the program exits', async () => {
    let grandchild = 0;
    const outcome = await runTrial(
      launchOf('spawns-grandchild.mjs', ['exit'], {
        killGraceS: 0.2,
        onLine: (_stream, line) => {
          grandchild = Number(/^grandchild (\d+)$/.exec(line)?.[1] ?? grandchild);
        },
      }),
    );
    expect(outcome).toMatchObject({ state: 'complete', value: 0.2, exitCode: 0, timedOut: false });
    expect(await goneSoon(grandchild)).toBe(true);
  });

  it('stops on abort as on a timeout (SIGTERM, SIGKILL after the grace) and records the trial as interrupted', async () => {
    const controller = new AbortController();
    const outcome = await runTrial(launchOf('hangs.mjs', [], { signal: controller.signal, onValue: () => controller.abort() }));
    expect(outcome).toMatchObject({ state: 'interrupted', value: null, intermediate: [1], signal: 'SIGTERM', timedOut: false, error: 'interrupted: stopped on request (SIGTERM)' });
    const stubborn = new AbortController();
    const started = Date.now();
    const forced = await runTrial({ ...launchOf('ignores-sigterm.mjs', [], { signal: stubborn.signal }), killGraceS: 0.3, onLine: (_stream, line) => (line === 'ready' ? stubborn.abort() : undefined) });
    expect(forced).toMatchObject({ state: 'interrupted', signal: 'SIGKILL', error: 'interrupted: stopped on request (SIGTERM, then SIGKILL after 0.3 s)' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });

  it('starts nothing when already aborted', async () => {
    const outcome = await runTrial({ ...launchOf('hangs.mjs'), command: ['no-such-trainer-xyz'], signal: AbortSignal.abort() });
    expect(outcome).toMatchObject({ state: 'interrupted', exitCode: null, intermediate: [] });
  });
});

describe.concurrent('runTrial: parameter passing through a real argv and environment', () => {
  const params = {
    text: 'two words',
    quote: `it's "quoted"`,
    shell: '$(touch /tmp/hypertune-pwned) `id`; rm -rf ~ | cat > x',
    unicode: 'naïve 日本語 🚀',
    lr: 1e-7,
    flag: true,
    none: null,
  };

  async function received(launch: TrialLaunch): Promise<{ argv: string[]; env: Record<string, string>; cwd: string }> {
    let echoed = '';
    const outcome = await runTrial({ ...launch, onLine: (_stream, line) => (echoed ||= line) });
    expect(outcome.state).toBe('complete');
    return JSON.parse(echoed) as { argv: string[]; env: Record<string, string>; cwd: string };
  }

  it('flags: one argument per --label=value, byte for byte', async () => {
    const got = await received(launchOf('echo-argv-env.mjs', ['--epochs', '3'], { params, pass: 'flags' }));
    expect(got.argv).toEqual([
      '--epochs',
      '3',
      '--text=two words',
      `--quote=it's "quoted"`,
      '--shell=$(touch /tmp/hypertune-pwned) `id`; rm -rf ~ | cat > x',
      '--unicode=naïve 日本語 🚀',
      '--lr=1e-7',
      '--flag=true',
    ]); // a null option's flag is left out (invocation.test.ts)
  });

  it('placeholders: values replace {label} in place, no flags appended', async () => {
    const got = await received(
      launchOf('echo-argv-env.mjs', ['--msg', '{shell}', '--name={unicode}/{trial_id}', '{quote}'], { params, pass: 'flags', trialId: 12 }),
    );
    expect(got.argv).toEqual(['--msg', params.shell, `--name=${params.unicode}/12`, params.quote]);
  });

  it('env: no flags, and the environment carries everything in every mode', async () => {
    const got = await received(
      launchOf('echo-argv-env.mjs', [], { params, pass: 'env', trialId: 4, study: 'nn', env: { CUDA_VISIBLE_DEVICES: '1', EXTRA_X: 'y' }, cwd: tmpdir() }),
    );
    expect(got.argv).toEqual([]);
    expect(JSON.parse(got.env['HYPERTUNE_PARAMS'] ?? '')).toEqual(params);
    expect(got.env).toMatchObject({
      HYPERTUNE_TRIAL_ID: '4',
      HYPERTUNE_STUDY: 'nn',
      HP_TEXT: 'two words',
      HP_QUOTE: params.quote,
      HP_SHELL: params.shell,
      HP_UNICODE: params.unicode,
      HP_LR: '1e-7',
      HP_FLAG: 'true',
      HP_NONE: 'null',
      CUDA_VISIBLE_DEVICES: '1',
      EXTRA_X: 'y',
    });
    expect(got.cwd).toBe(tmpdir());
  });
});

describe('runTrial: pruning', () => {
  it('stops the program like a timeout when the prune signal fires, recording it pruned with its last value and the reason', async () => {
    const stopper = new AbortController();
    const steps: number[] = [];
    const outcome = await runTrial(
      launchOf('epochs.mjs', ['--x=0.3'], {
        env: { EPOCH_MS: '20', EPOCHS: '200' },
        onValue: (_value, step) => {
          steps.push(step);
          if (step === 3) stopper.abort('pruned at step 3 (test)');
        },
        prune: stopper.signal,
      }),
    );
    expect(outcome).toMatchObject({ state: 'pruned', timedOut: false, exitCode: null, signal: 'SIGTERM' });
    expect(outcome.error).toBe('pruned at step 3 (test); its process group was stopped (SIGTERM)');
    expect(outcome.value).toBe(outcome.intermediate[outcome.intermediate.length - 1]);
    expect(steps.slice(0, 3)).toEqual([1, 2, 3]);
    expect(outcome.intermediate.length).toBeLessThan(10);
  });

  it('records a trial complete when the decision landed after it had reported the full run (a late signal is ours, not its failure)', async () => {
    // the program prints its 3 epochs, then saves a checkpoint for 5 s; the decision comes at step 3
    const late = (fullRunSteps: number) => {
      const stopper = new AbortController();
      return runTrial(
        launchOf('epochs.mjs', ['--x=0.3'], {
          env: { EPOCH_MS: '20', EPOCHS: '3', SAVE_MS: '5000' },
          onValue: (_value, step) => step === 3 && stopper.abort('pruned at step 1 (test)'),
          prune: stopper.signal,
          fullRunSteps: () => fullRunSteps,
        }),
      );
    };
    const [done, short] = await Promise.all([late(3), late(4)]);
    expect(done).toMatchObject({ state: 'complete', value: 1 / 3, error: null, signal: 'SIGTERM' });
    expect(done.intermediate).toEqual([1, 1 / 2, 1 / 3]);
    expect(done.durationS).toBeLessThan(4);
    // a full run of 4 steps: the trial had not finished, it is pruned
    expect(short).toMatchObject({ state: 'pruned', value: 1 / 3 });
  });

  it('keeps a trial pruned that ignores SIGTERM and finishes its run within the grace: it had not reached it when the signal landed (a user audit)', async () => {
    const stopper = new AbortController();
    const outcome = await runTrial(
      launchOf('epochs.mjs', ['--x=0.3'], {
        env: { EPOCH_MS: '100', EPOCHS: '8', PIDS_FILE: join(mkdtempSync(join(tmpdir(), 'ignores-')), 'pids'), IGNORE_SIGTERM: '1' },
        onValue: (_value, step) => step === 2 && stopper.abort('pruned at step 2 (test)'),
        prune: stopper.signal,
        fullRunSteps: () => 8,
      }),
    );
    expect(outcome).toMatchObject({ state: 'pruned', value: 1 / 2, intermediate: [1, 1 / 2] });
    expect(outcome.error).toMatch(/^pruned at step 2 \(test\); its process group was stopped/);
  });

  it("keeps a pruned trial pruned whose Lightning bar showed the epoch before's val_loss at the next epoch when it was stopped (a user audit)", async () => {
    // the decision at epoch 2's value; the program then draws epoch 3's bar (still showing epoch 2's
    // val_loss) and hangs: that state stood at the end, reached the full run's last step, and the
    // trial was recorded complete with the stale value
    const stopper = new AbortController();
    const steps: number[] = [];
    const outcome = await runTrial(
      launchOf('lightning-bar.mjs', ['--x=0.3'], {
        metric: 'val_loss',
        env: { HANG_AT: '3' },
        onValue: (_value, step) => {
          steps.push(step);
          if (step === 2) stopper.abort('pruned at step 2 (test)');
        },
        prune: stopper.signal,
        fullRunSteps: () => 3,
      }),
    );
    expect(outcome).toMatchObject({ state: 'pruned', intermediate: [0.8, 0.7, 0.6].map((v) => expect.closeTo(v, 9)) });
    expect(steps).toEqual([0, 1, 2]);
    // stopped by its timeout mid-epoch, the same
    const timedOut = await runTrial(launchOf('lightning-bar.mjs', ['--x=0.3'], { metric: 'val_loss', env: { HANG_AT: '2' }, timeoutS: 1, killGraceS: 0.2 }));
    expect(timedOut).toMatchObject({ state: 'failed', timedOut: true, intermediate: [0.8, 0.7].map((v) => expect.closeTo(v, 9)) });
  });

  it('keeps a pruned trial as it was at the decision, though a fast program printed on until the signal landed (found by a user audit)', async () => {
    // 50 epochs written at once; the decision comes at step 3
    const lines = Array.from({ length: 50 }, (_, i) => `epoch ${i + 1} loss=${1 / (i + 1)}`);
    const run = (fullRunSteps: number) => {
      const stopper = new AbortController();
      const steps: number[] = [];
      const outcome = runTrial(
        launchOf('prints-lines.mjs', lines, {
          onValue: (_value, step) => {
            steps.push(step);
            if (step === 3) stopper.abort('pruned at step 3 (test)');
          },
          prune: stopper.signal,
          fullRunSteps: () => fullRunSteps,
        }),
      );
      return outcome.then((o) => ({ outcome: o, steps }));
    };
    const [stopped, finished] = await Promise.all([run(100), run(50)]);
    expect(stopped.outcome).toMatchObject({ state: 'pruned', value: 1 / 3, intermediate: [1, 1 / 2, 1 / 3] });
    expect(stopped.steps).toEqual([1, 2, 3]);
    // the program had reported its full run before the signal: complete, with every value passed on
    expect(finished.outcome).toMatchObject({ state: 'complete', value: 1 / 50 });
    expect(finished.outcome.intermediate).toHaveLength(50);
    expect(finished.steps).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });
});

describe('runTrial: a decision the program had outrun (its judge ran behind it)', () => {
  const outrun = (text: string) => ({ text, outrun: true });

  it('leaves a program complete that had printed its whole run and ended when the decision came (a user audit: early stopping)', async () => {
    // 30 epochs in one write, as a block-buffered program flushes at its end; the decision about step 3 comes after
    const lines = Array.from({ length: 30 }, (_, i) => `epoch ${i + 1} loss=${1 / (i + 1)}`);
    const stopper = new AbortController();
    const outcome = await runTrial(
      launchOf('prints-lines.mjs', lines, {
        onValue: (_value, step) => step === 3 && setTimeout(() => stopper.abort(outrun('pruned at step 3 (test)')), 5),
        prune: stopper.signal,
        fullRunSteps: () => 100,
      }),
    );
    expect(outcome).toMatchObject({ state: 'complete', value: 1 / 30, error: null, exitCode: 0, signal: null });
    expect(outcome.intermediate).toHaveLength(30);
  });

  it('stops a program that prints on, at its next line', async () => {
    const stopper = new AbortController();
    // a decision about step 2 that comes once step 3 is in: the program is ahead of its judge
    const onValue = (_value: number, step: number): void => void (step === 3 && stopper.abort(outrun('pruned at step 2 (test)')));
    const outcome = await runTrial(launchOf('epochs.mjs', ['--x=0.3'], { env: { EPOCH_MS: '20', EPOCHS: '200' }, onValue, prune: stopper.signal }));
    expect(outcome).toMatchObject({ state: 'pruned', signal: 'SIGTERM', error: 'pruned at step 2 (test); its process group was stopped (SIGTERM)' });
    expect(outcome.intermediate.length).toBeLessThan(10);
  });

  it('stops a program gone quiet but still running, once the wait is over', async () => {
    // 3 epochs, then 5 s of saving; the decision at step 3 waits for a line or the end, and gets neither
    const stopper = new AbortController();
    const outcome = await runTrial(
      launchOf('epochs.mjs', ['--x=0.3'], {
        env: { EPOCH_MS: '20', EPOCHS: '3', SAVE_MS: '5000' },
        onValue: (_value, step) => step === 3 && stopper.abort(outrun('pruned at step 3 (test)')),
        prune: stopper.signal,
        fullRunSteps: () => 27,
      }),
    );
    expect(outcome).toMatchObject({ state: 'pruned', value: 1 / 3, signal: 'SIGTERM' });
    expect(outcome.durationS).toBeLessThan(3);
  });
});

describe('runTrial: a decision in a study whose runs stop themselves (their own early stopping)', () => {
  const untilValue = (text: string) => ({ text, outrun: false, untilValue: true });

  it('leaves complete a run that ends while the decision waits for its next value, past the 300 ms of an outrun one (a user audit: stopped while saving)', async () => {
    const stopper = new AbortController();
    const outcome = await runTrial(
      launchOf('epochs.mjs', ['--x=0.3'], {
        env: { EPOCH_MS: '20', EPOCHS: '3', SAVE_MS: '600' },
        onValue: (_value, step) => step === 3 && stopper.abort(untilValue('pruned at step 3 (test)')),
        prune: stopper.signal,
        fullRunSteps: () => 27,
      }),
    );
    expect(outcome).toMatchObject({ state: 'complete', value: 1 / 3, signal: null, exitCode: 0 });
  });

  it('stops a run that goes on at its next value, not at a line of another kind', async () => {
    const stopper = new AbortController();
    const script = "let n = 0; const t = setInterval(() => { n += 1; console.log('epoch ' + n + ' loss=' + 1 / n); console.log('saving a checkpoint'); }, 30)";
    const outcome = await runTrial({ ...launchOf('prints-loss.mjs'), command: [process.execPath, '-e', script], onValue: (_value, step) => void (step === 2 && stopper.abort(untilValue('pruned at step 2 (test)'))), prune: stopper.signal });
    expect(outcome).toMatchObject({ state: 'pruned', value: 1 / 2, signal: 'SIGTERM', error: 'pruned at step 2 (test); its process group was stopped (SIGTERM)' });
    // the value that ended the wait is held back: the trial stays pruned at step 2
    expect(outcome.intermediate).toEqual([1, 1 / 2]);
  });

  it('waits likewise when the program said its run is ending (Keras: "Epoch 3: early stopping"), before any such run completed', async () => {
    const stopper = new AbortController();
    const script = "for (let n = 1; n <= 3; n++) console.log('epoch ' + n + ' loss=' + 1 / n); console.log('Epoch 3: early stopping'); setTimeout(() => process.exit(0), 600)";
    const onValue = (_value: number, step: number): void => void (step === 3 && setTimeout(() => stopper.abort({ text: 'pruned at step 3 (test)', outrun: false }), 20));
    const outcome = await runTrial({ ...launchOf('prints-loss.mjs'), command: [process.execPath, '-e', script], onValue, prune: stopper.signal, fullRunSteps: () => 27 });
    expect(outcome).toMatchObject({ state: 'complete', value: 1 / 3, signal: null, exitCode: 0 });
  });
});

describe('runTrial: stopped for the study (its time budget ran out)', () => {
  it('stops the program as a pruned one is, and records it interrupted with the reason and what it reported', async () => {
    const stop = new AbortController();
    const outcome = await runTrial(
      launchOf('epochs.mjs', ['--x=0.3'], {
        env: { EPOCH_MS: '20', EPOCHS: '200' },
        onValue: (_value, step) => step === 2 && stop.abort('stopped at the budget (test)'),
        stop: stop.signal,
      }),
    );
    expect(outcome).toMatchObject({ state: 'interrupted', value: null, timedOut: false, signal: 'SIGTERM' });
    expect(outcome.error).toBe('stopped at the budget (test); its process group was stopped (SIGTERM)');
    expect(outcome.intermediate.slice(0, 2)).toEqual([1 + 0, 1 / 2]);
    expect(outcome.intermediate.length).toBeLessThan(10);
  });

  it('stops a program whose stop came before it started, and escalates to SIGKILL when one ignores SIGTERM', async () => {
    const early = new AbortController();
    early.abort('stopped at the budget (test)');
    const before = await runTrial(launchOf('epochs.mjs', ['--x=0.3'], { env: { EPOCH_MS: '20', EPOCHS: '200' }, stop: early.signal }));
    expect(before).toMatchObject({ state: 'interrupted', error: 'stopped at the budget (test); its process group was stopped (SIGTERM)' });
    expect(before.durationS).toBeLessThan(3);

    const stop = new AbortController();
    const pids = join(mkdtempSync(join(tmpdir(), 'hypertune-stop-')), 'pids.log');
    const env = { EPOCH_MS: '20', EPOCHS: '200', PIDS_FILE: pids, IGNORE_SIGTERM: '1' };
    const stubborn = await runTrial(launchOf('epochs.mjs', ['--x=0.3'], { env, killGraceS: 0.3, onValue: (_value, step) => step === 2 && stop.abort('stopped at the budget (test)'), stop: stop.signal }));
    expect(stubborn).toMatchObject({ state: 'interrupted', signal: 'SIGKILL' });
    expect(stubborn.error).toBe('stopped at the budget (test); its process group was stopped (SIGTERM, then SIGKILL after 0.3 s)');
    expect(stubborn.durationS).toBeLessThan(3);
  });
});

describe('runTrial: the metric read from a file the program writes', () => {
  const csvIn = (): string => join(mkdtempSync(join(tmpdir(), 'hypertune-run-metric-file-')), 'metrics.csv');

  it('reads each row as it is written, with its epoch column as the step, appended or rewritten whole', async () => {
    for (const env of [{}, { REWRITE: '1' }]) {
      const path = csvIn();
      const seen: [number, number][] = [];
      const outcome = await runTrial(
        launchOf('writes-metrics-csv.mjs', ['--x=0.3', `--log=${path}`], { metric: 'val_loss', metricFile: openMetricFile(path), env, onValue: (value, step) => seen.push([step, value]) }),
      );
      expect(outcome).toMatchObject({ state: 'complete', value: 0.125, error: null });
      expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((epoch) => [epoch, Number((1 / (epoch + 1)).toFixed(6))]));
    }
  });

  it("waits, as in the output, when the program said its run is ending before the file's last row was read (a re-audit: Lightning's CSV log)", async () => {
    const path = csvIn();
    const prune = new AbortController();
    // three rows, then the line on stdout, then a save: the rows reach the tuner after the line, at the file's next look
    const script = `const { appendFileSync } = require('node:fs'); appendFileSync(${JSON.stringify(path)}, 'epoch,val_loss\\n'); for (let n = 1; n <= 3; n++) appendFileSync(${JSON.stringify(path)}, n + ',' + 1 / n + '\\n'); console.log('Epoch 3: early stopping'); setTimeout(() => process.exit(0), 800)`;
    const onValue = (_value: number, step: number): void => void (step === 3 && setTimeout(() => prune.abort({ text: 'pruned at step 3 (test)', outrun: false }), 20));
    const outcome = await runTrial({ ...launchOf('prints-loss.mjs'), command: [process.execPath, '-e', script], metric: 'val_loss', metricFile: openMetricFile(path), prune: prune.signal, onValue, fullRunSteps: () => 27 });
    expect(outcome).toMatchObject({ state: 'complete', value: 1 / 3, exitCode: 0 });
  });

  it('reads values while the program runs, so that a prune signal can stop it part-way', async () => {
    const path = csvIn();
    const prune = new AbortController();
    const outcome = await runTrial(
      launchOf('writes-metrics-csv.mjs', ['--x=0.3', `--log=${path}`], {
        metric: 'val_loss',
        metricFile: openMetricFile(path),
        env: { EPOCHS: '200', EPOCH_MS: '20' },
        prune: prune.signal,
        onValue: (_value, step) => step === 2 && prune.abort('pruned at step 2'),
      }),
    );
    expect(outcome.state).toBe('pruned');
    expect(outcome.intermediate.length).toBeGreaterThanOrEqual(3);
    expect(outcome.intermediate.length).toBeLessThan(20);
  });

  it('fails the trial, not the study, when the file cannot be read, and stops its program', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'hypertune-run-metric-dir-'));
    const outcome = await runTrial(launchOf('writes-metrics-csv.mjs', ['--log=/dev/null'], { metric: 'val_loss', metricFile: openMetricFile(folder), env: { EPOCHS: '500' } }));
    expect(outcome.state).toBe('failed');
    expect(outcome.error).toMatch(new RegExp(`^cannot read the metric file ${folder}: EISDIR`));
    expect(outcome.durationS).toBeLessThan(5);
  });

  it('fails a trial whose file was never written, or held no such line, and says which', async () => {
    const path = csvIn();
    const missing = await runTrial(launchOf('prints-loss.mjs', [], { metricFile: openMetricFile(path) }));
    expect(missing.state).toBe('failed');
    expect(missing.error).toContain(`the metric file ${path} was not written`);
    expect(missing.error).toContain('stdout held 3 matching line(s): leave out metric_file to read it there');
    const other = await runTrial(launchOf('writes-metrics-csv.mjs', [`--log=${path}`], { metric: 'accuracy', metricFile: openMetricFile(path) }));
    expect(other.error).toMatch(new RegExp(`^no line matched [^\\n]*"accuracy"[^\\n]*; the metric file ${path} held no such line`));
  });
});
