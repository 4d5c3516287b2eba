import type { Command } from 'commander';
import { RuntimeFailure, UsageError } from '../../errors.js';
import { commandFound, missingInterpreter, whyNotRunnable } from '../../runner/index.js';
import { freeStudyName } from '../../store/study-name.js';
import { studySettingsOf } from '../new-settings.js';
import {
  ALGOS,
  CWD_MODES,
  KEEP_OUTPUT_MODES,
  PASS_MODES,
  DEFAULT_TRIALS,
  settingsFromStored,
} from '../../loop/index.js';
import { spaceAdvice } from '../../space/index.js';
import { AT_BUDGET_MODES, METRIC_STREAMS } from '../../space/types.js';
import { hasTrialTarget, NO_TRIAL_TARGET } from '../../study/types.js';
import { quoteArg } from '../shell-words.js';
import { studyTimeBudget } from '../../study/trial-time.js';
import { formatDryRun, placeholderAdvice } from '../dry-run.js';
import { dryRunStart, requestedMeta } from '../dry-run-start.js';
import { duration, exitCodes, gpuList, integer, metricNames, nonNegativeInteger, objectiveFlag, oneOf, positiveInteger, positiveSeconds, trialCount } from '../option-parsers.js';
import { addPruneOptions, checkPrunerKept } from '../prune-options.js';
import { addResultOptions, checkedResults, writeResults } from '../added-results.js';
import { addStopOptions } from '../stop-options.js';
import type { Output } from '../output.js';
import { checkAtBudget, checkBounded, continuingStudy, headline, type RunFlags } from '../run-flags.js';
import { checkTrialFolderPaths } from '../command-words.js';
import { addParamOption, INLINE_SPACE, spaceSourceOf, type SpaceSource } from '../inline-space.js';
import { noCommandMessage } from '../sweep-command.js';
import { foreignGpusNote, missingGpusNote } from '../gpu-flags.js';
import { runSession, withRunLock } from '../run-session.js';
import { checkStudyMatches, studyRemoval } from '../study-match.js';
import { editedBounds } from '../edited-bounds.js';
import { checkFileWords, readConfigBase } from '../config-base.js';
import { addHeartbeatOption, addStoreOptions, openStudyStore, storedSpace, warnOfDamage } from '../study-store.js';
import { widenExtraMetrics } from '../study-changes.js';

export function registerRun(program: Command, output: Output, argv: readonly string[] = []): void {
  const command = program
    .command('run')
    .summary('tune a command: hypertune run space.yaml [options] -- <command...> (or -p "lr=loguniform(1e-5, 1e-1)" for the file)')
    .description('Run a study: propose parameters, run the command once per trial, read its metric, journal everything.')
    .argument('[space]', 'search-space YAML file (or give the space with --param)')
    .argument('[command...]', 'the training command and its arguments, after --')
    .option('--trials <n>', "the study's target number of finished trials (complete, failed or pruned); none: no count, the time budget or stop rule alone (past the space file's trials:)", trialCount)
    .option('--time-budget <duration>', "start no trial once the study's trials have run this long (8h, 90m, 1h30m, or seconds; wall-clock time while any trial runs, on any worker; running trials finish); without a count of trials (--trials, or trials: in the space file; --trials none drops the file's), trials go on until then", duration)
    .option('--at-budget <what>', "what the running trials do when the time budget runs out: finish (the default) or stop (SIGTERM to each trial's process group, SIGKILL after --kill-grace; recorded interrupted, run again first by a resume with a bigger budget)", oneOf(AT_BUDGET_MODES))
    .option('--parallel <n>', 'trials at once (default 1, or one per --gpus id)', positiveInteger)
    .option('--seed <n>', 'seed of the optimizer (default: random, stored with the study)', integer)
    .option('--study <name>', "study name (default: the space file's base name)")
    .option('--algo <name>', "auto (GP or TPE per trial), gp, tpe, random, grid or hyperopt (hyperopt's own TPE) (default: the space file's algo:, else auto)", oneOf(ALGOS))
    .option('--metric <name>', 'the metric to read from the output (overrides the space file)')
    .option('--extra-metrics <names>', "other metrics to record beside it, each one's value with the result (its last, or the chosen epoch's under objective min or max), shown by summary and show, never optimized: names separated by commas (overrides the space file's extra_metrics:)", metricNames)
    .option('--objective <which>', "which reported value is a trial's result: last (the default), min, max, or last-K-avg, the mean of the last K (overrides the space file's objective:)", objectiveFlag)
    .option('--metric-stream <stream>', "where the program prints it: stdout (the default), stderr, or both (overrides the space file's metric_stream:)", oneOf(METRIC_STREAMS))
    .option(
      '--metric-file <path>',
      "read the metric from this file as the program writes it (a CSV or JSON-lines log, TensorBoard's events.out.tfevents.* files), not from its output; {trial_dir}, {trial_id}, {study} and {label} are filled in as in the command, wildcards match a name the program makes up, a relative path is taken from the folder the program runs in (overrides the space file's metric_file:)",
    )
    .option('--maximize', 'maximize the metric (overrides the space file)')
    .option('--minimize', 'minimize the metric (overrides the space file)')
    .option('--trial-timeout <duration>', "kill a trial's process group after this long (seconds, or 90m, 2h) and record a timeout", positiveSeconds)
    .option('--kill-grace <seconds>', 'seconds between SIGTERM and SIGKILL for a timed-out, pruned, budget-stopped or interrupted trial (default 5)', positiveSeconds)
    .option(
      '--pass <mode>',
      'flags (--label=value, the default), switches (flags, but a boolean is a bare --label when true and left out when false, as argparse\'s store_true reads it), switch-pairs (a boolean is --label or --no-label, as argparse\'s BooleanOptionalAction and click\'s --x/--no-x read it), args (label=value, as Hydra and XGBoost read them), env (environment only), json-file (a file named by HYPERTUNE_PARAMS_FILE) or config-file (a copy of the file --config-file names, the default with it); the environment variables are always set',
      oneOf(PASS_MODES),
    )
    .option('--config-file <path>', "a YAML or JSON configuration file of the program's: each trial gets a copy with its parameters written over the values at their dotted labels (optimizer.lr), named in the command by {config_file} and HYPERTUNE_CONFIG_FILE; comments and layout kept")
    .option('--cwd <where>', "start (the folder the study was started from, the default) or trial (the trial's own folder, HYPERTUNE_TRIAL_DIR)", oneOf(CWD_MODES))
    .option('--keep-output <how>', "tail (each stream's first and last 1 MB, the default), all or none", oneOf(KEEP_OUTPUT_MODES))
    .option('--gpus <ids>', "GPU ids like 0,1, or `visible` (this process's own CUDA_VISIBLE_DEVICES, as Slurm sets it, or a container's NVIDIA_VISIBLE_DEVICES): each running trial gets one free id in CUDA_VISIBLE_DEVICES", gpuList)
    .option('--gpus-per-trial <n>', 'GPUs each trial trains on (torchrun, DDP): the ids of --gpus taken n at a time, each group one trial\'s CUDA_VISIBLE_DEVICES', positiveInteger)
    .option('--max-failures <n>', 'stop after this many failed trials in a row (default 5, 0 = never); after two that ran to their end without printing the metric while no trial has shown it', nonNegativeInteger)
    .option('--accept-exit <codes>', 'exit codes other than 0 that count as success when the program printed its metric, e.g. 139 for a crash at teardown (comma-separated; 128 + N also accepts signal N)', exitCodes)
    .option('--retries <n>', "run a trial whose program crashed (an exit code other than 0, or a signal the tuner did not send; not a timeout) again with the same parameters, up to n times, each run a trial of its own (default 0)", nonNegativeInteger)
    .option('--verbose', "stream each trial's output, prefixed with [trial N]")
    .option('--dry-run', 'print what the first trials would get (argv, environment) and run nothing')
    .addHelpText('after', "\nExamples:\n  $ hypertune run space.yaml --trials 50 --parallel 2 -- python train.py --epochs 10\n  $ hypertune run -p 'lr=loguniform(1e-5, 1e-1)' -p 'layers=randint(1, 6)' -- python train.py\n");
  addParamOption(command);
  addPruneOptions(command);
  addResultOptions(command);
  addStopOptions(command);
  addStoreOptions(command);
  addHeartbeatOption(command);
  command.action(async (operand: string | undefined, words: string[], flags: RunFlags & { param?: string[] }) => {
    await runCommand(spaceSourceOf(argv, operand, words, flags.param), flags, output);
  });
}

async function runCommand(source: SpaceSource, flags: RunFlags, output: Output): Promise<void> {
  const { file: spaceFile, words } = source;
  // another tool's file may name its program (a W&B sweep, a Katib trial template): the refusal gives its line
  if (words.length === 0) throw new UsageError(noCommandMessage(spaceFile, spaceFile === INLINE_SPACE ? undefined : (await source.load()).origin));
  if (flags.maximize === true && flags.minimize === true) throw new UsageError('give --maximize or --minimize, not both');
  const space = await source.load();
  const study = source.studyName(flags.study);
  const settings = studySettingsOf(space, flags);
  checkFileWords(settings, words);
  const configBase = await readConfigBase(settings, space, spaceFile, process.cwd());
  // with a time budget alone the user means "as many as fit": the default count must not stop it first
  const target = flags.trials ?? space.trials ?? (settings.timeBudgetS === null ? DEFAULT_TRIALS : NO_TRIAL_TARGET);
  checkBounded(target, settings);
  // checked before anything is made: a file that does not fit leaves no study behind
  const added = flags.add === undefined ? null : await checkedResults(flags.add, space, settings.metric, flags.skipMisfits === true, Date.now(), settings.extraMetrics);
  if (settings.cwdMode === 'trial') checkTrialFolderPaths(words);
  if (flags.dryRun === true) {
    const start = await dryRunStart(flags, requestedMeta(study, space, spaceFile, words, settings, target, Date.now()), space, settings, target, added);
    output.out(formatDryRun(space, words, start, study, { seedGiven: flags.seed !== undefined, dir: flags.dir }));
    return;
  }
  // a program that cannot be started stores nothing: the corrected command then starts the same study afresh
  const program = words[0] ?? '';
  const from = settings.cwdMode === 'trial' ? null : process.cwd();
  if (commandFound(program, from) === false) {
    const why = program.includes('/') ? whyNotRunnable(program, from ?? process.cwd()) : 'not found (check the name and PATH)';
    throw new RuntimeFailure(`cannot start the command ${JSON.stringify(program)}: ${why}; nothing was stored`);
  }
  const interpreter = missingInterpreter(program, from);
  if (interpreter !== null) throw new RuntimeFailure(`cannot start the command ${JSON.stringify(program)}: its #! interpreter ${interpreter} is not there; nothing was stored`);
  for (const gpuNote of [foreignGpusNote(flags), missingGpusNote(flags)]) if (gpuNote !== null) output.err(`hypertune: ${gpuNote}\n`);
  const { store, shared, locationFlags } = await openStudyStore(flags, { output, access: 'write', runsTrials: true });
  try {
    // the budget --at-budget stop needs may be the existing study's own (a resume --time-budget gave it)
    if (settings.atBudget === 'stop' && settings.timeBudgetS === null) {
      const existing = await store.load(study);
      checkAtBudget({ atBudget: 'stop', timeBudgetS: existing === null ? null : studyTimeBudget(existing, settingsFromStored(existing.meta.options, space).timeBudgetS) });
    }
    const requested = requestedMeta(study, space, spaceFile, words, settings, target, store.now());
    const { created, meta } = await store.createStudy(requested);
    await withRunLock(store, study, async () => {
      // the space file's start: configurations run first, queued once when the study is made
      if (created && space.start.length > 0) await store.enqueueTrials(study, space.start, store.now());
      if (added !== null && created) output.out(`${await writeResults(store, study, added, [], output)}\n`);
      else if (added !== null) output.err(`hypertune: note: study ${study} exists: --add adds results only to a study this run makes (hypertune add adds them to this one)\n`);
      // said once, when the study is made: a resume or another worker would only repeat it
      if (created) for (const note of [...spaceAdvice(space), ...placeholderAdvice(space, words)]) output.err(`hypertune: note: ${note}\n`);
      let runSettings = settings;
      // meta holds the target the study was created with; a resume --trials since then changed it
      let studyTarget = meta.target;
      if (!created) {
        await warnOfDamage(store, study, output);
        const current = await store.load(study);
        checkStudyMatches(meta, requested, {
          seedGiven: flags.seed !== undefined,
          algoGiven: flags.algo !== undefined || space.algo !== null,
          freeName: freeStudyName(new Set(await store.listStudies()), study),
          locationFlags,
          removal: current?.trials.some((trial) => trial.state === 'complete' || trial.state === 'pruned') === false ? studyRemoval(study, locationFlags) : null,
        });
        // the pruner is the study's, shared by its workers: a flag that would change it is refused, not
        // ignored, before anything of the study changes
        checkPrunerKept(study, flags, settings.prune, settingsFromStored(meta.options, space).prune);
        const given = { ...flags, ...editedBounds(storedSpace(meta), space, flags) };
        runSettings = await continuingStudy(store, study, current, meta, space, given, 'flags');
        if (flags.heartbeatTimeout !== undefined && flags.heartbeatTimeout < runSettings.heartbeatTimeoutS) output.err(`hypertune: note: study ${study}'s heartbeat timeout is ${runSettings.heartbeatTimeoutS} s: this worker takes a silent trial over after that, as every worker of it does, not after its --heartbeat-timeout ${flags.heartbeatTimeout} (its beats keep pace with that)\n`);
        const widened = await widenExtraMetrics(store, study, runSettings, settings.extraMetrics);
        if (widened !== null) {
          runSettings = widened.settings;
          output.err(`hypertune: note: ${widened.note}\n`);
        }
        studyTarget = current?.target ?? meta.target;
        // A joining run raises the target, never lowers it: a Slurm task of an earlier submission, started
        // late with its --trials 200, undid a `resume --trials 400` for every worker, with a note on its
        // own stderr only (a user audit). Lowering is resume's, asked for by name.
        if (given.trials !== undefined && given.trials < studyTarget) {
          const kept = hasTrialTarget(studyTarget) ? `target stays ${studyTarget} trials` : 'time budget alone ends it, with no count of trials';
          const resume = ['hypertune resume --study', quoteArg(study), ...locationFlags, '--trials', String(given.trials)].join(' ');
          output.err(`hypertune: note: study ${study}'s ${kept} (this run asks for ${given.trials}${flags.trials === undefined ? ", its space file's trials:" : ''}; a joining run only raises it: lower it with ${resume})\n`);
        } else if (given.trials !== undefined && studyTarget !== given.trials) {
          await store.setTarget(study, given.trials, store.now());
          studyTarget = given.trials;
        }
      }
      await runSession(
        {
          store,
          study,
          space,
          command: words,
          settings: runSettings,
          shared,
          verbose: flags.verbose === true,
          cwd: undefined,
          locationFlags,
          headline: headline(study, runSettings, studyTarget, created, store.location),
          target: studyTarget,
          configBase,
        },
        output,
      );
    });
  } finally {
    await store.close();
  }
}
