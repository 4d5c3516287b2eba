// The reaper: a helper process beside one tuner process (started by reaper.ts). Its stdin is a pipe
// from the tuner carrying one line per event: `+<pgid> <grace ms>` when a trial's process group
// starts, `-<pgid>` when that trial is finished. When the pipe ends, the tuner is gone (the kernel
// closes it even after kill -9): every group still listed gets SIGTERM, then SIGKILL after its grace.
import { createLineSplitter } from './lines.js';

const POLL_MS = 100;
const groups = new Map<number, number>();
let reaping = false;

// the tuner's Ctrl-C, a hangup or a polite kill must not end the one process that cleans up after it
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => undefined);

function onLine(line: string): void {
  const match = /^(?:\+(\d+) (\d+)|-(\d+))$/.exec(line);
  if (match === null) return;
  const pgid = Number(match[1] ?? match[3]);
  // never 0 or 1: kill(-0) is our own group, kill(-1) every process we may signal
  if (!(pgid > 1)) return;
  if (match[1] !== undefined) groups.set(pgid, Number(match[2]));
  else groups.delete(pgid);
}

function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false; // ESRCH: the whole group is gone
  }
}

function reap(): void {
  if (reaping) return;
  reaping = true;
  const left = [...groups.keys()];
  for (const pgid of left) signalGroup(pgid, 'SIGTERM');
  const deadline = Date.now() + Math.max(0, ...groups.values());
  const poll = (): void => {
    const alive = left.filter((pgid) => signalGroup(pgid, 0));
    if (alive.length > 0 && Date.now() < deadline) {
      setTimeout(poll, POLL_MS);
      return;
    }
    for (const pgid of alive) signalGroup(pgid, 'SIGKILL');
    process.exit(0);
  };
  poll();
}

const splitter = createLineSplitter(onLine);
process.stdin.on('data', (chunk: Buffer) => splitter.write(chunk));
// no splitter.end(): a line cut short by the tuner's death may name the wrong group, so it is dropped
process.stdin.on('end', reap);
process.stdin.on('error', reap);
