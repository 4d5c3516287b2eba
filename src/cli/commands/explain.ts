import type { Command } from 'commander';
import { proposeOptionsOf } from '../../loop/index.js';
import { explainParameterAt } from '../../report/explain.js';
import { formatExplain } from '../../report/explain-format.js';
import { nonNegativeInteger } from '../option-parsers.js';
import type { Output } from '../output.js';
import { addStoreOptions, loadStudy, type StoreFlags } from '../study-store.js';

interface ExplainFlags extends StoreFlags {
  study?: string;
  at?: number;
  json?: boolean;
}

export function registerExplain(program: Command, output: Output): void {
  const command = program
    .command('explain <label>')
    .summary("why a proposal was made: the GP's mean, band and expected improvement along one parameter, or TPE's l(x), g(x) and pick")
    .description(
      "For one parameter at one proposal (default: the next one), draw the optimizer's own densities of the good trials l(x) and the bad ones g(x), the score log l − log g, the good and bad trials and the candidate it picked; bars per option for a choice. For a trial the Gaussian process proposed (--algo auto or gp): its mean of the metric with a 95 % band along the parameter (the others held at the proposal's values), the log expected improvement it maximised, the trials and the pick, and each parameter's fitted length scale. --json gives the same as data.",
    )
    .option('--study <name>', 'the study (may be left out when the store holds one)')
    .option('--at <trial>', 'the trial whose proposal to explain (default: the next one)', nonNegativeInteger)
    .option('--json', 'print the densities, points and candidates as JSON')
    .addHelpText('after', '\nExamples:\n  $ hypertune explain lr\n  $ hypertune explain optimizer --at 30 --json\n');
  addStoreOptions(command);
  command.action(async (label: string, flags: ExplainFlags) => {
    const { state, space, settings } = await loadStudy(flags);
    const result = explainParameterAt({
      space,
      state,
      label,
      at: flags.at,
      optimizer: proposeOptionsOf(settings, state.target),
    });
    output.out(flags.json === true ? `${JSON.stringify(result, null, 2)}\n` : formatExplain(result, output.color));
  });
}
