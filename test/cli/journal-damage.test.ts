import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { QUADRATIC_SPACE, hypertune, program, tempDir, writeFile, SH } from './helpers/hypertune.js';

// Each test its own folder or study, none racing a clock: they run side by side (describe.concurrent).
describe.concurrent('a journal with a line that is not a record', () => {
  it('is read around it, and summary and resume each say so once, with its line number', async () => {
    const dir = tempDir();
    writeFile(dir, 'quad.yaml', QUADRATIC_SPACE);
    const ran = await hypertune(['run', 'quad.yaml', '--trials', '2', '--seed', '1', '--', SH, program('loop-quadratic.sh')], { cwd: dir });
    expect(ran.exitCode).toBe(0);
    const journal = join(dir, '.hypertune', 'quad', 'journal.jsonl');
    const lines = readFileSync(journal, 'utf8').split('\n');
    // line 4 becomes a stray edit; line 6 a record cut short by a crash, which the next append terminated
    lines.splice(3, 0, '<<<<<<< HEAD');
    lines.splice(5, 0, '{"type":"trial_heartbeat","id":0,"wor');
    writeFileSync(journal, lines.join('\n'));

    const summary = await hypertune(['summary', '--format', 'json'], { cwd: dir });
    expect(summary.exitCode).toBe(0);
    expect(summary.stderr).toBe(`hypertune: warning: ${journal} has a line that is not a record, skipped: line 4: "<<<<<<< HEAD"`);
    expect((JSON.parse(summary.stdout) as { counts: { complete: number } }).counts.complete).toBe(2);

    const resumed = await hypertune(['resume', '--trials', '3'], { cwd: dir });
    expect(resumed.exitCode).toBe(0);
    expect(resumed.stderr.match(/warning/g)).toHaveLength(1);
    expect(resumed.stderr).toContain('line 4: "<<<<<<< HEAD"');
    expect(resumed.stdout).toContain('Done: 3 of 3 trials finished (3 complete, 0 failed)');
  });
});

describe.concurrent('a journal record edited into one this version cannot read', () => {
  it('is damage, named by summary, not a silent change of the study', async () => {
    const dir = tempDir();
    writeFile(dir, 'quad.yaml', QUADRATIC_SPACE);
    expect((await hypertune(['run', 'quad.yaml', '--trials', '2', '--', SH, program('loop-quadratic.sh')], { cwd: dir })).exitCode).toBe(0);
    const journal = join(dir, '.hypertune', 'quad', 'journal.jsonl');
    writeFileSync(journal, `${readFileSync(journal, 'utf8')}{"type":"target_changed","target":-5,"at":1}\n{"type":"trial_finished","id":0,"state":"weird","value":"abc","at":1}\n`);
    const summary = await hypertune(['summary', '--format', 'json'], { cwd: dir });
    expect(summary.exitCode).toBe(0);
    expect(summary.stderr).toContain('target_changed');
    const read = JSON.parse(summary.stdout) as { counts: { complete: number } };
    expect(read.counts.complete).toBe(2);
  });

  it('a trial asked without its worker or parameters, a study whose command is no argument array: skipped and named, not an internal error (a user audit)', async () => {
    const dir = tempDir();
    writeFile(dir, 'quad.yaml', QUADRATIC_SPACE);
    expect((await hypertune(['run', 'quad.yaml', '--trials', '2', '--', SH, program('loop-quadratic.sh')], { cwd: dir })).exitCode).toBe(0);
    const journal = join(dir, '.hypertune', 'quad', 'journal.jsonl');
    writeFileSync(journal, `${readFileSync(journal, 'utf8')}{"type":"trial_asked","id":2,"params":{"x":0.1}}\n{"type":"trial_asked","id":3,"worker":"w","at":1}\n`);
    const summary0 = await hypertune(['summary'], { cwd: dir });
    expect(summary0.exitCode, summary0.stderr).toBe(0);
    expect(summary0.stderr).toMatch(/^hypertune: warning: \S+journal\.jsonl has 2 lines that are not records, skipped: line \d+: /);
    const show = await hypertune(['show', '0'], { cwd: dir });
    expect(show.exitCode, show.stderr).toBe(0);
    expect(show.stdout).toMatch(/^trial 0 of study quad: complete/);
    // the header itself with a command that is a string: the study is named damaged, in one line
    const lines = readFileSync(journal, 'utf8').split('\n');
    const header = JSON.parse(lines[0] as string) as { meta: { command: unknown } };
    header.meta.command = './ok.sh';
    writeFileSync(journal, [JSON.stringify(header), ...lines.slice(1)].join('\n'));
    const summary = await hypertune(['summary'], { cwd: dir });
    expect(summary.stderr).not.toContain('internal error');
    expect(summary.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
  });
});

describe.concurrent('a journal that lost its study header', () => {
  it('is not written over by a new study of the same name: run refuses, naming the damage', async () => {
    const dir = tempDir();
    writeFile(dir, 'quad.yaml', QUADRATIC_SPACE);
    const command = ['--', SH, program('loop-quadratic.sh')];
    expect((await hypertune(['run', 'quad.yaml', '--trials', '2', ...command], { cwd: dir })).exitCode).toBe(0);
    const journal = join(dir, '.hypertune', 'quad', 'journal.jsonl');
    const text = readFileSync(journal, 'utf8');
    // the first line damaged in place, then the journal emptied: each time the two trials stay hidden
    writeFileSync(journal, text.replace('"study_created"', '"study_creat\u0001"'));
    const damaged = await hypertune(['run', 'quad.yaml', '--trials', '2', ...command], { cwd: dir });
    expect(damaged.exitCode).toBe(1);
    expect(damaged.stderr).toMatch(/^hypertune: \S+journal\.jsonl has no readable study_created record, yet the study folder holds \d+ records, 2 trial folders: an earlier study/);
    writeFileSync(journal, '');
    const emptied = await hypertune(['run', 'quad.yaml', '--trials', '2', ...command], { cwd: dir });
    expect(emptied.exitCode).toBe(1);
    expect(emptied.stderr).toContain('yet the study folder holds 2 trial folders');
  });
});

describe.concurrent('a journal emptied, or whose first line is damaged', () => {
  it('is named by summary, show, resume and report as run names it, not taken for no study; studies warns of it (a fault audit)', async () => {
    const dir = tempDir();
    writeFile(dir, 'quad.yaml', QUADRATIC_SPACE);
    expect((await hypertune(['run', 'quad.yaml', '--trials', '2', '--', SH, program('loop-quadratic.sh')], { cwd: dir })).exitCode).toBe(0);
    const journal = join(dir, '.hypertune', 'quad', 'journal.jsonl');
    const text = readFileSync(journal, 'utf8');
    const named = /^hypertune: \S+journal\.jsonl has no readable study_created record, yet the study folder holds [^\n]*2 trial folders[^\n]*$/;
    for (const damaged of ['', text.replace('"study_created"', '"study_creat\u0001"')]) {
      writeFileSync(journal, damaged);
      for (const command of [['summary'], ['summary', '--study', 'quad'], ['show', '0'], ['resume'], ['report', '--out', join(dir, 'r.html')]]) {
        const result = await hypertune(command, { cwd: dir });
        expect(result.exitCode, command.join(' ')).toBe(1);
        expect(result.stderr, command.join(' ')).toMatch(named);
      }
      const studies = await hypertune(['studies'], { cwd: dir });
      expect(studies.exitCode).toBe(0);
      expect(studies.stderr).toMatch(/^hypertune: warning: study folder "quad" is not listed: \S+journal\.jsonl has no readable study_created record/);
    }
  });
});
