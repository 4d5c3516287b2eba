import { join } from 'node:path';
import { missingGpusNote } from '../../src/cli/gpu-flags.js';
import { describe, expect, it } from 'vitest';
import { NODE, QUADRATIC_SPACE, hypertune, program, readLines, summaryJson, tempDir, writeFile, SH } from './helpers/hypertune.js';

const quadratic = program('loop-quadratic.sh');

interface Span {
  trial: number;
  start: number;
  end: number;
  gpu: string;
}

function spans(logPath: string): Span[] {
  const byTrial = new Map<number, Partial<Span>>();
  for (const line of readLines(logPath)) {
    const [what, trial, at, gpu] = line.split(' ');
    const span = byTrial.get(Number(trial)) ?? { trial: Number(trial), gpu: gpu ?? '-' };
    if (what === 'start') span.start = Number(at);
    else span.end = Number(at);
    byTrial.set(Number(trial), span);
  }
  return [...byTrial.values()] as Span[];
}

function overlapping(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

// Its blocks and tests run at once (concurrent): each has its own folder and mostly waits on its
// programs; one after the other they took 7 s of the suite.
describe.concurrent('parallel trials', () => {
  it('--parallel 2 keeps both slots busy with unique trial ids', async () => {
    const dir = tempDir();
    const log = join(dir, 'trials.log');
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    // trials of 1.5 s: the second of a pair must start before the first ends; at 300 ms, under a load of 8
    // one started after the other had ended (beside tests whose longest takes 4-5 s, this costs no time)
    const result = await hypertune(['run', 'space.yaml', '--trials', '4', '--parallel', '2', '--', SH, quadratic], {
      cwd: dir,
      env: { LOOP_SLEEP_MS: '1500', LOOP_LOG: log },
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('2 at a time');
    const summary = await summaryJson(dir);
    expect(summary.trials.map((t) => t.id)).toEqual([0, 1, 2, 3]);
    expect(summary.counts.complete).toBe(4);
    const all = spans(log);
    expect(all).toHaveLength(4);
    expect(overlapping(all[0] as Span, all[1] as Span)).toBe(true);
    expect(overlapping(all[2] as Span, all[3] as Span)).toBe(true);
  });

  /** Four trials two at a time on `gpus`: each saw one of `slots` in CUDA_VISIBLE_DEVICES, never one a trial running beside it had. */
  async function runOnGpus(gpus: string[], banner: string, slots: string[], env: Record<string, string> = {}): Promise<string> {
    const dir = tempDir();
    const log = join(dir, 'trials.log');
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    const result = await hypertune(['run', 'space.yaml', '--trials', '4', ...gpus, '--', SH, quadratic], { cwd: dir, env: { LOOP_SLEEP_MS: '250', LOOP_LOG: log, ...env } });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain(banner);
    const all = spans(log);
    expect(all).toHaveLength(4);
    for (const span of all) expect(slots).toContain(span.gpu);
    for (const a of all) for (const b of all) if (a !== b && overlapping(a, b)) expect(a.gpu).not.toBe(b.gpu);
    return dir;
  }

  it('--gpus gives each running trial its own free GPU id; a worker that joins without it runs one trial at a time on no GPU of the first', async () => {
    const dir = await runOnGpus(['--gpus', '3,5'], '2 at a time on GPUs 3,5', ['3', '5']);
    // the GPUs and slots of a study's first worker are that machine's: another `run` of the study takes its own
    const log = join(dir, 'joined.log');
    const joined = await hypertune(['run', 'space.yaml', '--trials', '6', '--', SH, quadratic], { cwd: dir, env: { LOOP_LOG: log } });
    expect(joined.exitCode, joined.stderr).toBe(0);
    expect(joined.stdout).not.toMatch(/at a time|on GPUs/);
    expect(spans(log).map((span) => span.gpu)).toEqual(['-', '-']);
    // resume goes on as the study ran, on its GPUs, unless told otherwise
    const resumed = await hypertune(['resume', '--trials', '8'], { cwd: dir });
    expect(resumed.stdout).toContain('2 at a time on GPUs 3,5');
    const tooMany = await hypertune(['run', 'space.yaml', '--parallel', '3', '--gpus', '0,1', '--', SH, quadratic], { cwd: dir });
    expect(tooMany.exitCode).toBe(2);
    expect(tooMany.stderr).toContain('--parallel 3 needs at least 3 GPU ids');
    // a word that is no GPU id: refused, where every trial ran on the CPU without a word (a user audit)
    const junk = await hypertune(['run', 'space.yaml', '--gpus', 'junk', '--', SH, quadratic], { cwd: dir });
    expect([junk.exitCode, junk.stderr.trim().split('\n').length]).toEqual([2, 1]);
    expect(junk.stderr).toContain('expected GPU ids separated by commas: indexes like 0,1,2, UUIDs (GPU-...) or MIG ids (MIG-...), or visible, got "junk"');
    const uuids = await hypertune(['run', 'space.yaml', '--study', 'uuids', '--trials', '1', '--gpus', 'GPU-8f2c1e4a-6b1d-4c2e-9a7f-1b2c3d4e5f60,MIG-GPU-8f2c1e4a/1/0', '--', SH, quadratic], { cwd: dir });
    expect(uuids.exitCode, uuids.stderr).toBe(0);
  });

  it('--gpus visible hands out the GPUs the scheduler gave this process (its own CUDA_VISIBLE_DEVICES, as Slurm sets it)', async () => {
    const dir = await runOnGpus(['--gpus', 'visible'], '2 at a time on GPUs 3,5', ['3', '5'], { CUDA_VISIBLE_DEVICES: '3,5' });
    // a resume in another job takes that job's GPUs, not the first one's
    const log = join(dir, 'resumed.log');
    const resumed = await hypertune(['resume', '--trials', '6'], { cwd: dir, env: { LOOP_SLEEP_MS: '250', LOOP_LOG: log, CUDA_VISIBLE_DEVICES: '6,7' } });
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain('2 at a time on GPUs 6,7');
    expect(new Set(spans(log).map((span) => span.gpu))).toEqual(new Set(['6', '7']));
    const elsewhere = await hypertune(['resume', '--trials', '7'], { cwd: dir, env: { LOOP_SLEEP_MS: '0' } });
    expect(elsewhere.exitCode).toBe(2);
    expect(elsewhere.stderr).toContain('--gpus visible takes the ids in CUDA_VISIBLE_DEVICES, which is not set here');
    await runOnGpus(['--gpus', 'visible', '--gpus-per-trial', '2'], '2 at a time on GPUs 4+6,7+9', ['4,6', '7,9'], { CUDA_VISIBLE_DEVICES: '4,6,7,9' });
    const unset = await hypertune(['run', 'space.yaml', '--gpus', 'visible', '--', SH, quadratic], { cwd: dir });
    expect(unset.exitCode).toBe(2);
    expect(unset.stderr.trim()).toBe(
      'hypertune: --gpus visible takes the ids in CUDA_VISIBLE_DEVICES, which is not set here (Slurm sets it for a job given --gres=gpu:N; in a container, NVIDIA_VISIBLE_DEVICES); give the ids instead, e.g. --gpus 0,1',
    );
    const none = await hypertune(['run', 'space.yaml', '--gpus', 'visible', '--', SH, quadratic], { cwd: dir, env: { CUDA_VISIBLE_DEVICES: 'NoDevFiles' } });
    expect(none.exitCode).toBe(2);
    expect(none.stderr.trim()).toBe('hypertune: --gpus visible: this process sees no GPU to hand out (CUDA_VISIBLE_DEVICES=NoDevFiles)');
    const empty = await hypertune(['run', 'space.yaml', '--gpus', 'visible', '--', SH, quadratic], { cwd: dir, env: { CUDA_VISIBLE_DEVICES: '' } });
    expect(empty.stderr.trim()).toBe('hypertune: --gpus visible: this process sees no GPU to hand out (CUDA_VISIBLE_DEVICES is empty: no GPU)');
  });

  it("--gpus visible in a container the NVIDIA runtime made (Kubernetes' device plugin): the GPUs NVIDIA_VISIBLE_DEVICES names, as CUDA numbers them there, 0..n-1", async () => {
    // the device plugin names the pod's GPUs by UUID and leaves CUDA_VISIBLE_DEVICES unset (a user audit: refused)
    await runOnGpus(['--gpus', 'visible'], '2 at a time on GPUs 0,1', ['0', '1'], { NVIDIA_VISIBLE_DEVICES: 'GPU-8f2c1e4a-6b1d-4c2e-9a7f-1b2c3d4e5f60,GPU-1b2c3d4e-5f60-4c2e-9a7f-8f2c1e4a6b1d' });
    // CUDA_VISIBLE_DEVICES, when set, is what CUDA reads: it wins
    await runOnGpus(['--gpus', 'visible'], '2 at a time on GPUs 3,5', ['3', '5'], { CUDA_VISIBLE_DEVICES: '3,5', NVIDIA_VISIBLE_DEVICES: 'all' });
  });

  it('notes --gpus ids outside the CUDA_VISIBLE_DEVICES a scheduler gave this process', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    const result = await hypertune(['run', 'space.yaml', '--trials', '1', '--gpus', '0,1', '--', SH, quadratic], { cwd: dir, env: { CUDA_VISIBLE_DEVICES: '2,3' } });
    expect(result.exitCode).toBe(0);
    // and, on a machine that shows no GPU (this one's /dev read as the run reads it), that it shows none
    const noGpu = missingGpusNote({ gpus: ['0', '1'] });
    expect(result.stderr).toBe(
      [
        "hypertune: note: this process was given the GPUs 2,3 (CUDA_VISIBLE_DEVICES), and --gpus hands out 0,1 besides: ids are the machine's, so those are not this job's; --gpus visible takes its own",
        ...(noGpu === null ? [] : [`hypertune: ${noGpu}`]),
      ].join('\n'),
    );
  });

  it('--gpus-per-trial gives each running trial a group of GPUs of its own, for trials that train on several', async () => {
    const dir = await runOnGpus(['--gpus', '0,1,2,3', '--gpus-per-trial', '2'], '2 at a time on GPUs 0+1,2+3', ['0,1', '2,3']);
    const uneven = await hypertune(['run', 'space.yaml', '--gpus', '0,1,2', '--gpus-per-trial', '2', '--', SH, quadratic], { cwd: dir });
    expect(uneven.exitCode).toBe(2);
    expect(uneven.stderr.trim()).toBe('hypertune: --gpus-per-trial 2 needs a multiple of 2 GPU ids in --gpus (got 3: 0,1,2)');
    const alone = await hypertune(['run', 'space.yaml', '--gpus-per-trial', '2', '--', SH, quadratic], { cwd: dir });
    expect(alone.exitCode).toBe(2);
    expect(alone.stderr).toContain('--gpus-per-trial groups the ids of --gpus: give both');
  });
});

describe.concurrent('passing parameters and reading metrics end to end', () => {
  const awkward = ['with space', `it's "quoted"`, '$(touch pwned)', 'ünï ✓'];
  const space = `params:\n  tag:\n    choice: ${JSON.stringify(awkward)}\n  lr: loguniform(1e-5, 1e-3)\n`;

  async function echoes(pass: string[], command: string[]): Promise<Array<{ argv: string[]; env: Record<string, string> }>> {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', space);
    const result = await hypertune(['run', 'space.yaml', '--trials', '4', '--algo', 'random', '--seed', '2', '--verbose', ...pass, '--', ...command], { cwd: dir });
    expect(result.exitCode).toBe(0);
    return [...result.stdout.matchAll(/^\[trial \d+\] (\{.*\})$/gm)].map((match) => JSON.parse(match[1] ?? '{}') as { argv: string[]; env: Record<string, string> });
  }

  it('passes awkward values as flags, as environment only, and into {label} templates, never through a shell', async () => {
    const echo = program('echo-argv-env.mjs');
    const flags = await echoes([], [NODE, echo, 'fixed']);
    expect(flags).toHaveLength(4);
    for (const seen of flags) {
      const tag = JSON.parse(seen.env['HYPERTUNE_PARAMS'] ?? '{}').tag as string;
      expect(awkward).toContain(tag);
      expect(seen.argv).toEqual(['fixed', `--tag=${tag}`, `--lr=${seen.env['HP_LR']}`]);
      expect(seen.env['HP_TAG']).toBe(tag);
    }
    const env = await echoes(['--pass', 'env'], [NODE, echo]);
    for (const seen of env) expect(seen.argv).toEqual([]);
    const template = await echoes([], [NODE, echo, '--name={tag}', 'lr:{lr}']);
    for (const seen of template) expect(seen.argv).toEqual([`--name=${seen.env['HP_TAG']}`, `lr:${seen.env['HP_LR']}`]);
  });

  it('reads a custom pattern with objective min, and JSON lines, from a real run', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', 'metric: loss\npattern: "epoch \\\\d+ loss=([\\\\d.]+)"\nobjective: min\nparams:\n  x: uniform(0, 1)\n');
    const result = await hypertune(['run', 'space.yaml', '--trials', '1', '--', NODE, program('slow-loss-lines.mjs')], { cwd: dir });
    expect(result.exitCode).toBe(0);
    const trial = (await summaryJson(dir)).trials[0];
    expect(trial?.intermediate).toEqual([0.9, 0.7, 0.5, 0.45, 0.6]);
    expect(trial?.value).toBe(0.45);

    const jsonDir = tempDir();
    writeFile(jsonDir, 'space.yaml', QUADRATIC_SPACE);
    const json = await hypertune(['run', 'space.yaml', '--trials', '1', '--', NODE, program('prints-json.mjs')], { cwd: jsonDir });
    expect(json.exitCode).toBe(0);
    expect((await summaryJson(jsonDir)).trials[0]?.value).toBe(0.55);
  });
});
