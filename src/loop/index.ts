export { metricFilePath } from './metric-file-path.js';
export { completeQueued } from './queued.js';
export { runStudy, type StudyRun, type StudyRunResult, type StopReason } from './run-study.js';
export type { LoopListener, LoopProgress, FinishedTrial } from './listener.js';
export {
  resolveSettings,
  settingsFromStored,
  settingsToStored,
  proposeOptionsOf,
  DEFAULT_TRIALS,
  ALGOS,
  DEFAULT_MAX_FAILURES,
  DEFAULT_HEARTBEAT_TIMEOUT_S,
  type RunSettings,
  type SettingsOverrides,
  type Algo,
  type PassMode,
  PASS_MODES,
  CWD_MODES,
  KEEP_OUTPUT_MODES,
  type CwdMode,
  type KeepOutput,
} from './settings.js';
export { checkSettings, gpuSlotsText } from './check-settings.js';
export { bestTrial } from '../study/best.js';
export { resolveStop } from './stored-parts.js';
export { askExternal, tellExternal, addResults, type ExternalAsk, type ExternalStudy, type TellOutcome, type AddedResult } from './external.js';
export { reportExternal } from './external-report.js';
export { goneGraceMs } from './reclaim.js';
