import { explainProposal, nextTrialId, propose, type OptimizerOptions, type Sampler } from '../../engine/index.js';
import type { Goal, Objective, Space } from '../../space/types.js';
import type { StudyState } from '../../study/replay.js';
import type { StopRule } from '../../study/stop-rule.js';
import type { TrialRecord } from '../../study/types.js';
import { learnedHistory } from '../../study/history.js';
import { runsPicture, studyImportance, studyPicture } from '../importance-model.js';
import { noiseAdvice } from '../noise-advice.js';
import { luckyBest, noiseNote, readNoise } from '../noise-reading.js';
import { repeatedConfigs, repeatsLines } from '../repeats.js';
import { rangeEdgeLines, rangeEdges } from '../range-edges.js';
import { pruneCheckLines, trialsPruneCheck } from '../prune-check.js';
import { bestTrial } from '../../study/best.js';
import { densityTimeline, historyBefore, type DensityTimeline } from './densities.js';
import { gpTimeline, type GpTimeline } from './gp-timeline.js';
import { renderReportHtml, type LivePage, type ReportAssets } from './page.js';
import { buildReportData, type ReportNoise } from './report-data.js';
import { shownParams } from './shown-params.js';

export interface ReportRequest {
  space: Space;
  state: StudyState;
  metric: string;
  goal: Goal;
  /** Which reported value is a trial's result; absent: last. */
  objective?: Objective;
  /** The options the study's optimizer runs with (algo, seed, goal), so densities are the ones it used. */
  optimizer: OptimizerOptions;
  generatedAt: Date;
  /** The study's time budget in seconds; null: none. */
  timeBudgetS?: number | null;
  /** The study's stop rule (`--stop-at`, `--patience`); absent: none. */
  stop?: StopRule;
  assets: ReportAssets;
  /** Slider positions for the density plots (default 40). */
  maxSteps?: number;
  /** The command that queues trials again, as the CLI spells it for this store (summary's); default: `hypertune enqueue --study NAME`, unquoted. */
  rerunHint?: (ids: number[]) => string;
  /** The command that runs the queued configurations, for the note's advice (default: `hypertune resume`). */
  resumeHint?: string;
  /** How to search past a range's end, as summary spells it for this study and store (cli/rerun-hint.ts widenHint); default: in words. */
  widenHint?: string;
  /** Served by `report --serve`: the page asks whether the study changed since (page.ts LivePage). */
  live?: LivePage;
}

/** The whole offline report as one HTML string. */
export function buildReportHtml(request: ReportRequest): string {
  const { space, state } = request;
  const nextSampler = nextSamplerOf(request);
  const records = learnedHistory(state.trials);
  // one fit of the study for both, as summary makes it: the noise note reads it, importance starts from it
  const picture = studyPicture(space, records, request.goal, request.optimizer);
  const importance = studyImportance(space, records, request.goal, request.optimizer, picture);
  const noise = noiseOf(request, luckyBest(readNoise(runsPicture(space, records, request.goal, request.optimizer, picture), records, request.goal)));
  // the model panels of the most important parameters only, when there are many (shown-params.ts)
  const shown = shownParams(space.nodes, importance);
  const densities = tpeTimeline(request, nextSampler, shown);
  const gp = gpModels(request, nextSampler, shown);
  const data = buildReportData({
    space,
    state,
    metric: request.metric,
    goal: request.goal,
    ...(request.objective === undefined ? {} : { objective: request.objective }),
    importance,
    noise,
    // the page named a lucky run best with no word of its configuration's other runs (a noise audit)
    repeats: repeatsLines(repeatedConfigs(state.trials, request.goal), bestTrial(state, request.goal)?.id ?? null, request.metric).filter((line) => line !== ''),
    // a best value at a bound the model says holds the search back, and trials stopped where the run that ended best stood badly, as summary names them
    edges: [
      ...rangeEdgeLines(rangeEdges(space, picture, records, request.goal), request.metric, request.widenHint ?? 'widen the range in a copy of the space file and run it as a new study that learns from this one (--add)').filter((line) => line !== ''),
      ...pruneCheckLines(trialsPruneCheck(state.trials, request.goal), request.metric),
    ],
    densities: densities.timeline,
    usesTpe: densities.usesTpe,
    gp,
    generatedAt: request.generatedAt,
    timeBudgetS: request.timeBudgetS ?? null,
    ...(request.stop === undefined ? {} : { stop: request.stop }),
  });
  return renderReportHtml(data, request.assets, request.live);
}

/** summary's note on a lucky best, for the page: its sentences, the command, and the trial the model rates best. */
function noiseOf(request: ReportRequest, lucky: ReturnType<typeof luckyBest>): ReportNoise | null {
  if (lucky === null) return null;
  const rerun = request.rerunHint ?? ((ids: number[]): string => `hypertune enqueue --study ${request.state.meta.name} --rerun ${ids.join(',')}`);
  const advice = noiseAdvice(lucky, rerun, request.resumeHint);
  return { ...noiseNote(lucky, request.metric), advice: advice.text.join(' '), rerun: advice.command, pick: { id: lucky.pick.id, value: lucky.pick.value, predicted: lucky.pick.predicted } };
}

/**
 * Densities exist only for the trials TPE proposed (every modelled trial of a tpe study, the TPE
 * trials of an auto study); they come from the engine's own explainProposal. `nextSampler`: what makes
 * the next proposal in an auto or gp study.
 */
function tpeTimeline(request: Pick<ReportRequest, 'space' | 'state' | 'optimizer' | 'goal' | 'maxSteps'>, nextSampler: Sampler | null, shown: ReadonlySet<string>): { timeline: DensityTimeline; usesTpe: boolean } {
  const algo = request.optimizer.algo ?? 'tpe';
  const none = { timeline: { steps: [], tracks: [] }, usesTpe: false };
  if (algo === 'random' || algo === 'grid' || algo === 'gp') return none;
  const { space, state } = request;
  const options: OptimizerOptions = { ...request.optimizer, goal: request.goal };
  const traceAt = (history: readonly TrialRecord[], trialId: number) => explainProposal(space, history, options, trialId);
  if (algo === 'tpe') return { timeline: densityTimeline(space, state.trials, traceAt, request.maxSteps, true, undefined, shown), usesTpe: true };
  // auto: the next proposal is shown when TPE will make it
  const nextByTpe = nextSampler === 'tpe';
  const usesTpe = nextByTpe || state.trials.some((trial) => trial.sampler === 'tpe');
  if (!usesTpe) return none;
  return { timeline: densityTimeline(space, state.trials, traceAt, request.maxSteps, nextByTpe, (trial) => trial.sampler === 'tpe', shown), usesTpe };
}

/** The GP's models at the trials it proposed (auto and gp studies), and at the next proposal when it makes it. */
function gpModels(request: Pick<ReportRequest, 'space' | 'state' | 'optimizer' | 'goal'>, nextSampler: Sampler | null, shown: ReadonlySet<string>): GpTimeline {
  const algo = request.optimizer.algo ?? 'tpe';
  const nextByGp = nextSampler === 'gp';
  if ((algo !== 'auto' && algo !== 'gp') || (!nextByGp && !request.state.trials.some((trial) => trial.sampler === 'gp'))) return { steps: [], tracks: [] };
  return gpTimeline(request.space, request.state.trials, { ...request.optimizer, goal: request.goal }, nextByGp, undefined, shown);
}

/** What makes the next proposal of an auto or gp study (one ask, for both timelines); null for the other algorithms. */
function nextSamplerOf(request: Pick<ReportRequest, 'space' | 'state' | 'optimizer' | 'goal'>): Sampler | null {
  const algo = request.optimizer.algo ?? 'tpe';
  if (algo !== 'auto' && algo !== 'gp') return null;
  const history = historyBefore(request.state.trials, null);
  return propose(request.space, history, nextTrialId(history), { ...request.optimizer, goal: request.goal })?.sampler ?? null;
}
