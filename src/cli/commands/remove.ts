import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { InterruptedError, RuntimeFailure, UsageError } from '../../errors.js';
import { settingsFromStored } from '../../loop/index.js';
import { countByState, type StudyState } from '../../study/replay.js';
import { pastSignOfLife, workerGoneHere } from '../../store/stale.js';
import type { Output } from '../output.js';
import { quoteArg } from '../shell-words.js';
import { addStoreOptions, openStudyStore, storedSpace, type StoreFlags } from '../study-store.js';

interface RemoveFlags extends StoreFlags {
  yes?: boolean;
  force?: boolean;
}

export function registerRemove(program: Command, output: Output): void {
  const command = program
    .command('remove <study>')
    .summary('remove a study: its trials, and its folder on this machine')
    .description(
      "Remove a study for good: its record and every trial (the journal, or its rows in PostgreSQL, which every worker shares) and its folder on this machine (the trials' kept output). Asks first on a terminal; elsewhere give --yes. A study that a worker is running (a fresh heartbeat, or a run holding the journal) is refused unless --force.",
    )
    .option('--yes', 'remove without asking (scripts, no terminal)')
    .option('--force', 'remove it although trials of it are running now (their workers stop at their next write)')
    .addHelpText('after', '\nExamples:\n  $ hypertune remove mnist-old\n  $ hypertune remove sweep --storage postgresql://tuner@db/hpo --yes\n');
  addStoreOptions(command);
  command.action(async (study: string, flags: RemoveFlags) => {
    const { store } = await openStudyStore(flags, { access: 'remove' });
    try {
      const state = await store.load(study);
      if (state === null) throw new UsageError(`no study "${study}" in ${store.location}`);
      const timeoutS = settingsFromStored(state.meta.options, storedSpace(state.meta)).heartbeatTimeoutS;
      const running = liveTrials(state, store.now(), timeoutS);
      if (running.length > 0 && flags.force !== true) {
        throw new RuntimeFailure(`study "${study}" has ${running.length} trial${running.length === 1 ? '' : 's'} running now (${running.slice(0, 3).map((t) => (t.external === true ? `trial ${t.id} asked by ${t.worker ?? 'a job'}, not told` : `trial ${t.id} on ${t.worker ?? 'a worker'}`)).join(', ')}): stop their workers (or let their jobs tell) first, or give --force`);
      }
      // on PostgreSQL a worker between two trials holds none: removed then, its next result was lost (a
      // user audit); the journal's run lock covers its own runs
      const between = running.length === 0 && store.location.startsWith('postgres') ? justFinished(state, store.now(), timeoutS) : null;
      if (between !== null && flags.force !== true) {
        throw new RuntimeFailure(`study "${study}" had trial ${between.id} finish ${between.agoS < 1 ? 'just now' : `${Math.round(between.agoS)} s ago`} on ${between.worker}, whose worker may be asking for its next one: stop that worker first, or wait until nothing has finished for ${between.timeoutS} s (its --heartbeat-timeout), or give --force`);
      }
      const what = `study "${study}" (${describeCounts(state)}) from ${store.location}`;
      if (flags.yes !== true) {
        if (process.stdin.isTTY !== true) throw new UsageError(`remove ${what}? Nothing was removed: give --yes to remove it without a terminal to ask on`);
        if (!(await confirm(`Remove ${what}? [y/N] `))) {
          output.err('hypertune: nothing was removed\n');
          return;
        }
      }
      await store.removeStudy(study).catch((error: unknown) => {
        // the journal's run lock held by a live run: it is that run to stop, not another name to take
        if (error instanceof RuntimeFailure) throw new RuntimeFailure(error.message.replace(/; wait for it or use --study NAME/, ': stop that run first'));
        throw error;
      });
      output.out(`Removed ${what}.\n`);
      if (running.length > 0) output.err(`hypertune: the workers of its ${running.length} running trial${running.length === 1 ? '' : 's'} stop at their next write; a study made again under this name is not theirs\n`);
      if (store.location.startsWith('postgres')) output.err(`hypertune: note: other machines keep their own trial folders of ${quoteArg(study)} under their .hypertune\n`);
    } finally {
      await store.close();
    }
  });
}

/** Running trials not yet past their sign of life: a heartbeat within the study's timeout, an asked one's lease (or none). */
function liveTrials(state: StudyState, now: number, timeoutS: number): StudyState['trials'] {
  return state.trials.filter((trial) => trial.state === 'running' && !pastSignOfLife(trial, timeoutS * 1000, now));
}

/** The latest trial a worker finished within the study's heartbeat timeout, unless that worker ran here and is gone. */
function justFinished(state: StudyState, now: number, timeoutS: number): { id: number; worker: string; agoS: number; timeoutS: number } | null {
  let latest: StudyState['trials'][number] | null = null;
  for (const trial of state.trials) {
    if (trial.external || trial.sampler === 'added' || trial.worker === null || trial.finishedAt === null) continue;
    if (latest === null || trial.finishedAt > (latest.finishedAt ?? 0)) latest = trial;
  }
  if (latest?.worker == null || latest.finishedAt === null || now - latest.finishedAt >= timeoutS * 1000 || workerGoneHere(latest.worker)) return null;
  return { id: latest.id, worker: latest.worker, agoS: (now - latest.finishedAt) / 1000, timeoutS };
}

function describeCounts(state: StudyState): string {
  const counts = countByState(state);
  const parts = Object.entries(counts).filter(([, n]) => n > 0).map(([name, n]) => `${n} ${name}`);
  return `${state.trials.length} trial${state.trials.length === 1 ? '' : 's'}${parts.length > 0 ? `: ${parts.join(', ')}` : ''}`;
}

async function confirm(question: string): Promise<boolean> {
  const reader = createInterface({ input: process.stdin, output: process.stderr });
  // Ctrl-C or Ctrl-D at the question is a no, not a crash (a re-audit); Ctrl-C exits 130
  const interrupted = new Promise<'interrupted'>((resolve) => reader.once('SIGINT', () => resolve('interrupted')));
  const closed = new Promise<string>((resolve) => reader.once('close', () => resolve('')));
  try {
    const answer = await Promise.race([reader.question(question).catch(() => ''), interrupted, closed]);
    if (answer === 'interrupted') throw new InterruptedError('interrupted; nothing was removed');
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    reader.close();
  }
}
