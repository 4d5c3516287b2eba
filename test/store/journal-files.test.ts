import { spawnSync } from 'node:child_process';
import { appendFile, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { JournalStore } from '../../src/store/journal/journal-store.js';
import { finished, startChild, waitForLine } from './child.js';
import { asked, makeMeta } from './conformance.js';

/** A pid that surely belongs to no process: one that has just exited (and was reaped). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('journal store: files, torn tails and locks', () => {
  let dir: string;
  let store: JournalStore;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hypertune-journal-'));
    store = new JournalStore(dir);
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('lays a study out as journal.jsonl plus a folder per trial holding its output, one JSON record per line', async () => {
    await store.createStudy(makeMeta('s'));
    const id = await store.createTrial('s', asked({ x: 1 }));
    await store.appendOutput('s', id, 'stdout', 'loss: 1\n');
    await store.appendOutput('s', id, 'stderr', 'oops\n');
    expect((await readdir(join(dir, 's'))).sort()).toEqual(['journal.jsonl', 'trials']);
    expect((await readdir(join(dir, 's', 'trials'))).sort()).toEqual(['0']);
    expect((await readdir(join(dir, 's', 'trials', '0'))).sort()).toEqual(['stderr.log', 'stdout.log']);
    expect(await store.trialFolder('s', id)).toBe(join(dir, 's', 'trials', '0'));
    expect(await store.writeTrialFile('s', id, 'params.json', '{}\n')).toBe(join(dir, 's', 'trials', '0', 'params.json'));
    // what the disk gives it, as du counts: the folders and the blocks of the four files
    const onDisk = await Promise.all(['', 'journal.jsonl', 'trials', 'trials/0', 'trials/0/stdout.log', 'trials/0/stderr.log', 'trials/0/params.json'].map(async (path) => (await stat(join(dir, 's', path))).blocks * 512));
    expect(await store.diskUsage('s')).toBe(onDisk.reduce((sum, bytes) => sum + bytes, 0));
    const lines = (await readFile(join(dir, 's', 'journal.jsonl'), 'utf8')).split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(0, -1).map((line) => (JSON.parse(line) as { type: string }).type)).toEqual(['study_created', 'trial_asked']);
  });

  it('ignores a torn last line, and starts the next record on a fresh line', async () => {
    await store.createStudy(makeMeta('s'));
    await store.createTrial('s', asked({ x: 1 }));
    const path = join(dir, 's', 'journal.jsonl');
    await appendFile(path, '{"type":"trial_finished","id":0,"state":"comp');
    const reader = new JournalStore(dir);
    expect((await reader.readEvents('s')).map((event) => event.type)).toEqual(['study_created', 'trial_asked']);
    await reader.append('s', { type: 'trial_finished', id: 0, state: 'complete', value: 0.5, exitCode: 0, error: null, at: 5 });
    const lines = (await readFile(path, 'utf8')).split('\n');
    expect(lines[2]).toBe('{"type":"trial_finished","id":0,"state":"comp');
    expect(JSON.parse(lines[3] ?? '')).toMatchObject({ type: 'trial_finished', value: 0.5 });
    const state = await new JournalStore(dir).load('s');
    expect(state?.trials[0]).toMatchObject({ state: 'complete', value: 0.5 });
    expect(await new JournalStore(dir).createTrial('s', asked({ x: 2 }))).toBe(1);
    // a record cut short by a crash is no damage to tell about
    expect(await new JournalStore(dir).damage('s')).toBeNull();
  });

  it('replays the last whole stop rule, and ignores a stop_changed record whose rule is not one', async () => {
    await store.createStudy(makeMeta('s'));
    await store.setStopRule('s', { at: null, patience: 12, minDelta: 0.01 }, 5);
    const path = join(dir, 's', 'journal.jsonl');
    for (const stop of ['null', '{"at":null,"patience":"12","minDelta":0}', '{"at":null,"patience":3}']) await appendFile(path, `{"type":"stop_changed","stop":${stop},"at":6}\n`);
    expect((await new JournalStore(dir).load('s'))?.stopRule).toEqual({ at: null, patience: 12, minDelta: 0.01 });
  });

  it('replays the last start folder, and ignores a start_folder_changed record without one, as damage', async () => {
    await store.createStudy(makeMeta('s'));
    await store.setStartFolder('s', '/scratch/proj', 5);
    const path = join(dir, 's', 'journal.jsonl');
    for (const folder of ['null', '""', '7']) await appendFile(path, `{"type":"start_folder_changed","folder":${folder},"at":6}\n`);
    const reopened = new JournalStore(dir);
    expect((await reopened.load('s'))?.startFolder).toBe('/scratch/proj');
    expect(await reopened.damage('s')).toMatch(/has 3 lines that are not records/);
  });

  it('replays the last list of extra metrics, and ignores an extras_changed record whose list is not one, as damage', async () => {
    await store.createStudy(makeMeta('s'));
    await store.setExtraMetrics('s', ['acc', 'f1'], 5);
    const path = join(dir, 's', 'journal.jsonl');
    for (const names of ['null', '"acc"', '["acc", 3]', '[""]']) await appendFile(path, `{"type":"extras_changed","extraMetrics":${names},"at":6}\n`);
    const reopened = new JournalStore(dir);
    expect((await reopened.load('s'))?.meta.options['extraMetrics']).toEqual(['acc', 'f1']);
    expect(await reopened.damage('s')).toMatch(/has 4 lines that are not records/);
  });

  it('refuses study names that are not plain folder names', async () => {
    for (const name of ['', '..', 'a/b', '.hidden']) {
      await expect(store.createStudy(makeMeta(name))).rejects.toBeInstanceOf(UsageError);
    }
  });

  it('takes over a run lock and an append lock left by a dead process on this host', async () => {
    await store.createStudy(makeMeta('s'));
    const pid = deadPid();
    const lock = JSON.stringify({ pid, host: hostname(), startTime: null, token: 'dead', since: 1, worker: 'gone' });
    await writeFile(join(dir, 's', 'run.lock'), lock);
    await writeFile(join(dir, 's', 'journal.lock'), lock);
    const release = await store.acquireRunLock('s', 'me');
    expect(await store.createTrial('s', asked({ x: 1 }))).toBe(0);
    expect(JSON.parse(await readFile(join(dir, 's', 'run.lock'), 'utf8'))).toMatchObject({ pid: process.pid, worker: 'me' });
    await release();
    expect((await readdir(join(dir, 's'))).sort()).toEqual(['journal.jsonl']);
  });

  it('refuses a run lock held by another live process, and takes it once that process is killed', async () => {
    await store.createStudy(makeMeta('s'));
    const child = startChild('hold-run-lock', { dir }, 's');
    const exited = finished(child);
    await waitForLine(child, 'locked');
    await expect(store.acquireRunLock('s', 'me')).rejects.toThrow(
      new RegExp(`^study "s" is being run by pid ${child.pid} on host ${hostname()} since \\d{4}-.+Z; wait for it or use --study NAME$`),
    );
    child.kill('SIGKILL');
    await exited;
    const release = await store.acquireRunLock('s', 'me');
    await release();
  });

  it('refuses a run lock from another host, naming the file to delete', async () => {
    await store.createStudy(makeMeta('s'));
    const lock = { pid: 4242, host: 'other-machine', startTime: null, token: 't', since: Date.UTC(2026, 0, 2), worker: 'other-machine:4242' };
    await writeFile(join(dir, 's', 'run.lock'), JSON.stringify(lock));
    await expect(store.acquireRunLock('s', 'me')).rejects.toThrow(
      `study "s" is being run by pid 4242 on host other-machine since 2026-01-02T00:00:00.000Z; wait for it or use --study NAME (if that process is gone, delete ${join(dir, 's', 'run.lock')})`,
    );
  });
});

describe('journal: an old study laid out before trial folders', () => {
  it('still reads trials/<id>.stdout', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hypertune-old-'));
    try {
      const store = new JournalStore(dir);
      await store.createStudy(makeMeta('s'));
      const id = await store.createTrial('s', asked({ x: 1 }));
      await mkdir(join(dir, 's', 'trials'), { recursive: true });
      await writeFile(join(dir, 's', 'trials', `${id}.stdout`), 'loss: 1\n');
      expect(await store.readOutput('s', id, 'stdout')).toBe('loss: 1\n');
      expect(await store.readOutput('s', id, 'stderr')).toBe('');
      await store.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
