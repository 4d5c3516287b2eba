import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { studySettingsOf } from '../new-settings.js';
import { ALGOS, DEFAULT_TRIALS, resolveStop, settingsFromStored, settingsToStored, type RunSettings } from '../../loop/index.js';
import { spaceAdvice } from '../../space/index.js';
import { addParamOption, createSpaceSource } from '../inline-space.js';
import type { StudyMeta } from '../../study/events.js';
import { duration, integer, metricNames, oneOf, trialCount } from '../option-parsers.js';
import { studyStopRule } from '../../study/stop-rule.js';
import { NO_TRIAL_TARGET } from '../../study/types.js';
import { sharedEnvNotes } from '../dry-run.js';
import type { Output } from '../output.js';
import { checkStudyMatches } from '../study-match.js';
import { quoteArg } from '../shell-words.js';
import { freeStudyName } from '../../store/study-name.js';
import { addStoreOptions, openStudyStore } from '../study-store.js';
import { studyBudget, studyStop, widenExtraMetrics } from '../study-changes.js';
import { checkBounded, limitsText, stopRuleLimits } from '../run-flags.js';
import { formatDuration } from '../../report/format.js';
import { readConfigBase } from '../config-base.js';
import { configCopyName } from '../../runner/index.js';
import { addStopOptions, stopOverrides, type StopFlags } from '../stop-options.js';
import { addPruneOptions, checkPrunerKept, type PruneFlags } from '../prune-options.js';

interface CreateFlags extends StopFlags, PruneFlags {
  study?: string;
  dir?: string;
  storage?: string;
  trials?: number;
  timeBudget?: number;
  lease?: number;
  seed?: number;
  algo?: RunSettings['algo'];
  metric?: string;
  maximize?: boolean;
  minimize?: boolean;
  configFile?: string;
}

export function registerCreate(program: Command, output: Output): void {
  const command = program
    .command('create')
    .summary('create a study without a command, for ask and tell (trials that are cluster jobs)')
    .description(
      'Create a study from a space file without a command to run: trials are asked for with `hypertune ask` and finished with `hypertune tell`, from job scripts on any machine that reaches the store.',
    )
    .argument('[space]', 'search-space YAML file (or give the space with --param)')
    .option('--study <name>', "study name (default: the space file's base name)")
    .option('--trials <n>', "the study's target number of finished trials; none: no count, the time budget or stop rule alone", trialCount)
    .option('--time-budget <duration>', "ask gives no trial once the study's trials have run this long (8h, 90m, 1h30m, or seconds; the time while any runs)", duration)
    .option('--lease <duration>', "every asked trial's lease unless ask gives its own (the jobs' time limit: 4h); not told by then, it is given again", duration)
    .option('--seed <n>', 'seed of the optimizer (default: random, stored with the study)', integer)
    .option('--algo <name>', "auto, gp, tpe, random, grid or hyperopt (default: the space file's algo:, else auto)", oneOf(ALGOS))
    .option('--metric <name>', 'the metric the values are of (overrides the space file)')
    .option('--extra-metrics <names>', "other metrics to record beside it (tell --extra, or read by tell --log), never optimized: names separated by commas (overrides the space file's extra_metrics:)", metricNames)
    .option('--maximize', 'maximize the metric (overrides the space file)')
    .option('--minimize', 'minimize the metric (overrides the space file)')
    .option('--config-file <path>', "a YAML or JSON config file of the jobs' program: hypertune show <id> --params config prints an asked trial's copy, its parameters written in (as run --config-file gives each trial)")
    .addHelpText('after', '\nExample:\n  $ hypertune create space.yaml --study sweep --trials 50 --storage postgresql://tuner@db/hpo\n  $ hypertune ask --study sweep --format env\n');
  addParamOption(command);
  addStopOptions(command);
  addPruneOptions(command);
  addStoreOptions(command);
  command.action(async (operand: string | undefined, flags: CreateFlags & { param?: string[] }) => {
    if (flags.maximize === true && flags.minimize === true) throw new UsageError('give --maximize or --minimize, not both');
    const source = createSpaceSource(operand, flags.param);
    const spaceFile = source.file;
    const space = await source.load();
    const study = source.studyName(flags.study);
    const settings = studySettingsOf(space, flags);
    await readConfigBase(settings, space, spaceFile, process.cwd());
    checkBounded(flags.trials ?? space.trials ?? (settings.timeBudgetS === null ? DEFAULT_TRIALS : NO_TRIAL_TARGET), settings);
    const { store, locationFlags } = await openStudyStore(flags, { access: 'write' });
    try {
      const requested: StudyMeta = {
        name: study,
        spaceText: space.text,
        spaceFile,
        command: [],
        // where the jobs' config file is read from again (show --params config), as run records its own
        options: { ...settingsToStored(settings), ...(settings.configFile === null ? {} : { cwd: process.cwd() }) },
        target: flags.trials ?? space.trials ?? (settings.timeBudgetS === null ? DEFAULT_TRIALS : NO_TRIAL_TARGET),
        createdAt: store.now(),
      };
      const { created, meta } = await store.createStudy(requested);
      if (created && space.start.length > 0) await store.enqueueTrials(study, space.start, store.now());
      if (created) for (const note of [...spaceAdvice(space), ...sharedEnvNotes(space.nodes.map((node) => node.label))]) output.err(`hypertune: note: ${note}\n`);
      if (!created) checkStudyMatches(meta, requested, { seedGiven: flags.seed !== undefined, algoGiven: flags.algo !== undefined || space.algo !== null, freeName: freeStudyName(new Set(await store.listStudies()), study), locationFlags });
      // an existing study keeps what it was made with, but for what bounds it: --trials, --time-budget
      // and the stop flags change those as they would for ask or resume (a stop rule met is lifted so)
      const current = created ? null : await store.load(study);
      const first = created ? settings : settingsFromStored(meta.options, space);
      // the pruner is the study's as it was made, for every job and worker
      if (!created) checkPrunerKept(study, flags, settings.prune, first.prune);
      // the lease is the study's as it was made; it was ignored here without a word (a user audit)
      if (!created && flags.lease !== undefined && flags.lease !== first.leaseS) {
        const had = first.leaseS === null ? 'no lease' : `a lease of ${formatDuration(first.leaseS)}`;
        throw new UsageError(`study "${study}" was made with ${had}, which stays: give --lease to each ask instead (ask --lease ${formatDuration(flags.lease)})`);
      }
      // other metrics asked for are added to what the study records (as run adds them), for tell --log and --extra
      const widened = current === null ? null : await widenExtraMetrics(store, study, settingsFromStored(current.meta.options, space), settings.extraMetrics);
      if (widened !== null) output.err(`hypertune: note: ${widened.note}\n`);
      const rule = studyStopRule(current ?? {}, first.stop);
      const stop = created ? rule : await studyStop(store, study, rule, resolveStop(rule, stopOverrides(flags)));
      const stored = { ...first, timeBudgetS: await studyBudget(store, study, current, first.timeBudgetS, created ? undefined : flags.timeBudget), stop };
      let target = current?.target ?? meta.target;
      if (!created && flags.trials !== undefined && flags.trials !== target) {
        await store.setTarget(study, flags.trials, store.now());
        target = flags.trials;
      }
      const where = [`--study ${quoteArg(study)}`, ...locationFlags].join(' ');
      output.out(
        `${created ? 'Created' : 'Study exists:'} study ${study}: ${stored.goal} ${stored.metric} over ${limitsText(target, stored.timeBudgetS)}${stopRuleLimits(stored)}, ${stored.algo} (seed ${stored.seed})${stored.prune.name === 'none' ? '' : `, prune ${stored.prune.name}`}; stored in ${store.location}\n` +
          `Ask for a trial:  hypertune ask ${where} --format env\n${stored.configFile === null ? '' : `Its config file:  hypertune show ${where} <id> --params config > ${configCopyName(stored.configFile)}\n`}Finish it:        hypertune tell ${where} <id> <value>\n`,
      );
    } finally {
      await store.close();
    }
  });
}
