// The library API: re-exports only.
export type * from './space/types.js';
export { parseSpace, loadSpace, sample, activeLabels, validateConfig, priorLogDensity, findNode } from './space/index.js';
export type { ParseOptions, SampleOptions } from './space/index.js';
export { SpaceError, UsageError, RuntimeFailure, InterruptedError, HypertuneError } from './errors.js';
export type { ExitCode, SpaceErrorLocation } from './errors.js';
export { createOptimizer, propose, gridSize, gridPoint, explainParameter, explainProposal, explainGpParameter, explainGpProposal } from './engine/index.js';
export type { Algo, AskResult, Optimizer, OptimizerOptions, Proposal, TellResult, TpeOptions, ParamTrace, TpeTrace, CandidateScore, GpParamTrace, GpProposalTrace, GpSlicePoint } from './engine/index.js';
export type { Sampler, AutoOptions, GpOptions, GpFit, PendingOptions, CreateOptimizerOptions, PrunerName, PrunerOptions } from './engine/index.js';
// what trials() and best() return, and a record's curve
export type { TrialCurve, TrialRecord, TrialState } from './study/types.js';
