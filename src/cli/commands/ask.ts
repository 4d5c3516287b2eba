import { hostname } from 'node:os';
import type { Command } from 'commander';
import { RuntimeFailure } from '../../errors.js';
import { askExternal, settingsFromStored } from '../../loop/index.js';
import { envName, formatValue } from '../../runner/index.js';
import type { Config } from '../../study/types.js';
import { duration, oneOf, trialCount } from '../option-parsers.js';
import { timeBudgetSpent, trialTimeMs } from '../../study/trial-time.js';
import { stoppedEarly, studyStopRule } from '../../study/stop-rule.js';
import { formatDuration } from '../../report/format.js';
import type { Output } from '../output.js';
import { quoteArg } from '../shell-words.js';
import { floatLabels } from '../../space/index.js';
import { addStoreOptions, loadNamedStudy, openStudyStore, storedSpace, studyBudget } from '../study-store.js';

type AskFormat = 'json' | 'env' | 'args';

interface AskFlags {
  study?: string;
  dir?: string;
  storage?: string;
  format: AskFormat;
  trials?: number;
  timeBudget?: number;
  lease?: number;
}

export function registerAsk(program: Command, output: Output): void {
  const command = program
    .command('ask')
    .summary('create a running trial and print its id and parameters (finish it with tell)')
    .description(
      'Propose the next trial of a study, record it as running and print it, for trials that run outside hypertune (a batch job on a cluster). Nothing takes it over for a missing heartbeat: it stays running until `hypertune tell`, or with --lease until its lease runs out (a job killed at its time limit tells nothing): then the next ask gives its parameters again.',
    )
    .option('--study <name>', 'the study (may be left out when the store holds one)')
    .option('--format <format>', 'json (id and params), env (shell export lines for eval) or args (--label=value words)', oneOf(['json', 'env', 'args'] as const), 'json')
    .option('--trials <n>', "raise (or set) the study's target number of finished trials first", trialCount)
    .option('--time-budget <duration>', "set the study's time budget first (8h, 90m, or seconds), as --trials sets its target", duration)
    .option('--lease <duration>', "how long the job may take (its time limit: 4h, 90m, or seconds); not told by then, the trial is given again", duration)
    .addHelpText('after', '\nExample (a job script):\n  eval "$(hypertune ask --study sweep --format env)"\n  python train.py --lr "$HP_LR" > log.txt\n  hypertune tell --study sweep "$HYPERTUNE_TRIAL_ID" "$(tail -n 1 log.txt)"\n');
  addStoreOptions(command);
  command.action(async (flags: AskFlags) => {
    const { store } = await openStudyStore(flags);
    try {
      const { study, state } = await loadNamedStudy(store, flags.study);
      if (flags.trials !== undefined && flags.trials !== state.target) await store.setTarget(study, flags.trials, store.now());
      const space = storedSpace(state.meta);
      const stored = settingsFromStored(state.meta.options, space);
      const settings = { ...stored, timeBudgetS: await studyBudget(store, study, state, stored.timeBudgetS, flags.timeBudget) };
      const now = store.now();
      if (timeBudgetSpent(state.trials, settings.timeBudgetS, now)) {
        const spent = formatDuration(trialTimeMs(state.trials, now) / 1000);
        throw new RuntimeFailure(`study "${study}" has spent its time budget (trial time ${spent} of ${formatDuration(settings.timeBudgetS ?? 0)}): no trial is given; ask with --time-budget D to give it more`);
      }
      const stopped = stoppedEarly(state.trials, settings.goal, studyStopRule(state, settings.stop), settings.metric);
      if (stopped !== null) throw new RuntimeFailure(`study "${study}" has stopped early: ${stopped}; no trial is given`);
      const asked = await askExternal({ store, study, space, settings, worker: `ask@${hostname()}`, ...leaseOf(flags.lease ?? settings.leaseS) });
      if (asked === 'exhausted') throw new RuntimeFailure(`study "${study}": the grid has no point left to try`);
      if (asked === 'covered') {
        const target = flags.trials ?? state.target;
        throw new RuntimeFailure(`study "${study}" has reached its target of ${target} trials (finished and running); ask with --trials N to raise it`);
      }
      output.err(`hypertune: trial ${asked.id} of study ${study}${asked.retryOf === null ? '' : ` (a re-run of interrupted trial ${asked.retryOf})`}\n`);
      output.out(formatAsked(flags.format, study, asked.id, asked.params, floatLabels(space)));
    } finally {
      await store.close();
    }
  });
}

/** The trial as a job script wants it: JSON, shell `export` lines (what `run` puts in the environment), or flags. */
export function formatAsked(format: AskFormat, study: string, id: number, params: Config, floats: readonly string[] = []): string {
  // a whole value of a float parameter written as run writes it (1.0)
  const text = (label: string, value: Config[string]): string => formatValue(value, floats.includes(label));
  if (format === 'json') return `${JSON.stringify({ study, id, params })}\n`;
  if (format === 'args') return `${Object.entries(params).map(([label, value]) => quoteArg(`--${label}=${text(label, value)}`)).join(' ')}\n`;
  const lines = [
    ['HYPERTUNE_STUDY', study],
    ['HYPERTUNE_TRIAL_ID', String(id)],
    ['HYPERTUNE_PARAMS', JSON.stringify(params)],
    ...Object.entries(params).map(([label, value]) => [envName(label), text(label, value)]),
  ];
  // every value quoted: the lines are meant for `eval`, and a value must never be read as shell syntax
  return lines.map(([name, value]) => `export ${name}='${(value ?? '').replace(/'/g, `'\\''`)}'`).join('\n') + '\n';
}

/** The lease in ms an asked trial gets: the ask's own, else the study's (`create --lease`); none without either. */
function leaseOf(leaseS: number | null): { leaseMs?: number } {
  return leaseS === null ? {} : { leaseMs: leaseS * 1000 };
}
