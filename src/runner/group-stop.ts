// Stopping a trial: SIGTERM to the program, SIGKILL to its whole process group after the grace (as
// systemd's KillMode=mixed). The program's children get their SIGTERM once it has exited: PyTorch's
// DataLoader workers die on a SIGTERM that is not their parent's, and the trainer, before its own
// handler could save a checkpoint, crashed with `DataLoader worker (pid(s) ...) exited unexpectedly`
// (a user audit: 6 of 9 pruned trials, exit 1, no checkpoint). The grace is the whole group's, whoever
// exits first: a wrapper (`bash train.sh` without exec, a launcher script) dies on SIGTERM at once,
// and the trainer under it then gets SIGTERM and saves its checkpoint in what is left of the grace;
// its SIGKILL had come a second later with a second SIGTERM before it, whatever --kill-grace said (a user audit).
import { signalGroup } from './reaper.js';

export interface GroupStop {
  /** SIGTERM to the program (to the group once it has exited), once; SIGKILL to the group when the grace is over. */
  terminate(): void;
  /** The program exited: its leftovers are stopped; `release` lets go of pipes they may hold, when there is no more to wait for. */
  exited(release: () => void): void;
  /** After the program and its pipes are done: SIGKILL to what is left of the group. */
  settle(): void;
  /** Whether SIGKILL was needed. */
  readonly forceKilled: boolean;
  /** Whether the pipes were let go while no process of the group was left: a process outside it (setsid, a daemon) held them. */
  readonly heldOutside: boolean;
}

/** How long leftovers of a program that ended by itself may hold its pipes. */
const LEFTOVER_PIPES_MS = 1000;

export function createGroupStop(pid: number | undefined, graceS: number): GroupStop {
  const timers: NodeJS.Timeout[] = [];
  const signal = (name: NodeJS.Signals): boolean => pid !== undefined && signalGroup(pid, name);
  const signalProgram = (): void => {
    try {
      if (pid !== undefined) process.kill(pid, 'SIGTERM');
    } catch {
      // gone already: its exit is on its way
    }
  };
  let termAt: number | null = null;
  let killed = false;
  let exitedAt: number | null = null;
  let release: (() => void) | null = null;
  let heldOutside = false;
  // the pipes are still open and the group is empty: a process that left the group holds them, out of our reach
  const letGo = (): void => {
    try {
      if (pid !== undefined) process.kill(-pid, 0);
    } catch {
      heldOutside = true;
    }
    release?.();
  };
  const graceMs = graceS * 1000;
  const kill = (): void => {
    killed = true;
    signal('SIGKILL');
    // a leftover that left the group (setsid) may still hold the pipes: stop waiting for them
    if (exitedAt !== null) letGo();
  };
  const terminate = (): void => {
    if (termAt !== null) return;
    termAt = Date.now();
    // the program first: it stops its own children (a DataLoader's workers) as it ends
    if (exitedAt === null) signalProgram();
    else signal('SIGTERM');
    timers.push(setTimeout(kill, graceMs));
  };
  return {
    terminate,
    exited(pipesGo) {
      exitedAt = Date.now();
      release = pipesGo;
      // a stop under way: the group's other processes (the trainer under a wrapper) get their SIGTERM now,
      // and the rest of the grace; its SIGKILL lets the pipes go then
      if (termAt !== null) return void signal('SIGTERM');
      // ended by itself: leftovers are asked to go, and their pipes let go after a second, not the
      // whole grace (a trial of 0.2 s took 5.2; a user audit)
      terminate();
      timers.push(setTimeout(letGo, Math.min(LEFTOVER_PIPES_MS, graceMs)));
    },
    settle() {
      // the pipes are done: the program's processes that held them have ended (or the grace is over);
      // a process of the group that let go of them is not waited for (its zombie would look alive)
      for (const timer of timers) clearTimeout(timer);
      timers.length = 0;
      signal('SIGKILL'); // anything of the group that outlived the program
    },
    get forceKilled() {
      return killed;
    },
    get heldOutside() {
      return heldOutside;
    },
  };
}

