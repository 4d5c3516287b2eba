import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { QUADRATIC_SPACE, SH, hypertune, program, tempDir, writeFile } from './helpers/hypertune.js';
import { fillUp, smallMount } from './helpers/mounts.js';

const mount = smallMount('1m');

describe(`a report written to a full disk${mount.reason === null ? '' : ` (skipped: cannot mount a tmpfs here: ${mount.reason})`}`, () => {
  it.skipIf(mount.path === null)('leaves the report it would replace whole, says so in one line, and leaves no temporary file (a fault audit: the old page was cut short)', async () => {
    const dir = tempDir();
    const folder = mount.path ?? dir;
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    const command = ['--', SH, program('loop-quadratic.sh')];
    expect((await hypertune(['run', 'space.yaml', '--trials', '2', ...command], { cwd: dir })).exitCode).toBe(0);
    const out = join(folder, 'report.html');
    const first = await hypertune(['report', '--out', out], { cwd: dir });
    expect(first.exitCode, first.stderr).toBe(0);
    const before = readFileSync(out, 'utf8');
    fillUp(join(folder, 'pad'));
    // more trials: a bigger page, which cannot fit
    expect((await hypertune(['resume', '--trials', '10'], { cwd: dir })).exitCode).toBe(0);
    const second = await hypertune(['report', '--out', out], { cwd: dir });
    expect(second.exitCode).toBe(1);
    expect(second.stderr).toMatch(/^hypertune: cannot write the report to \S+report\.html: ENOSPC[^\n]*$/);
    expect(readFileSync(out, 'utf8')).toBe(before);
    expect(readdirSync(folder).sort()).toEqual(['pad', 'report.html']);
    rmSync(join(folder, 'pad'));
    const third = await hypertune(['report', '--out', out], { cwd: dir });
    expect(third.exitCode, third.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('</html>');
  });
});

describe('a report written where no folder is', () => {
  it('names the missing folder, not the temporary file beside the page (a user audit)', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    expect((await hypertune(['run', 'space.yaml', '--trials', '1', '--', SH, program('loop-quadratic.sh')], { cwd: dir })).exitCode).toBe(0);
    const report = await hypertune(['report', '--out', join(dir, 'no-such-folder', 'x.html')], { cwd: dir });
    expect(report.exitCode).toBe(1);
    expect(report.stderr.trim()).toBe(`hypertune: cannot write the report to ${join(dir, 'no-such-folder', 'x.html')}: the folder ${join(dir, 'no-such-folder')} does not exist`);
  });
});
