import { basename, extname, resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { settingsFromStored, type RunSettings } from '../loop/index.js';
import { floatLabels, parseSpace } from '../space/index.js';
import type { Space } from '../space/types.js';
import { openStore, type StoreAccess } from '../store/open.js';
import { quietProgressMs } from './progress-printer.js';
import { newStudyNameProblem } from '../store/study-name.js';
import type { Store } from '../store/types.js';
import type { StudyMeta } from '../study/events.js';
import type { StudyState } from '../study/replay.js';
import { inSpaceOrder } from '../study/param-order.js';
import { positiveSeconds } from './option-parsers.js';
import type { Output } from './output.js';
import { headlessRefusal } from './headless-study.js';
import { quoteArg } from './shell-words.js';
import { chosenStorage, reconnectWindowMs, stderrLine } from './store-choice.js';

export const DEFAULT_DIR = '.hypertune';

export interface StoreFlags {
  dir?: string;
  storage?: string;
}

export interface OpenedStore {
  store: Store;
  /** Other workers may share the study (a database), so the loop re-reads it before every ask. */
  shared: boolean;
  /** What follow-up commands need to find the same study. */
  locationFlags: string[];
}

/** --dir and --storage, shared by run, resume and summary. */
export function addStoreOptions(command: Command): Command {
  return command
    // no default here: a --dir given must be told from none, since it beats HYPERTUNE_STORAGE
    .option('--dir <path>', `folder of the embedded journal store (default HYPERTUNE_DIR, else ${DEFAULT_DIR}); with --storage, of this machine's trial folders`)
    .option('--storage <url>', 'postgresql://user:pass@host:port/db for workers on many machines (or HYPERTUNE_STORAGE)')
    // a CI job or a shell that keeps its studies elsewhere names the folder once, as HYPERTUNE_STORAGE names a
    // database: --dir had no variable, and every command of a script had to repeat it (a user audit)
    .hook('preAction', (self) => {
      const fromEnv = process.env['HYPERTUNE_DIR'] || undefined;
      if (fromEnv !== undefined && self.getOptionValue('dir') === undefined) self.setOptionValueWithSource('dir', fromEnv, 'env');
    });
}

export function addHeartbeatOption(command: Command): Command {
  return command.option(
    '--heartbeat-timeout <seconds>',
    'take over a running trial whose worker has been silent this long (shared storage; default 60)',
    positiveSeconds,
  );
}

export interface StoreUse {
  /** Where a PostgreSQL store's waits, lost and regained connection are told (default: stderr as it is). */
  output?: Output | undefined;
  /** A server that cannot be reached yet is retried as a lost one is (ask, tell). */
  waitForServer?: boolean | undefined;
  /** What the command does with the study (default read): a role without the privileges for it is refused at once. */
  access?: StoreAccess | undefined;
  /** The command runs trials (run, resume): a lost connection's line says that they go on meanwhile. */
  runsTrials?: boolean | undefined;
}

/** The store the flags (or HYPERTUNE_STORAGE) name; what it waits for is told on stderr. */
export async function openStudyStore(flags: StoreFlags, use: StoreUse = {}): Promise<OpenedStore> {
  const { output, access = 'read' } = use;
  const window = reconnectWindowMs();
  // a mistyped HYPERTUNE_PROGRESS_EVERY is refused before a study is made or a trial runs
  if (use.runsTrials === true) quietProgressMs();
  // a worker given a reconnect window (a job array's) waits for a server it cannot reach yet, as for one it
  // lost (a task starting during a restart exited 1); without one, a wrong URL should not hang
  const waitForServer = use.waitForServer ?? (use.runsTrials === true && window !== undefined);
  const say = stderrLine(output);
  const storage = chosenStorage(flags, say);
  const dir = flags.dir ?? DEFAULT_DIR;
  // every command says when it waits for a full server or a lost one (summary waited silently: a user audit)
  // a tell or an ask has no trials running: "running trials go on" only puzzled its job's log (a user audit)
  const onConnection = use.runsTrials === true ? say : (text: string): void => say(text.replace(' (running trials go on)', ''));
  const store = await openStore(storage === undefined ? { dir } : { dir, storage, onConnection, waitForServer, access, reconnectWindowMs: window });
  const locationFlags: string[] = [];
  if (storage !== undefined) {
    if (flags.storage !== undefined) locationFlags.push('--storage <url>');
  } else if (dir !== DEFAULT_DIR) {
    // absolute: a hint pasted in another folder finds the same store (a user audit)
    locationFlags.push(`--dir ${quoteArg(resolve(dir))}`);
  }
  return { store, shared: storage !== undefined, locationFlags };
}

/** The study named, or the only study in the store when none is named. */
export async function resolveStudyName(store: Store, given: string | undefined): Promise<string> {
  const studies = await store.listStudies();
  if (given !== undefined) {
    if (studies.includes(given)) return given;
    const known = studies.length === 0 ? 'it holds no study yet' : `studies there: ${studies.join(', ')}`;
    throw (await headlessRefusal(store, given)) ?? new UsageError(`no study "${given}" in ${store.location} (${known})`);
  }
  if (studies.length === 1 && studies[0] !== undefined) return studies[0];
  if (studies.length === 0) {
    throw (await headlessRefusal(store, undefined)) ?? new UsageError(`no study in ${store.location}; start one with \`hypertune run space.yaml -- <command>\` (or give --dir / --storage)`);
  }
  throw new UsageError(`${store.location} holds several studies; name one with --study (${studies.join(', ')})`);
}

/** The named (or only) study and its current state. */
export async function loadNamedStudy(store: Store, given: string | undefined): Promise<{ study: string; state: StudyState }> {
  const study = await resolveStudyName(store, given);
  const state = await store.load(study);
  if (state === null) throw (await headlessRefusal(store, study)) ?? new UsageError(`no study "${study}" in ${store.location}`);
  return { study, state: inSpaceOrder(state, spaceLabels(state.meta)) };
}

/** The labels of a study's space in its order; none for a space another version wrote that does not parse. */
function spaceLabels(meta: StudyMeta): string[] {
  try {
    return storedSpace(meta).nodes.map((node) => node.label);
  } catch {
    return [];
  }
}

/** The space a study was created with, parsed from its stored text. */
export function storedSpace(meta: StudyMeta): Space {
  return parseSpace(meta.spaceText, { file: meta.spaceFile ?? undefined, stored: true });
}

export interface LoadedStudy {
  state: StudyState;
  space: Space;
  settings: RunSettings;
  /** When it was read, on the study's clock (Store.now): running trials' time counts until then. */
  readAt: number;
  /** What follow-up commands need to find the same study (OpenedStore). */
  locationFlags: string[];
}

/** A study's current state with its stored space and settings; works while it runs, on any store. */
export async function loadStudy(flags: StoreFlags & { study?: string | undefined }): Promise<LoadedStudy> {
  const { store, locationFlags } = await openStudyStore(flags);
  try {
    const { state } = await loadNamedStudy(store, flags.study);
    const space = storedSpace(state.meta);
    return { state, space, settings: settingsFromStored(state.meta.options, space), readAt: store.now(), locationFlags };
  } finally {
    await store.close();
  }
}

/** Says once, on stderr, when the study's journal holds lines that were skipped as unreadable. */
export async function warnOfDamage(store: Store, study: string, output: Output): Promise<void> {
  const damage = await store.damage?.(study);
  if (damage !== null && damage !== undefined) output.err(`hypertune: warning: ${damage}\n`);
}

/**
 * How to read a study's results (metric, goal, parameter order) for summary and show: from its stored
 * space, or plain defaults when a study stored by another version no longer parses.
 */
export function summaryContextOf(
  meta: StudyMeta,
  now: number,
): { space: Space | null; metric: string; goal: 'minimize' | 'maximize'; objective: RunSettings['objective']; labels: string[]; floats: string[]; timeBudgetS: number | null; stop: RunSettings['stop']; pruner: RunSettings['prune']; now: number } {
  let space: Space | null = null;
  try {
    space = storedSpace(meta);
  } catch {
    space = null;
  }
  const fallback = { metric: 'loss', goal: 'minimize' as const, pattern: null, objective: 'last' as const };
  const settings = settingsFromStored(meta.options, space ?? fallback);
  return { space, metric: settings.metric, goal: settings.goal, objective: settings.objective, labels: space?.nodes.map((node) => node.label) ?? [], floats: space === null ? [] : floatLabels(space), timeBudgetS: settings.timeBudgetS, stop: settings.stop, pruner: settings.prune, now };
}

/** The study's name: --study, else the space file's name without its extension, checked here so that a refusal says where it came from (`.yaml`; a user audit). */
export function studyNameOf(given: string | undefined, spaceFile: string): string {
  if (given !== undefined) return given;
  const name = basename(spaceFile, extname(spaceFile));
  const problem = newStudyNameProblem(name);
  if (problem !== null) throw new UsageError(`the study takes the space file's name, ${JSON.stringify(name)}, which cannot name one (${problem}): give --study NAME`);
  return name;
}
