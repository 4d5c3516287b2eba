// The engine's public surface: samplers as pure functions of (space, history, seed, trial id).
export type { Algo, AskResult, AutoOptions, CreateOptimizerOptions, GpFit, GpOptions, Optimizer, OptimizerOptions, PendingOptions, Proposal, Sampler, TellResult, TpeOptions } from './types.js';
export { learnsFromCurves, modelFor, propose } from './propose.js';
export { createOptimizer } from './optimizer.js';
export { completeStart } from './start-configs.js';
export { withAlgo } from './algo-choice.js';
export { autoReason, chooseSampler } from './auto.js';
export { gridSize, gridPoint } from './grid.js';
export { explainGpParameter, explainGpProposal, explainParameter, explainProposal, nextTrialId } from './explain.js';
export type { CandidateScore, GpParamTrace, GpProposalTrace, GpSlicePoint, ParamTrace, TpeTrace } from './explain.js';
export { decidePrune, lastStep, lossReaching, maxStepsOf, prunerProblem, resolvePruner, PRUNER_NAMES } from './prune/index.js';
export { nearCopyOf } from './prune/confirm.js';
export type { Curve, PruneContext, PruneDecision, PrunerName, PrunerOptions, PrunerSettings } from './prune/index.js';
export { gpPicture, gpSurface, type GpPicture } from './gp/surface.js';
export { configKey } from './observations.js';
