import { existsSync } from 'node:fs';
import { hasTrialTarget } from '../../study/types.js';
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { KEEP_OUTPUT_MODES, settingsFromStored, type KeepOutput } from '../../loop/index.js';
import { countByState, finishedCount, studyStartFolder, targetRunningQueued, type StudyState } from '../../study/replay.js';
import { AT_BUDGET_MODES, type AtBudget } from '../../space/types.js';
import { duration, exitCodes, gpuList, metricNames, nonNegativeInteger, oneOf, positiveInteger, positiveSeconds, trialCount } from '../option-parsers.js';
import type { Output } from '../output.js';
import { runSession, withRunLock } from '../run-session.js';
import { addHeartbeatOption, addStoreOptions, loadNamedStudy, openStudyStore, storedSpace, warnOfDamage } from '../study-store.js';
import { formatDryRun } from '../dry-run.js';
import { existingStudyStart } from '../dry-run-start.js';
import { checkAtBudget, checkBounded, continuingStudy, headline } from '../run-flags.js';
import { addStopOptions, type StopFlags } from '../stop-options.js';
import { resumeFolder, type ResumeFolder } from '../start-folder.js';
import { liveRunLine, liveRunOf } from '../live-run.js';
import { widenExtraMetrics } from '../study-changes.js';

interface ResumeFlags extends StopFlags {
  study?: string;
  dir?: string;
  storage?: string;
  trials?: number;
  timeBudget?: number;
  atBudget?: AtBudget;
  parallel?: number;
  gpus?: string[];
  gpusPerTrial?: number;
  trialTimeout?: number;
  killGrace?: number;
  maxFailures?: number;
  acceptExit?: number[];
  retries?: number;
  extraMetrics?: string[];
  heartbeatTimeout?: number;
  keepOutput?: KeepOutput;
  verbose?: boolean;
  dryRun?: boolean;
  here?: boolean;
}

export function registerResume(program: Command, output: Output): void {
  const command = program
    .command('resume')
    .summary('continue a study with its stored space, command and options')
    .description(
      'Continue a study where it stopped, with its stored space, command, options and seed. Trials that were running when the tuner stopped run again first, with the same parameters.',
    )
    .option('--study <name>', 'the study (may be left out when the store holds one)')
    .option('--trials <n>', "raise (or set) the study's target number of finished trials; none: no count, the time budget or stop rule alone", trialCount)
    .option('--time-budget <duration>', "start no trial once the study's trials have run this long in all (8h, 90m, 1h30m; default: as stored)", duration)
    .option('--at-budget <what>', 'finish or stop the running trials when the time budget runs out (default: as stored)', oneOf(AT_BUDGET_MODES))
    .option('--parallel <n>', 'trials at once (default: as stored)', positiveInteger)
    .option('--gpus <ids>', "GPU ids like 0,1, or `visible` (this process's own CUDA_VISIBLE_DEVICES, or a container's NVIDIA_VISIBLE_DEVICES), for the trials' CUDA_VISIBLE_DEVICES (default: as stored)", gpuList)
    .option('--gpus-per-trial <n>', 'GPUs each trial trains on: the ids of --gpus taken n at a time', positiveInteger)
    .option('--trial-timeout <duration>', 'kill a trial after this long (seconds, or 90m, 2h; default: as stored)', positiveSeconds)
    .option('--kill-grace <seconds>', 'seconds between SIGTERM and SIGKILL for a timed-out, pruned, budget-stopped or interrupted trial (default: as stored)', positiveSeconds)
    .option('--max-failures <n>', 'stop after this many failed trials in a row (default: as stored)', nonNegativeInteger)
    .option('--accept-exit <codes>', 'exit codes other than 0 that count as success when the program printed its metric (default: as stored; none: no code)', exitCodes)
    .option('--retries <n>', 'run a trial whose program crashed again with the same parameters, up to n times (default: as stored)', nonNegativeInteger)
    .option('--extra-metrics <names>', 'other metrics to record beside the metric from now on, added to those the study records (names separated by commas)', metricNames)
    .option('--keep-output <how>', "tail, all or none of each trial's output (default: as stored)", oneOf(KEEP_OUTPUT_MODES))
    .option('--verbose', "stream each trial's output, prefixed with [trial N]")
    .option('--here', "run the trials in this folder from now on, not the one the study was started from (a project moved or cloned elsewhere)")
    .option('--dry-run', 'print what the next trials would get (argv, environment) and run nothing')
    .addHelpText('after', '\nExample:\n  $ hypertune resume --study mnist --trials 100\n');
  addStopOptions(command, true);
  addStoreOptions(command);
  addHeartbeatOption(command);
  command.action(async (flags: ResumeFlags) => {
    await resumeCommand(flags, output);
  });
}

async function resumeCommand(flags: ResumeFlags, output: Output): Promise<void> {
  if (flags.dryRun === true) return resumeDryRun(flags, output);
  const { store, shared, locationFlags } = await openStudyStore(flags, { output, access: 'write', runsTrials: true });
  try {
    const { study, state } = await loadNamedStudy(store, flags.study);
    await warnOfDamage(store, study, output);
    const { meta } = state;
    if (meta.command.length === 0) {
      throw new UsageError(`study "${study}" was made by \`hypertune create\` and has no command to run; its trials come from \`hypertune ask\` and \`tell\``);
    }
    const space = storedSpace(meta);
    await withRunLock(store, study, async () => {
      const continuing = await continuingStudy(store, study, state, meta, space, flags, 'stored');
      const widened = await widenExtraMetrics(store, study, continuing, flags.extraMetrics);
      if (widened !== null) output.err(`hypertune: note: ${widened.note}\n`);
      const settings = widened?.settings ?? continuing;
      checkAtBudget(settings);
      if (flags.trials !== undefined) checkBounded(flags.trials, settings);
      let target = state.target;
      if (flags.trials !== undefined && flags.trials !== target) {
        // a lower --trials ends the study for every worker: a typo (4 for 40) must not do it unseen (a user audit)
        if (flags.trials < target) output.err(`hypertune: note: study ${study}'s target was ${hasTrialTarget(target) ? `${target} trials` : 'no count of trials (its time budget alone)'}; it is ${flags.trials} now, for every worker on it\n`);
        await store.setTarget(study, flags.trials, store.now());
        target = flags.trials;
      }
      // recorded before anything runs: a resume that finds nothing to run still re-points the study
      const folder = startFolderOf(study, state, flags.here === true);
      if (folder.record !== null) {
        await store.setStartFolder(study, folder.record, store.now());
        output.err(`hypertune: note: ${folder.note ?? ''}\n`);
      }
      if (finishedCount(state) >= target && flags.trials === undefined) {
        // a configuration enqueued while the study reached its target waits for a higher one (a user audit)
        const queued = countByState(state).queued;
        const waiting = queued === 0 ? 'raise the target with --trials N' : `${queued} queued configuration${queued === 1 ? '' : 's'} wait${queued === 1 ? 's' : ''}: run ${queued === 1 ? 'it' : 'them'} with --trials ${targetRunningQueued(state)}`;
        output.out(`Study ${study} already has ${finishedCount(state)} of ${target} finished trials; ${waiting}.\n`);
        // nothing waits to be run or recorded: no session to start, no "Continuing" (found by a user audit)
        if (!state.trials.some((t) => t.state === 'queued' || t.state === 'running')) return;
      }
      // a moved project ran its trials in whatever folder stood at the old path, or here, unsaid (a user audit)
      if (folder.record === null && folder.note !== null) output.err(`hypertune: note: ${folder.note}\n`);
      await runSession(
        {
          store,
          study,
          space,
          command: meta.command,
          settings,
          shared,
          verbose: flags.verbose === true,
          cwd: folder.cwd,
          locationFlags,
          headline: headline(study, settings, target, false, store.location),
          target,
        },
        output,
      );
    });
  } finally {
    await store.close();
  }
}

/** What the resume would run next, as `run --dry-run` shows it: nothing run, nothing stored (a user audit: resume had none). */
async function resumeDryRun(flags: ResumeFlags, output: Output): Promise<void> {
  const { store, shared } = await openStudyStore(flags);
  try {
    const { study, state } = await loadNamedStudy(store, flags.study);
    const space = storedSpace(state.meta);
    // the study's timeout, or a longer one given: as a worker would take its trials over (run-flags.ts)
    const stored = settingsFromStored(state.meta.options, space).heartbeatTimeoutS;
    const live = await liveRunOf(store, state, Math.max(flags.heartbeatTimeout ?? stored, stored));
    const start = existingStudyStart(state, space, flags, flags.trials ?? state.target, shared || live !== null, 'stored');
    if (live !== null) start.intro.push(liveRunLine(study, live, 'resume'));
    const folder = startFolderOf(study, state, flags.here === true);
    // said as the resume would say it; --here is only said, not recorded
    if (folder.record !== null) start.intro.push(`Note: --here would run study ${study}'s trials here, in ${folder.record}, from now on (a dry run records nothing).`);
    else if (folder.note !== null) start.intro.push(`Note: ${folder.note}.`);
    // a metric file is looked for where the resume runs the trials: the study's start folder, or here with --here
    output.out(formatDryRun(space, state.meta.command, start, study, { seedGiven: true, dir: flags.dir, cwd: folder.cwd }));
  } finally {
    await store.close();
  }
}

/** Where this resume runs the study's trials, and what it records and says of it (start-folder.ts). */
function startFolderOf(study: string, state: StudyState, repoint: boolean): ResumeFolder {
  const stored = studyStartFolder(state);
  return resumeFolder(study, stored, stored !== null && existsSync(stored), process.cwd(), repoint);
}
