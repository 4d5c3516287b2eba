import { explainProposal, type OptimizerOptions } from '../../engine/index.js';
import type { Goal, Space } from '../../space/types.js';
import type { StudyState } from '../../study/replay.js';
import type { TrialRecord } from '../../study/types.js';
import { computeImportance } from '../importance.js';
import { densityTimeline, type DensityTimeline } from './densities.js';
import { renderReportHtml, type ReportAssets } from './page.js';
import { buildReportData } from './report-data.js';

export interface ReportRequest {
  space: Space;
  state: StudyState;
  metric: string;
  goal: Goal;
  /** The options the study's optimizer runs with (algo, seed, goal), so densities are the ones it used. */
  optimizer: OptimizerOptions;
  generatedAt: Date;
  assets: ReportAssets;
  /** Slider positions for the density plots (default 40). */
  maxSteps?: number;
}

/** The whole offline report as one HTML string. */
export function buildReportHtml(request: ReportRequest): string {
  const { space, state } = request;
  const records: TrialRecord[] = state.trials.map(({ id, params, state: trialState, value }) => ({ id, params, state: trialState, value }));
  const data = buildReportData({
    space,
    state,
    metric: request.metric,
    goal: request.goal,
    importance: computeImportance(space, records, request.goal),
    densities: tpeTimeline(request),
    generatedAt: request.generatedAt,
  });
  return renderReportHtml(data, request.assets);
}

/** Densities exist only for TPE studies; they come from the engine's own explainProposal. */
function tpeTimeline(request: Pick<ReportRequest, 'space' | 'state' | 'optimizer' | 'goal' | 'maxSteps'>): DensityTimeline {
  if ((request.optimizer.algo ?? 'tpe') !== 'tpe') return { steps: [], tracks: [] };
  const options: OptimizerOptions = { ...request.optimizer, goal: request.goal };
  return densityTimeline(request.space, request.state.trials, (history, trialId) => explainProposal(request.space, history, options, trialId), request.maxSteps);
}
