// explain on a trial no model proposed: a configuration given by hand (enqueue) or a result added
// (add). It showed the TPE's pick as if the trial had been proposed so (a user audit).
import { describe, expect, it } from 'vitest';
import { QUADRATIC_SPACE, SH, hypertune, program, tempDir, writeFile } from './helpers/hypertune.js';

describe('explain on a trial given by hand or added', () => {
  it('says the trial was given, not proposed, in text and JSON, and shows no model for it', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    const command = ['--', SH, program('loop-quadratic.sh')];
    expect((await hypertune(['run', 'space.yaml', '--trials', '10', '--seed', '1', '--algo', 'tpe', ...command], { cwd: dir })).exitCode).toBe(0);
    expect((await hypertune(['enqueue', 'x=0.25'], { cwd: dir })).exitCode).toBe(0);
    expect((await hypertune(['resume', '--trials', '11'], { cwd: dir })).exitCode).toBe(0);
    writeFile(dir, 'more.csv', 'x,loss\n0.5,0.04\n');
    expect((await hypertune(['add', '--from', 'more.csv'], { cwd: dir })).exitCode).toBe(0);
    const enqueued = await hypertune(['explain', 'x', '--at', '10'], { cwd: dir });
    expect(enqueued.stdout).toMatch(/^x at trial 10, after 10 finished trials; proposed by hypertune enqueue \(a configuration given by hand\)$/m);
    expect(enqueued.stdout).toContain('trial 10 ran a configuration given by hand (hypertune enqueue or the space\'s start:), not one the optimizer proposed');
    expect(enqueued.stdout).not.toContain('candidates drawn from l(x)');
    const json = JSON.parse((await hypertune(['explain', 'x', '--at', '10', '--json'], { cwd: dir })).stdout) as { sampler: string; model: unknown; candidates: unknown[] };
    expect(json).toMatchObject({ sampler: 'enqueued', model: null, candidates: [] });
    const added = await hypertune(['explain', 'x', '--at', '11'], { cwd: dir });
    expect(added.stdout).toContain('trial 11 is a result added with hypertune add: recorded, not proposed by the optimizer');
    // a trial the TPE did propose still shows its model
    expect((await hypertune(['explain', 'x', '--at', '9'], { cwd: dir })).stdout).toContain('candidates drawn from l(x)');
  });
});
