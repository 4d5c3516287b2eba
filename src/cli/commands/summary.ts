import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { runsPicture, studyImportance, studyPicture } from '../../report/importance-model.js';
import { noiseLines, readNoise } from '../../report/noise-reading.js';
import { awaitsRerun, learnedHistory } from '../../study/history.js';
import { formatImportance } from '../../report/importance-format.js';
import { formatSummaryCsv } from '../../report/summary-csv.js';
import { formatSummaryJson } from '../../report/summary-json.js';
import { formatSummaryTable } from '../../report/summary-table.js';
import { goneTrialsOf, goneTunersNote } from '../gone-tuners.js';
import { quoteArg } from '../shell-words.js';
import { rangeEdgeLines, rangeEdges } from '../../report/range-edges.js';
import { rerunHint, widenHint } from '../rerun-hint.js';
import { resumeRunningQueued } from '../queued-resume.js';
import { rankTrials, summarizeStudy } from '../../report/summary.js';
import { oneOf, positiveInteger } from '../option-parsers.js';
import type { Output } from '../output.js';
import { addStoreOptions, loadNamedStudy, openStudyStore, summaryContextOf, warnOfDamage } from '../study-store.js';

interface SummaryFlags {
  study?: string;
  dir?: string;
  storage?: string;
  format: 'table' | 'json' | 'csv';
  top?: number;
  model?: boolean;
}

const DEFAULT_TOP = 10;

export function registerSummary(program: Command, output: Output): void {
  const command = program
    .command('summary')
    .summary("a study's best trials, counts, best parameters, and progress")
    .description(
      'Show a study: the best K trials, counts by state, the best parameters, the start-up trials and a best-so-far curve (table), or every trial as JSON or CSV.',
    )
    .option('--study <name>', 'the study (may be left out when the store holds one)')
    .option('--format <format>', 'table, json or csv', oneOf(['table', 'json', 'csv'] as const), 'table')
    .option('--top <k>', `only the best K complete trials (table default ${DEFAULT_TOP}; json and csv default: every trial)`, positiveInteger)
    // not by default: the fit is most of what a table costs (300 trials: 2 s of CPU against 0.2 s), and scripts poll
    .option('--model', "with --format json: the model's reading of the noise and the trial it rates best, as the table's note (fits the GP: seconds on a large study)")
    .addHelpText('after', '\nExample:\n  $ hypertune summary --study mnist --format csv > mnist.csv\n');
  addStoreOptions(command);
  command.action(async (flags: SummaryFlags) => {
    output.out(await summaryText(flags, output));
  });
}

async function summaryText(flags: SummaryFlags, output: Output): Promise<string> {
  if (flags.model === true && flags.format === 'csv') throw new UsageError("--model adds the model's reading to --format json (the table always reads it); csv has one row per trial");
  const { color } = output;
  const { store, shared, locationFlags } = await openStudyStore(flags);
  try {
    // a heartbeat's age is taken at the read's start: a large journal takes seconds to read, and ages
    // measured after it called live workers silent (a user audit: 'no heartbeat for 11s' every 5 s)
    const readAt = store.now();
    const { study, state } = await loadNamedStudy(store, flags.study);
    await warnOfDamage(store, study, output);
    const { space, ...context } = summaryContextOf(state.meta, readAt);
    const summary = summarizeStudy(state, context);
    const goneTrials = await goneTrialsOf(store, state, shared, readAt);
    const gone = goneTunersNote(goneTrials, ['hypertune resume', `--study ${quoteArg(study)}`, ...locationFlags].join(' '));
    if (gone !== null) output.err(`hypertune: ${gone}\n`);
    const goneIds = new Set(goneTrials.map((t) => t.id));
    const records = learnedHistory(state.trials);
    // one fit of the study (the ask's output warp), for the table's importance (which may fit the other warp too) and noise note and for json --model; none for csv or plain json
    const picture = space === null || (flags.format !== 'table' && flags.model !== true) ? null : studyPicture(space, records, context.goal, { pruner: context.pruner });
    if (flags.format === 'table') {
      const importance = space === null ? '' : formatImportance(studyImportance(space, records, context.goal, { pruner: context.pruner }, picture));
      const noise = noiseLines(readNoise(space === null ? null : runsPicture(space, records, context.goal, { pruner: context.pruner }, picture), records, context.goal), summary.metric, rerunHint(study, locationFlags), resumeRunningQueued(state, study, locationFlags));
      const rerun = { ids: state.trials.filter((t) => awaitsRerun(state, t)).map((t) => t.id), resume: resumeRunningQueued(state, study, locationFlags) };
      const table = formatSummaryTable(summary, { top: flags.top ?? DEFAULT_TOP, color, now: context.now, rerun, gone: goneIds });
      const edges = space === null ? [] : rangeEdgeLines(rangeEdges(space, picture, records, context.goal), summary.metric, widenHint(study, locationFlags, state.meta.command));
      const notes = [...noise, ...edges];
      return table + (notes.length === 0 ? '' : `${notes.join('\n')}\n`) + (importance === '' ? '' : `\n${importance}`);
    }
    const trials = flags.top === undefined ? summary.trials : rankTrials(summary, flags.top);
    if (flags.format === 'csv') return formatSummaryCsv(summary, trials);
    if (flags.model !== true) return formatSummaryJson(summary, trials, context.now, undefined, goneIds);
    const edges = space === null ? [] : rangeEdges(space, picture, records, context.goal);
    const noise = readNoise(space === null ? null : runsPicture(space, records, context.goal, { pruner: context.pruner }, picture), records, context.goal);
    return formatSummaryJson(summary, trials, context.now, { noise, edges }, goneIds);
  } finally {
    await store.close();
  }
}

