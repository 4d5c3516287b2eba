import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { NODE, QUADRATIC_SPACE, hypertune, program, readLines, summaryJson, tempDir, writeFile } from './helpers/hypertune.js';

// The signals a Slurm job's end sends, without Slurm: found on Slurm 22.05, where at a job's time
// limit the worker of `srun hypertune run` got SIGTERM twice, 9 ms apart (slurmstepd signals every
// process of the step, and srun forwards the SIGTERM it got to its task).

/** A tuner on a trial that saves a checkpoint SAVE_MS after its SIGTERM, once the trial's handler is in place. */
async function tunerOnCheckpointingTrial(saveMs: number): Promise<{ dir: string; checkpoint: string; tuner: ReturnType<typeof hypertune> }> {
  const dir = tempDir();
  writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
  const checkpoint = join(dir, 'checkpoint');
  const env = { CHECKPOINT: checkpoint, SAVE_MS: String(saveMs) };
  const tuner = hypertune(['run', 'space.yaml', '--trials', '2', '--', NODE, program('saves-on-sigterm.mjs')], { cwd: dir, env });
  for (let i = 0; i < 400 && readLines(`${checkpoint}.ready`).length === 0; i++) await sleep(25);
  return { dir, checkpoint, tuner };
}

/** Resolves once the tuner has printed `text`: it has handled the signal that says it. */
async function printed(tuner: ReturnType<typeof hypertune>, text: string): Promise<void> {
  let seen = '';
  await new Promise<void>((resolve) => {
    tuner.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes(text)) resolve();
    });
  });
}

describe.concurrent('a worker stopped as Slurm stops a job step', () => {
  it('takes a SIGTERM repeated at once (srun forwarding the one Slurm sent) as one stop: it records the trial, whose checkpoint is saved', async () => {
    const { dir, checkpoint, tuner } = await tunerOnCheckpointingTrial(1000);
    const stopping = printed(tuner, 'SIGTERM: stopping the running trials');
    tuner.kill('SIGTERM');
    // the second once the first was handled, as srun's came 9 ms after Slurm's (two sent at once merge into one)
    await stopping;
    tuner.kill('SIGTERM');
    const result = await tuner;
    expect(result.exitCode).toBe(130);
    expect(result.stdout).not.toContain('leaving now');
    expect(readFileSync(checkpoint, 'utf8')).toBe('saved\n');
    // before, the second SIGTERM left at once: the trial stayed running until another worker took it over
    const trial = (await summaryJson(dir)).trials[0];
    expect(trial).toMatchObject({ state: 'interrupted', error: 'interrupted: stopped on request (SIGTERM)' });
  });

  it('still leaves at once at a SIGTERM sent again later, without waiting to record the trial', async () => {
    const { checkpoint, tuner } = await tunerOnCheckpointingTrial(20_000);
    const stopping = printed(tuner, 'SIGTERM: stopping the running trials');
    tuner.kill('SIGTERM');
    await stopping;
    // past the 2 s in which a second one is the same stop said twice
    await sleep(2500);
    tuner.kill('SIGTERM');
    const result = await tuner;
    expect(result.exitCode).toBe(130);
    expect(result.stdout).toContain('leaving now: what was not recorded yet runs again on resume');
    expect(existsSync(checkpoint)).toBe(false);
  });
});
