import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { QUADRATIC_SPACE, SH, hypertune, program, summaryJson, tempDir, writeFile } from './helpers/hypertune.js';
import { fillUp, smallMount } from './helpers/mounts.js';
import { POSTGRES, SKIP_REASON, dropStudies, studyNamer } from './helpers/workers.js';

const mount = smallMount('1m');
const names = studyNamer();
afterAll(() => dropStudies(names.prefix));

/** Prints 2 MB of lines, then its loss: its kept output (--keep-output all) cannot fit on the mount. */
const CHATTY = `i=0
while [ $i -lt 20000 ]; do echo "epoch $i ........................................................................................"; i=$((i + 1)); done
echo "loss=1"
`;

/**
 * Fills the disk, prints a value and 100 KB (a batch at once), waits until the tuner has tried to keep
 * them (its stdout.log made, nothing in it), frees the disk and prints the next value.
 */
const FULL_FOR_A_MOMENT = `head -c 4000000 /dev/zero > "$PAD" 2>/dev/null
echo "epoch 1 loss=0.5"
i=0
while [ $i -lt 1000 ]; do echo "noise $i ................................................................................."; i=$((i + 1)); done
n=0
while [ ! -e "$HYPERTUNE_TRIAL_DIR/stdout.log" ] && [ $n -lt 200 ]; do sleep 0.1; n=$((n + 1)); done
rm -f "$PAD"
echo "epoch 2 loss=0.25"
`;

describe(`a study on a disk that fills up${mount.reason === null ? '' : ` (skipped: cannot mount a tmpfs here: ${mount.reason})`}`, () => {
  it.skipIf(mount.path === null)("names the file the disk refused, the trial's kept output or the journal, in its one line (a fault audit: 'could not write: the disk is full')", async () => {
    const dir = tempDir();
    const store = join(mount.path ?? dir, 'store');
    writeFile(dir, 'quad.yaml', QUADRATIC_SPACE);
    writeFile(dir, 'chatty.sh', CHATTY);
    const chatty = await hypertune(['run', 'quad.yaml', '--dir', store, '--study', 'chatty', '--keep-output', 'all', '--trials', '2', '--', SH, join(dir, 'chatty.sh')], { cwd: dir });
    expect(chatty.exitCode).toBe(1);
    expect(chatty.stderr).toMatch(/^hypertune: could not write \S+\/chatty\/trials\/0\/stdout\.log: the disk is full \(ENOSPC\); the finished trials are saved[^\n]*$/m);
    // what goes on names the study and its folder: typed where the run started, a bare resume looked in ./.hypertune (a user audit)
    expect(chatty.stderr).toContain(`fix it, then \`hypertune resume --study chatty --dir ${store}\` goes on`);
    rmSync(join(store, 'chatty'), { recursive: true });

    const where = ['--dir', store, '--study', 'quad'];
    expect((await hypertune(['run', 'quad.yaml', ...where, '--trials', '2', '--', SH, program('loop-quadratic.sh')], { cwd: dir })).exitCode).toBe(0);
    fillUp(join(mount.path ?? dir, 'pad'));
    const full = await hypertune(['resume', ...where, '--trials', '4'], { cwd: dir });
    expect(full.exitCode).toBe(1);
    expect(full.stderr).toMatch(/^hypertune: could not \w+ \S+\/quad\/(run\.lock|journal\.lock|journal\.jsonl|trials\/2): the disk is full \(ENOSPC\)[^\n]*$/m);
    rmSync(join(mount.path ?? dir, 'pad'));
    const resumed = await hypertune(['resume', ...where, '--trials', '4'], { cwd: dir });
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    const summary = await summaryJson(dir, where);
    expect(summary.counts.complete).toBe(4);
    expect(new Set(summary.trials.map((t) => t.id)).size).toBe(summary.trials.length);
  });

  it.skipIf(mount.path === null)('keeps the values of a trial whose writes the disk refused for a moment, and marks where its output is missing (a fault audit: they were dropped without a word)', async () => {
    const dir = tempDir();
    writeFile(dir, 'quad.yaml', QUADRATIC_SPACE);
    writeFile(dir, 'full.sh', FULL_FOR_A_MOMENT);
    const where = ['--dir', join(mount.path ?? dir, 'moment'), '--study', 'moment'];
    const run = await hypertune(['run', 'quad.yaml', ...where, '--keep-output', 'all', '--trials', '1', '--', SH, join(dir, 'full.sh')], {
      cwd: dir,
      env: { PAD: join(mount.path ?? dir, 'pad') },
    });
    expect(run.exitCode, run.stderr).toBe(0);
    const [trial] = (await summaryJson(dir, where)).trials;
    expect(trial?.state).toBe('complete');
    expect(trial?.intermediate).toEqual([0.5, 0.25]);
    const kept = readFileSync(join(mount.path ?? dir, 'moment', 'moment', 'trials', '0', 'stdout.log'), 'utf8');
    // what the full disk refused is counted in the marker, what came after it is kept: 1001 lines before epoch 2
    const [marker = '', ...after] = kept.trimEnd().split('\n');
    const missing = Number(/^\[hypertune: (\d+) lines of output could not be written here \(ENOSPC\)\]$/.exec(marker)?.[1]);
    expect(missing + after.length - 1).toBe(1001);
    expect(after.at(-1)).toBe('epoch 2 loss=0.25');
  });

  it.skipIf(mount.path === null || POSTGRES === undefined)(`says a PostgreSQL worker's trial is recorded when only the copy of its output into the full folder failed, not that it could not be (a fault audit)${POSTGRES === undefined ? ` (${SKIP_REASON})` : ''}`, async () => {
    const dir = tempDir();
    writeFile(dir, 'quad.yaml', QUADRATIC_SPACE);
    const where = ['--storage', POSTGRES ?? '', '--study', names.next()];
    const folder = join(mount.path ?? dir, 'pg');
    fillUp(join(mount.path ?? dir, 'pad'));
    try {
      const run = await hypertune(['run', 'quad.yaml', ...where, '--dir', folder, '--trials', '2', '--', SH, program('loop-quadratic.sh')], { cwd: dir });
      expect(run.exitCode).toBe(1);
      expect(run.stderr).toMatch(/^hypertune: could not write \S+\/trials\/0\/stdout\.log: the disk is full \(ENOSPC\)/);
      expect(run.stdout).toMatch(/^trial 0 ended complete \(loss=[\d.e-]+\) and is recorded, but its output could not all be kept in \S+\/trials\/0$/m);
      expect(run.stdout).not.toContain('could not be recorded');
      const summary = await summaryJson(dir, where);
      expect(summary.trials.map((t) => t.state)).toEqual(['complete']);
    } finally {
      rmSync(join(mount.path ?? dir, 'pad'));
    }
  });
});
