// The one place that starts processes: a trial's argv and environment, its output, its end.
export type { TrialLaunch, TrialOutcome, PassMode, MetricObjective, MetricStream, OutputStream } from './types.js';
export type { PruneOrder } from './stop-orders.js';
export { SELF_STOP_WAIT_MS } from './stop-orders.js';
export { paramsFileText } from './params-file.js';
export { checkConfigLabels, configCopyName, configFileText, type ConfigBase } from './config-file.js';
export { runTrial } from './run-trial.js';
export { commandFound, missingInterpreter, whyNotRunnable } from './command-found.js';
export { readStep } from './steps.js';
export { splitLog } from './lines.js';
export { buildInvocation, envName, fillPlaceholders, formatValue, hasParamPlaceholders, unplacedLabels, type Invocation } from './invocation.js';
export { namesIn } from './inactive-words.js';
export {
  createMetricParser,
  describeMetricPattern,
  parseMetricNumber,
  type MetricParser,
  type MetricResult,
  type ValueRead,
} from './metrics.js';
export { createMetricReading } from './metric-reading.js';
export { createGpuPool, type GpuPool } from './gpu-pool.js';
export { threadsField, threadsHeadline } from './threads.js';
export { describeSignal } from './outcome.js';
export { metricNameHint } from './failure-hints.js';
export { NO_MATCH } from './metric-problem.js';
export { adoptedZombies } from './adopted-zombies.js';
