import { hostname } from 'node:os';
import type { Command } from 'commander';
import { RuntimeFailure } from '../../errors.js';
import { askExternal, settingsFromStored } from '../../loop/index.js';
import { duration, oneOf, trialCount } from '../option-parsers.js';
import { timeBudgetSpent, trialTimeMs } from '../../study/trial-time.js';
import { stoppedEarly, studyStopRule } from '../../study/stop-rule.js';
import { formatDuration } from '../../report/format.js';
import type { Output } from '../output.js';
import { floatLabels } from '../../space/index.js';
import { formatAsked, type AskFormat } from '../trial-params.js';
import { addStoreOptions, loadNamedStudy, openStudyStore, storedSpace } from '../study-store.js';
import { studyBudget } from '../study-changes.js';

interface AskFlags {
  study?: string;
  dir?: string;
  storage?: string;
  format: AskFormat;
  trials?: number;
  timeBudget?: number;
  lease?: number;
  okWhenDone?: boolean;
}

export function registerAsk(program: Command, output: Output): void {
  const command = program
    .command('ask')
    .summary('create a running trial and print its id and parameters (finish it with tell)')
    .description(
      'Propose the next trial of a study, record it as running and print it, for trials that run outside hypertune (a batch job on a cluster). Nothing takes it over for a missing heartbeat: it stays running until `hypertune tell`, or with --lease until its lease runs out (a job killed at its time limit tells nothing): then the next ask gives its parameters again.',
    )
    .option('--study <name>', 'the study (may be left out when the store holds one)')
    .option('--format <format>', 'json (study, id, params, made, and retry_of for a re-run), env (shell export lines for eval) or args (--label=value words; label=value where the study passes them so, --pass args)', oneOf(['json', 'env', 'args'] as const), 'json')
    .option('--trials <n>', "raise (or set) the study's target number of finished trials first", trialCount)
    .option('--time-budget <duration>', "set the study's time budget first (8h, 90m, or seconds), as --trials sets its target", duration)
    .option('--lease <duration>', "how long the job may take (its time limit: 4h, 90m, or seconds); not told by then, the trial is given again", duration)
    .option('--ok-when-done', 'exit 0 and print nothing when the study has no trial to give (target reached, time budget spent, stopped early, grid done), so that a job array\'s extra tasks end cleanly; without it that is exit 1')
    .addHelpText(
      'after',
      '\nExample (a job script, set -euo pipefail):\n  vars=$(hypertune ask --study sweep --format env --ok-when-done)\n  [ -n "$vars" ] || exit 0        # the study has all its trials\n  eval "$vars"\n  python train.py --lr "$HP_LR" > log.txt\n  hypertune tell --study sweep "$HYPERTUNE_TRIAL_ID" --log log.txt\n',
    );
  addStoreOptions(command);
  command.action(async (flags: AskFlags) => {
    const { store } = await openStudyStore(flags, { output, waitForServer: true, access: 'write' });
    try {
      const { study, state } = await loadNamedStudy(store, flags.study);
      if (flags.trials !== undefined && flags.trials !== state.target) await store.setTarget(study, flags.trials, store.now());
      const space = storedSpace(state.meta);
      const stored = settingsFromStored(state.meta.options, space);
      const settings = { ...stored, timeBudgetS: await studyBudget(store, study, state, stored.timeBudgetS, flags.timeBudget) };
      const now = store.now();
      // a study with nothing left to give: an error, or with --ok-when-done a note and exit 0
      const done = (why: string): void => {
        if (flags.okWhenDone !== true) throw new RuntimeFailure(why);
        output.err(`hypertune: ${why}\n`);
      };
      if (timeBudgetSpent(state.trials, settings.timeBudgetS, now)) {
        const spent = formatDuration(trialTimeMs(state.trials, now) / 1000);
        return done(`study "${study}" has spent its time budget (trial time ${spent} of ${formatDuration(settings.timeBudgetS ?? 0)}): no trial is given; ask with --time-budget D to give it more`);
      }
      const stopped = stoppedEarly(state.trials, settings.goal, studyStopRule(state, settings.stop), settings.metric);
      if (stopped !== null) return done(`study "${study}" has stopped early: ${stopped}; no trial is given`);
      const asked = await askExternal({ store, study, space, settings, worker: `ask@${hostname()}`, ...leaseOf(flags.lease ?? settings.leaseS) });
      if (asked === 'exhausted') return done(`study "${study}": the grid has no point left to try`);
      if (asked === 'covered') {
        const target = flags.trials ?? state.target;
        // running asked trials without a lease hold the target until told: a job that died tells nothing (a user audit: every later task 'succeeded' while the study stalled)
        const untold = state.trials.filter((t) => t.state === 'running' && t.external && t.leaseUntil === undefined).map((t) => t.id);
        const held = untold.length === 0 ? '' : `; ${untold.length === 1 ? 'trial' : 'trials'} ${untold.slice(0, 5).join(', ')}${untold.length > 5 ? ', ...' : ''} ${untold.length === 1 ? 'was' : 'were'} asked without a lease and not told yet: a job that died tells nothing, and hypertune tell ID --state interrupted gives its trial back`;
        return done(`study "${study}" has reached its target of ${target} trial${target === 1 ? '' : 's'} (finished and running)${held}; ask with --trials N to raise it`);
      }
      output.err(`hypertune: trial ${asked.id} of study ${study}${asked.retryOf === null ? '' : ` (a re-run of interrupted trial ${asked.retryOf})`}\n`);
      output.out(formatAsked(flags.format, study, asked.id, asked.params, floatLabels(space), space.nodes.map((node) => node.label), state.meta.createdAt, asked.retryOf, settings.pass === 'args'));
    } finally {
      await store.close();
    }
  });
}

/** The lease in ms an asked trial gets: the ask's own, else the study's (`create --lease`); none without either. */
function leaseOf(leaseS: number | null): { leaseMs?: number } {
  return leaseS === null ? {} : { leaseMs: leaseS * 1000 };
}
