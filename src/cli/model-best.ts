// `show best --by model`: the trial whose configuration the model of the study rates best, with what
// show prints above it, or a usage error that says why there is no model (exit 2).
import { UsageError } from '../errors.js';
import { configKey } from '../engine/index.js';
import { MAX_MODEL_PARAMS, runsPicture } from '../report/importance-model.js';
import { modelBestJson, modelBestText } from '../report/model-best.js';
import { readNoise } from '../report/noise-reading.js';
import type { StudyState } from '../study/replay.js';
import { learnedHistory } from '../study/history.js';
import { summaryContextOf } from './study-store.js';

export interface ModelPick {
  id: number;
  text: string;
  json: Record<string, unknown>;
}

export function modelPickOf(state: StudyState, study: string, now: number): ModelPick {
  const { space, goal, metric, pruner } = summaryContextOf(state.meta, now);
  const why = (reason: string): UsageError => new UsageError(`show best --by model: no model of study "${study}": ${reason}`);
  if (space === null) throw why('its search space could not be read from the store');
  const modelled = space.nodes.filter((node) => node.kind !== 'constant').length;
  if (modelled === 0) throw why('its space has no parameter to model (constants only)');
  if (modelled > MAX_MODEL_PARAMS) throw why(`the model reads at most ${MAX_MODEL_PARAMS} parameters, the study has ${modelled} (show best gives the best single run)`);
  const records = learnedHistory(state.trials);
  const complete = records.filter((t) => t.state === 'complete').length;
  const picture = runsPicture(space, records, goal, { pruner });
  const reading = readNoise(picture, records, goal);
  if (picture === null || reading === null) throw why(`too few finished trials for the Gaussian process (${complete} complete)`);
  const params = records.find((t) => t.id === reading.pick.id)?.params ?? {};
  const runIds = records.filter((t) => t.state === 'complete' && t.value !== null && Number.isFinite(t.value) && configKey(t.params) === configKey(params)).map((t) => t.id);
  const predictedSd = picture.predictLossSd([params])[0]?.sd ?? Number.NaN;
  const best = { reading, predictedSd, runIds, metric };
  return { id: reading.pick.id, text: modelBestText(best), json: modelBestJson(best) };
}
