import { UsageError } from '../errors.js';
import { findNode } from '../space/active.js';
import type { Space } from '../space/types.js';
import type { TrialRecord } from '../study/types.js';
import { gpParamTrace, gpTrace, type GpParamTrace, type GpProposalTrace } from './gp/trace.js';
import { tpeStep } from './tpe/step.js';
import type { ParamTrace, TpeTrace } from './tpe/trace.js';
import type { OptimizerOptions } from './types.js';

export type { CandidateScore, ParamTrace, TpeTrace } from './tpe/trace.js';
export type { GpParamTrace, GpProposalTrace, GpSlicePoint } from './gp/trace.js';

/** The id the next trial gets: one past the largest so far. */
export function nextTrialId(history: readonly TrialRecord[]): number {
  return history.reduce((max, t) => Math.max(max, t.id + 1), 0);
}

/** The TPE proposal for `trialId` (default: the next trial) with its models, candidates and scores. */
export function explainProposal(space: Space, history: readonly TrialRecord[], options: OptimizerOptions = {}, trialId = nextTrialId(history)): TpeTrace {
  return tpeStep(space, history, trialId, options);
}

/**
 * For one label: the good and bad values, the engine's own log l(x) and log g(x), and the candidates
 * with their scores. Null when the proposal is a start-up point or the label is not active in it.
 */
export function explainParameter(space: Space, history: readonly TrialRecord[], label: string, options: OptimizerOptions = {}, trialId = nextTrialId(history)): ParamTrace | null {
  knownLabel(space, label, 'explainParameter');
  return explainProposal(space, history, options, trialId).parameters.find((p) => p.label === label) ?? null;
}

/** The Gaussian process's view of one label at the proposal of `trialId`: null when no GP model made it. */
export function explainGpParameter(space: Space, history: readonly TrialRecord[], label: string, options: OptimizerOptions = {}, trialId = nextTrialId(history)): GpParamTrace | null {
  knownLabel(space, label, 'explainGpParameter');
  return gpParamTrace(space, history, label, options, trialId);
}

/** The Gaussian process's ask for `trialId`: its proposal, and its view of every parameter (null when no GP model made it). */
export function explainGpProposal(space: Space, history: readonly TrialRecord[], options: OptimizerOptions = {}, trialId = nextTrialId(history)): GpProposalTrace {
  return gpTrace(space, history, options, trialId);
}

/** A label that is no parameter of the space (a typo) gave null, as an inactive one does (a library user's audit). */
function knownLabel(space: Space, label: string, caller: string): void {
  if (findNode(space, label) !== undefined) return;
  const labels = space.nodes.filter((node) => node.kind !== 'constant').map((node) => node.label);
  throw new UsageError(`${caller}: ${JSON.stringify(label)} is not a parameter of the space (its parameters: ${labels.join(', ')})`);
}
