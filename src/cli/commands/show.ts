import type { Command } from 'commander';
import { RuntimeFailure, UsageError } from '../../errors.js';
import { summarizeStudy } from '../../report/summary.js';
import { formatKeptOutput, formatTrialDetail, trialDetailJson, type TrialDetail } from '../../report/trial-detail.js';
import type { OutputStream } from '../../store/types.js';
import { nonNegativeInteger, oneOf } from '../option-parsers.js';
import type { Output } from '../output.js';
import { addStoreOptions, loadNamedStudy, openStudyStore, summaryContextOf, type StoreFlags } from '../study-store.js';
import { goneTrialsOf, goneTunersNote } from '../gone-tuners.js';
import { quoteArg } from '../shell-words.js';
import { modelPickOf } from '../model-best.js';
import { commandLine, trialCommandOf } from '../trial-command.js';
import { followOutput } from '../follow-output.js';
import { formatAsked, type AskFormat } from '../trial-params.js';
import { trialConfigText } from '../config-base.js';

interface ShowFlags extends StoreFlags {
  study?: string;
  output?: boolean;
  stream?: OutputStream;
  json?: boolean;
  follow?: boolean;
  by: 'value' | 'model';
  params?: AskFormat | 'config';
}

export function registerShow(program: Command, output: Output): void {
  const command = program
    .command('show <trial>')
    .summary("one trial: its state and rank, parameters, values per step, error and kept output")
    .description(
      "Show one trial in full: state, value and rank, who proposed and ran it and when, its parameters, the values it reported per step, why it failed, and how much of its output was kept. --output prints the kept stdout and stderr after it (from the trial's folder or from PostgreSQL, so a worker's output can be read from any machine); --stream prints one stream alone, as it was kept, for grep and less.",
    )
    .option('--study <name>', 'the study (may be left out when the store holds one)')
    .option('--output', 'print the kept stdout and stderr after the details')
    .option('--stream <stream>', 'print only this kept stream (stdout or stderr), nothing else', oneOf(['stdout', 'stderr'] as const))
    .option('--json', 'everything as one JSON document, the kept output included')
    .option('--follow', "print the trial's kept output as it grows (stdout and stderr to their own), until the trial ends, from any machine: tail -f of a running trial")
    // a final run with the best parameters wants them as flags or variables, written as run passed them (a user audit)
    .option('--params <format>', "print the trial's parameters alone, as ask prints a trial's: json, env (export lines for eval) or args (--label=value words for eval; label=value where the study passes them so, --pass args); config: the trial's copy of the study's --config-file", oneOf(['json', 'env', 'args', 'config'] as const))
    // a noisy metric's best single run is its luckiest draw as much as its best configuration (a user audit)
    .option('--by <what>', "with best: the best single run (value) or the configuration the model of the study rates best (model: fits the GP, its predicted mean and runs above the trial)", oneOf(['value', 'model'] as const), 'value')
    .addHelpText('after', '\nExamples:\n  $ hypertune show 17\n  $ hypertune show best --json\n  $ hypertune show best --by model\n  $ eval "python train.py --epochs 100 $(hypertune show best --params args)"\n  $ hypertune show 17 --output\n  $ hypertune show 17 --stream stderr | less\n  $ hypertune show 17 --follow\n');
  addStoreOptions(command);
  command.action(async (given: string, flags: ShowFlags) => {
    if (given !== 'best') parseTrialId(given);
    if (given !== 'best' && flags.by === 'model') throw new UsageError(`--by model goes with show best (got show ${given})`);
    const { store, shared, locationFlags } = await openStudyStore(flags);
    try {
      // ages at the read's start, as summary's (a large journal takes seconds to read)
      const readAt = store.now();
      const { study, state } = await loadNamedStudy(store, flags.study);
      const context = summaryContextOf(state.meta, readAt);
      // made once, when asked for: --stream and --follow need none
      let summarized: ReturnType<typeof summarizeStudy> | null = null;
      const summaryOf = (): ReturnType<typeof summarizeStudy> => (summarized ??= summarizeStudy(state, context));
      // `best`: the best complete trial, as summary ranks them (Optuna's study.best_trial; a user audit)
      const best = given === 'best' ? summaryOf().best : null;
      // not a mistake of the command line: a script asking before the first trial ends gets 1, as grep finding nothing
      if (given === 'best' && best === null) throw new RuntimeFailure(`study "${study}" has no complete trial yet, so no best one (hypertune summary shows its trials)`);
      const model = best !== null && flags.by === 'model' ? modelPickOf(state, study, store.now()) : null;
      const id = model?.id ?? best?.id ?? parseTrialId(given);
      const trial = state.trials.find((t) => t.id === id);
      if (trial === undefined) {
        const ids = state.trials.map((t) => t.id);
        const known = ids.length === 0 ? 'it has no trials yet' : `its trials are ${Math.min(...ids)}..${Math.max(...ids)}`;
        throw new UsageError(`study "${study}" has no trial ${id} (${known})`);
      }
      if (flags.params !== undefined) {
        if (flags.json === true || flags.stream !== undefined || flags.follow === true || flags.output === true) throw new UsageError('--params prints the parameters alone: give it without --json, --stream, --follow and --output');
        if (flags.params === 'config') return output.out(await trialConfigText(state, study, trial.params, context.floats));
        return output.out(formatAsked(flags.params, study, id, trial.params, context.floats, context.labels, null, null, state.meta.options['pass'] === 'args'));
      }
      if (flags.follow === true) {
        if (flags.json === true || flags.stream !== undefined) throw new UsageError('--follow prints the output as it grows: give it without --json and --stream');
        return await followOutput(store, study, id, context.metric, output);
      }
      if (flags.stream !== undefined) {
        output.out(await store.readOutput(study, id, flags.stream));
        return;
      }
      const gone = goneTunersNote((await goneTrialsOf(store, state, shared, store.now())).filter((t) => t.id === id), ['hypertune resume', `--study ${quoteArg(study)}`, ...locationFlags].join(' '));
      if (gone !== null) output.err(`hypertune: ${gone}\n`);
      const summary = summaryOf();
      const summaryTrial = summary.trials.find((t) => t.id === id);
      if (summaryTrial === undefined) throw new UsageError(`study "${study}" has no trial ${id}`);
      const command = trial.state === 'queued' ? null : trialCommandOf(state, study, id, trial.params, flags.dir, trial.external, trial.cwd);
      const detail: TrialDetail = {
        summary,
        trial: summaryTrial,
        askedAt: trial.askedAt,
        startedAt: trial.startedAt,
        finishedAt: trial.finishedAt,
        now: readAt,
        stdout: await store.readOutput(study, id, 'stdout'),
        stderr: await store.readOutput(study, id, 'stderr'),
        ...(command === null ? {} : { command: { ...command, line: commandLine(command) } }),
      };
      // the hint names the study and store as given: pasted, it must find this trial (a user audit)
      const where = [`--study ${quoteArg(study)}`, ...locationFlags].join(' ');
      if (flags.json === true) output.out(trialDetailJson(detail, model === null ? {} : { model: model.json }));
      else output.out((model?.text ?? '') + formatTrialDetail(detail, output.color, flags.output === true ? null : where) + (flags.output === true ? `\n${formatKeptOutput(detail, output.isTty)}` : ''));
    } finally {
      await store.close();
    }
  });
}

function parseTrialId(given: string): number {
  try {
    return nonNegativeInteger(given);
  } catch {
    throw new UsageError(`show: the trial must be a trial id (0, 1, 2, ...) or best, got "${given}"`);
  }
}
