import { statSync } from 'node:fs';
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { settingsFromStored } from '../../loop/index.js';
import { formatStudiesCsv, formatStudiesJson, sortStudyRows, studyRow, type StudyRow } from '../../report/studies.js';
import { formatStudiesTable, noStudiesMessage } from '../../report/studies-table.js';
import type { Goal, Space } from '../../space/types.js';
import type { Store } from '../../store/types.js';
import type { StudyMeta } from '../../study/events.js';
import type { StopRule } from '../../study/stop-rule.js';
import { headlessWarnings } from '../headless-study.js';
import { oneOf } from '../option-parsers.js';
import type { Output } from '../output.js';
import { quoteCommand } from '../shell-words.js';
import { addStoreOptions, openStudyStore, storedSpace, type StoreFlags } from '../study-store.js';

interface StudiesFlags extends StoreFlags {
  format: 'table' | 'json' | 'csv';
}

/**
 * Studies loaded at once: enough to overlap PostgreSQL round trips (its pool holds 4 connections),
 * few enough that a long listing never holds many studies' trials in memory together.
 */
const LOADS_AT_ONCE = 4;

export function registerStudies(program: Command, output: Output): void {
  const command = program
    .command('studies')
    .summary('every study of a store, most recently active first')
    .description(
      'List the studies of a journal folder or a PostgreSQL database: goal and metric, trials finished of the target, counts by state, the best value and its trial, when each was created and last active, its trial time, what it takes on this machine\'s disk (with PostgreSQL, its trial folders), and its command.',
    )
    .option('--format <format>', 'table, json or csv', oneOf(['table', 'json', 'csv'] as const), 'table')
    .addHelpText('after', '\nExamples:\n  $ hypertune studies\n  $ hypertune studies --storage postgresql://tuner@db:5432/tuning --format json\n');
  addStoreOptions(command);
  command.action(async (flags: StudiesFlags) => {
    const { rows, location, warnings } = await listStudies(flags);
    for (const warning of warnings) output.err(`${warning}\n`);
    if (flags.format === 'table') {
      output.out(formatStudiesTable(rows, { location, color: output.color, width: output.columns?.() }));
      return;
    }
    // scripts still get a well-formed (empty) document; people get the reason on stderr
    if (rows.length === 0) output.err(`${noStudiesMessage(location)}\n`);
    output.out(flags.format === 'json' ? formatStudiesJson(rows) : formatStudiesCsv(rows));
  });
}

async function listStudies(flags: StudiesFlags): Promise<{ rows: StudyRow[]; location: string; warnings: string[] }> {
  const { store, shared } = await openStudyStore(flags);
  try {
    if (!shared) checkFolder(store.location, flags.dir !== undefined);
    const names = await store.listStudies();
    const rows: StudyRow[] = [];
    for (let start = 0; start < names.length; start += LOADS_AT_ONCE) {
      const batch = await Promise.all(names.slice(start, start + LOADS_AT_ONCE).map((name) => loadRow(store, name)));
      for (const row of batch) if (row !== null) rows.push(row);
    }
    return { rows: sortStudyRows(rows), location: store.location, warnings: await headlessWarnings(store) };
  } finally {
    await store.close();
  }
}

async function loadRow(store: Store, name: string): Promise<StudyRow | null> {
  // ages of heartbeats at the read's start, not after a large journal's seconds of reading (a user audit)
  const readAt = store.now();
  const state = await store.load(name);
  // listed a moment ago, so only a study being deleted right now is missing
  if (state === null) return null;
  const diskBytes = await store.diskUsage(name);
  return studyRow(state, { ...metricAndGoal(state.meta), command: quoteCommand(state.meta.command), diskBytes, now: readAt });
}

/** As summary reads them: the stored settings, else the stored space, else loss to minimize. */
function metricAndGoal(meta: StudyMeta): { metric: string; goal: Goal; stop: StopRule } {
  const settings = settingsFromStored(meta.options, spaceOrDefaults(meta));
  return { metric: settings.metric, goal: settings.goal, stop: settings.stop };
}

function spaceOrDefaults(meta: StudyMeta): Pick<Space, 'metric' | 'goal' | 'pattern' | 'objective'> {
  try {
    return storedSpace(meta);
  } catch {
    // a space another version wrote may not parse; the settings still name the metric and goal
    return { metric: 'loss', goal: 'minimize', pattern: null, objective: 'last' };
  }
}

/**
 * The journal reads a missing folder as an empty store; a mistyped --dir deserves the other commands'
 * error. The default folder missing is a store with no study yet (a fresh CI checkout listing its studies
 * got exit 2 and no `[]`; a user audit).
 */
function checkFolder(location: string, given: boolean): void {
  const info = statSync(location, { throwIfNoEntry: false });
  if (info === undefined) {
    if (!given) return;
    throw new UsageError(`no study in ${location} (no such folder); start one with \`hypertune run space.yaml -- <command>\` (or give --dir / --storage)`);
  }
  if (!info.isDirectory()) throw new UsageError(`${location} is not a folder; give --dir the folder of a journal store`);
}
