import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hypertune, QUADRATIC_SPACE, SH, tempDir, writeFile } from './helpers/hypertune.js';

describe('a study stored by a newer hypertune', () => {
  it('is refused by resume with one line when its sampler or way of passing is unknown here, and still read by summary', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    writeFile(dir, 'train.sh', 'echo loss=0.5\n');
    expect((await hypertune(['run', 'space.yaml', '--trials', '1', '--algo', 'tpe', '--', SH, 'train.sh'], { cwd: dir })).exitCode).toBe(0);
    const journal = join(dir, '.hypertune', 'space', 'journal.jsonl');
    // a sampler of a later version (it went on as tpe, without a word)
    writeFileSync(journal, readFileSync(journal, 'utf8').replace('"algo":"tpe"', '"algo":"cmaes"'));
    const resumed = await hypertune(['resume', '--trials', '2'], { cwd: dir });
    expect([resumed.exitCode, resumed.stderr.trim()]).toEqual([2, 'hypertune: study space stores algo "cmaes", which this hypertune does not know (the study was made by a newer one?): upgrade hypertune to go on with it']);
    const summary = await hypertune(['summary'], { cwd: dir });
    expect(summary.exitCode, summary.stderr).toBe(0);
    expect(summary.stdout).toContain('1 of 1 trials finished');
  });
});
