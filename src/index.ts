// The library API: re-exports only.
export type * from './space/types.js';
export { parseSpace, loadSpace, sample, activeLabels, validateConfig, priorLogDensity, findNode } from './space/index.js';
export { SpaceError, UsageError, RuntimeFailure, HypertuneError } from './errors.js';
export { createOptimizer, propose, gridSize, gridPoint, explainParameter, explainProposal, explainGpParameter, explainGpProposal } from './engine/index.js';
export type { Algo, AskResult, Optimizer, OptimizerOptions, Proposal, TellResult, TpeOptions, ParamTrace, TpeTrace, CandidateScore, GpParamTrace, GpProposalTrace, GpSlicePoint } from './engine/index.js';
export type { Sampler } from './engine/index.js';
